import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Instance } from "../../../contract/instances";
import { LogEntry, LogList } from "../../../contract/logs";
import { FAST_SANDBOX, TEST_ADMIN_PASSWORD, api, connect, startGateway, waitUntil, type RunningGateway, type TestSocket, storedRows } from "../support/gateway";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// A whole working session, then a grep of every stored log row, every live entry and the gateway's own
// pino output (captured at debug) for each credential that passed through: none may appear anywhere.
let gw: RunningGateway;
let receiver: Receiver;
let socket: TestSocket;
const secrets: Record<string, string> = { "admin password": TEST_ADMIN_PASSWORD };

beforeAll(async () => {
  receiver = await startReceiver({ respond: () => ({ status: 500, body: "receiver is down" }) });
  gw = await startGateway({ ...FAST_SANDBOX, WEBHOOK_ALLOW_IPS: "127.0.0.1", WEBHOOK_RETRY_SCALE: "0.001" }, { dataDir: "", captureLogs: true });
});
afterAll(async () => {
  socket?.close();
  await gw.stop();
  await receiver.close();
});

const storedLogs = () => storedRows(gw.dataDir, "select * from logs");

describe("no credential ever reaches the log", () => {
  it("after sign-in, instances, a 428, API keys, a failing webhook, a password change and sign-out", async () => {
    const wrong = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin", password: "not the password at all" } });
    expect(wrong.status).toBe(401);
    secrets["wrong password"] = "not the password at all";
    const signedIn = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin", password: TEST_ADMIN_PASSWORD } });
    expect(signedIn.status).toBe(200);
    let token = signedIn.body.token as string;
    secrets["session token"] = token;
    const call = (method: string, url: string, body?: unknown) => api(gw.url, method, url, { token, body });

    const ticket = (await call("POST", "/api/v1/auth/socket-ticket")).body.ticket as string;
    secrets["socket ticket"] = ticket;
    socket = await connect(gw.url, { ticket });
    expect(await socket.emitWithAck("logs.subscribe", {})).toEqual({ ok: true });

    const instance = Instance.parse((await call("POST", "/api/v1/instances", { name: "Secret keeper" })).body);
    const status = (want: string) => waitUntil(async () => Instance.parse((await call("GET", `/api/v1/instances/${instance.id}`)).body), (i) => i.status === want, want);
    await status("QR_REQUIRED");
    await call("POST", `/api/v1/sandbox/instances/${instance.id}/scan`, {});
    await status("CONNECTED");

    const adminKey = await call("POST", "/api/v1/api-keys", { name: "CI deploys", scope: "admin" });
    expect(adminKey.status).toBe(201);
    secrets["API key"] = adminKey.body.token;
    const instanceKey = await call("POST", "/api/v1/api-keys", { name: "Shop token", scope: "instance", instanceId: instance.id });
    secrets["instance token"] = instanceKey.body.token;
    expect((await api(gw.url, "GET", "/api/v1/instances", { token: secrets["API key"] })).status).toBe(200);
    expect((await api(gw.url, "GET", `/api/v1/instances/${instance.id}`, { token: secrets["instance token"] })).status).toBe(200);

    const webhook = await call("POST", "/api/v1/webhooks", {
      url: `${receiver.url}/hooks`,
      events: ["instance.status"],
      headers: [{ name: "X-Receiver-Auth", value: "custom-header-secret-4711" }],
    });
    const hasWebhooks = webhook.status !== 404;
    if (hasWebhooks) {
      expect(webhook.status, JSON.stringify(webhook.body)).toBe(201);
      secrets["webhook secret"] = webhook.body.secret;
      secrets["webhook header value"] = "custom-header-secret-4711";
      expect(secrets["webhook secret"]).toMatch(/^whsec_/);
    }

    await call("POST", `/api/v1/sandbox/instances/${instance.id}/disconnect`, { code: 428 });
    await waitUntil(async () => Instance.parse((await call("GET", `/api/v1/instances/${instance.id}`)).body), (i) => i.status === "CONNECTED" && i.lastError?.statusCode === 428, "reconnected after 428");
    if (hasWebhooks) await waitUntil(async () => receiver.hits, (n) => n >= 2, "webhook attempts");

    // A received file, downloaded: its bytes are not a credential, but they must not reach the log either.
    const file = Buffer.from("%PDF-1.4 a received contract: IBAN DE02 1203 0000 0000 2020 51".repeat(20));
    const received = await call("POST", `/api/v1/sandbox/instances/${instance.id}/inbound`, { type: "document", from: "4915123456789", fileName: "contract.pdf", data: file.toString("base64") });
    expect(received.status).toBe(202);
    const downloaded = await fetch(`${gw.url}/api/v1/instances/${instance.id}/media/${received.body.mediaId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(file)).toBe(true);
    secrets["received file (base64)"] = file.toString("base64").slice(0, 64);
    secrets["received file (text)"] = "IBAN DE02 1203 0000 0000 2020 51";

    expect((await call("DELETE", `/api/v1/api-keys/${adminKey.body.key.id}`)).status).toBe(200);
    const changed = await call("POST", "/api/v1/auth/change-password", { currentPassword: TEST_ADMIN_PASSWORD, newPassword: "a brand new passphrase 2026" });
    expect(changed.status).toBe(200);
    secrets["new password"] = "a brand new passphrase 2026";
    token = changed.body.token;
    secrets["second session token"] = token;
    expect((await api(gw.url, "POST", "/api/v1/auth/logout", { token })).status).toBe(204);

    // Read back through a fresh session (which is also a credential that must not show up).
    const reader = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin", password: secrets["new password"] } });
    secrets["reader session token"] = reader.body.token;
    const listed = LogList.parse((await api(gw.url, "GET", "/api/v1/logs?limit=1000", { token: reader.body.token })).body).items;
    const exported = await (await fetch(`${gw.url}/api/v1/logs/export?format=csv`, { headers: { authorization: `Bearer ${reader.body.token}` } })).text();

    // The scenario did leave its traces.
    const find = (source: string, pattern: RegExp) => listed.find((e) => e.source === source && pattern.test(e.message));
    expect(find("auth", /^Sign-in failed for "admin"/)).toMatchObject({ level: "warn", context: { username: "admin", ip: "127.0.0.1", status: 401 } });
    expect(find("auth", /^admin signed in$/)).toMatchObject({ level: "info", context: { username: "admin", ip: "127.0.0.1" } });
    expect(find("auth", /^API key "CI deploys" created$/)).toMatchObject({ context: { keyId: adminKey.body.key.id, scope: "admin" } });
    expect(find("auth", /^Instance token "Shop token" created$/)).toMatchObject({ instanceId: instance.id });
    expect(find("auth", /^API key "CI deploys" revoked$/)).toBeDefined();
    expect(find("auth", /changed the password/)).toBeDefined();
    expect(find("auth", /^admin signed out$/)).toBeDefined();
    expect(find("engine", /^Reconnect attempt 1 of 10 after close 428/)).toMatchObject({ level: "warn", instanceId: instance.id });
    if (hasWebhooks) expect(find("webhook", /delivery failed \(HTTP 500\)/)).toMatchObject({ context: { statusCode: 500 } });

    const live = socket.received.filter((e) => e.event === "log.entry").map((e) => LogEntry.parse(e.payload));
    expect(live.length).toBeGreaterThan(5);
    const haystacks = {
      "stored log rows": JSON.stringify(await storedLogs()),
      "API list": JSON.stringify(listed),
      "CSV export": exported,
      "live log.entry events": JSON.stringify(live),
      "gateway pino output": gw.logs.join("\n"),
    };
    expect(gw.logs.length).toBeGreaterThan(10);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [what, secret] of Object.entries(secrets)) {
        expect(text.includes(secret), `${what} found in ${where}`).toBe(false);
      }
      expect(/\b(wgs|wst|wam|whsec)_[A-Za-z0-9+/=_-]{16,}/.test(text), `a credential-shaped string in ${where}`).toBe(false);
    }
  });
});
