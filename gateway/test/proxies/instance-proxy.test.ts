import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Message } from "../../../contract/messages";
import { InstanceProxy, InstanceProxyChange } from "../../../contract/proxies";
import { FAST_SANDBOX, api, login, startGateway, storedRows, TEST_DIALECT, waitUntil, type RunningGateway } from "../support/gateway";
import { bytes, startMediaServer, type MediaServer } from "../support/media-server";
import { startHttpProxy, startSocksProxy, type TestProxy } from "../support/proxies";
import { caller } from "../support/webhook-helpers";

// One instance's proxy on the sandbox engine, over real HTTP (docs/proxies.md): set, read, changed while connected
// (the session restarts through the new one without a QR, and the sandbox records which proxy each session went
// through), the instance's media fetches going through it to a real file server, the SSRF rules still applying,
// and the password never showing up in a response, a log line (stdout or the log store) or a stored row.

const PASSWORD = `pw-${Math.random().toString(36).slice(2)}-x`;
const CREDS = { user: "inst-user", password: PASSWORD };
const SECRETS_KEY = Buffer.alloc(32, 3).toString("base64");
const png = bytes(2048, 5);

let gw: RunningGateway;
let token: string;
let media: MediaServer;
let http: TestProxy;
let socks: TestProxy;
const seen: string[] = [];
const c = caller(() => gw, () => token);

beforeAll(async () => {
  media = await startMediaServer({ "/pic.png": { body: png.body, type: "image/png" } });
  [http, socks] = await Promise.all([startHttpProxy({ credentials: CREDS }), startSocksProxy({ credentials: CREDS })]);
  gw = await startGateway(
    { ...FAST_SANDBOX, SANDBOX_ACK_MS: "40", MESSAGE_RATE_PER_SECOND: "50", WEBHOOK_ALLOW_IPS: "127.0.0.1", BAILEYS_LOG_LEVEL: "debug", SECRETS_KEY },
    { dataDir: "", captureLogs: true },
  );
  token = await login(gw.url);
});

afterAll(async () => {
  await gw.stop();
  await Promise.all([media.close(), http.stop(), socks.stop()]);
});

/** Every call of this file, its answer recorded (none may carry the password). */
async function call(method: string, url: string, body?: unknown, bearer = token) {
  const res = await api(gw.url, method, url, { token: bearer, body });
  seen.push(JSON.stringify(res.body ?? ""));
  return res;
}

const sessions = async (id: string): Promise<Array<{ proxy: string | null }>> => (await call("GET", `/api/v1/sandbox/instances/${id}/activity`)).body.sessions;
const statuses = async (id: string): Promise<string[]> => (await call("GET", `/api/v1/instances/${id}/status-history?limit=500`)).body.items.map((e: { status: string }) => e.status);

async function sendPicture(id: string): Promise<Message> {
  const res = await call("POST", `/api/v1/instances/${id}/messages`, { type: "image", to: "4915123456789", url: `${media.url}/pic.png` });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitUntil(async () => Message.parse((await call("GET", `/api/v1/instances/${id}/messages/${res.body.id}`)).body), (m) => m.status !== "pending", "the picture sent");
}

async function poolProxy(name: string, url: string): Promise<string> {
  const res = await call("POST", "/api/v1/proxies", { name, url });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

describe("an instance's proxy", () => {
  let id: string;
  let poolId: string;
  const httpMasked = () => `http://inst-user:••••@127.0.0.1:${http.port}`;
  const socksMasked = () => `socks5h://inst-user:••••@127.0.0.1:${socks.port}`;

  it("is none by default; a pool proxy set on a connected instance restarts its session through it, without a QR", async () => {
    id = await c.connectedInstance("Proxied");
    expect(InstanceProxy.parse((await call("GET", `/api/v1/instances/${id}/proxy`)).body)).toEqual({ instanceId: id, mode: "none", proxyId: null, proxyName: null, url: null, health: null });
    expect((await sessions(id)).map((s) => s.proxy)).toEqual([null, null]);
    poolId = await poolProxy("Instance pool", http.url(CREDS));

    const historyBefore = (await statuses(id)).length;
    const set = InstanceProxyChange.parse((await call("PUT", `/api/v1/instances/${id}/proxy`, { mode: "pool", proxyId: poolId })).body);
    expect(set).toEqual({ instanceId: id, mode: "pool", proxyId: poolId, proxyName: "Instance pool", url: httpMasked(), health: expect.objectContaining({ state: "unknown" }), restart: true });
    await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED" && r.body.statusReason === "Connected", "connected again");
    const after = (await statuses(id)).slice(0, -historyBefore);
    expect(after).toContain("INIT");
    expect(after).not.toContain("QR_REQUIRED");
    expect((await sessions(id)).at(-1)).toMatchObject({ proxy: httpMasked() });

    // The same proxy again changes nothing.
    expect((await call("PUT", `/api/v1/instances/${id}/proxy`, { mode: "pool", proxyId: poolId })).body.restart).toBe(false);
    expect(await sessions(id)).toHaveLength(3);
  });

  it("carries the instance's media fetches through its proxy", async () => {
    const tunnels = http.tunnels.length;
    const sent = await sendPicture(id);
    expect(sent.status, sent.failureReason).not.toBe("failed");
    expect(http.tunnels.slice(tunnels)).toEqual([{ target: `127.0.0.1:${new URL(media.url).port}`, authorized: true }]);
    const received = (await call("GET", `/api/v1/sandbox/instances/${id}/received`)).body.items.at(-1);
    expect(received.media.sha256).toBe(png.sha256);
  });

  it("takes a URL of its own (SOCKS5 with credentials), then none again, restarting each time", async () => {
    const custom = InstanceProxyChange.parse((await call("PUT", `/api/v1/instances/${id}/proxy`, { mode: "custom", url: socks.url(CREDS) })).body);
    expect(custom).toEqual({ instanceId: id, mode: "custom", proxyId: null, proxyName: null, url: socksMasked(), health: null, restart: true });
    await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED", "connected through SOCKS");
    expect((await sessions(id)).at(-1)).toMatchObject({ proxy: socksMasked() });
    const socksTunnels = socks.tunnels.length;
    const httpTunnels = http.tunnels.length;
    expect((await sendPicture(id)).status).not.toBe("failed");
    expect(socks.tunnels.slice(socksTunnels).map((t) => t.target)).toEqual([`127.0.0.1:${new URL(media.url).port}`]);
    expect(http.tunnels.length).toBe(httpTunnels);
    const [row] = await storedRows<{ custom_credentials: string }>(gw.dataDir, "select custom_credentials from instance_proxies where instance_id = ?", [id]);
    expect(row!.custom_credentials).toMatch(/^v1\./);

    const none = InstanceProxyChange.parse((await call("DELETE", `/api/v1/instances/${id}/proxy`)).body);
    expect(none).toMatchObject({ mode: "none", url: null, restart: true });
    await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED", "connected directly");
    expect((await sessions(id)).at(-1)).toMatchObject({ proxy: null });
    const hits = media.hits.get("/pic.png") ?? 0;
    expect((await sendPicture(id)).status).not.toBe("failed");
    expect(media.hits.get("/pic.png")).toBe(hits + 1);
    expect(socks.tunnels.length).toBe(socksTunnels + 1);
  });

  it("is applied at creation, and to a stopped instance without a restart (its next session uses it)", async () => {
    const created = await call("POST", "/api/v1/instances", { name: "Born proxied", proxy: { mode: "custom", url: http.url(CREDS) } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await waitUntil(() => call("GET", `/api/v1/instances/${created.body.id}`), (r) => r.body.status === "QR_REQUIRED", "QR");
    expect(await sessions(created.body.id)).toEqual([expect.objectContaining({ proxy: httpMasked() })]);

    const stopped = await call("POST", "/api/v1/instances", { name: "Stopped one", connect: false });
    const change = await call("PUT", `/api/v1/instances/${stopped.body.id}/proxy`, { mode: "pool", proxyId: poolId });
    expect(change.body).toMatchObject({ mode: "pool", restart: false });
    expect((await call("POST", `/api/v1/instances/${stopped.body.id}/connect`)).status).toBe(202);
    await waitUntil(() => sessions(stopped.body.id), (s) => s.length === 1, "its first session");
    expect((await sessions(stopped.body.id))[0]).toMatchObject({ proxy: httpMasked() });
  });

  it("validates the request (nothing changes on a bad one), answers 404 for an unknown instance, and leaves writes to operators", async () => {
    await call("PUT", `/api/v1/instances/${id}/proxy`, { mode: "pool", proxyId: poolId });
    for (const body of [
      { mode: "pool" },
      { mode: "pool", proxyId: "prx_doesnotexist0" },
      { mode: "custom", url: "ftp://proxy.example.com:21" },
      { mode: "custom", url: "http://169.254.169.254:3128" },
      { mode: "custom", url: http.url(CREDS), extra: true },
      { mode: "none", proxyId: poolId },
      { mode: "elsewhere" },
      {},
    ]) {
      const res = await call("PUT", `/api/v1/instances/${id}/proxy`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call("GET", `/api/v1/instances/${id}/proxy`)).body).toMatchObject({ mode: "pool", proxyId: poolId });
    expect((await call("GET", "/api/v1/instances/ins_doesnotexist00/proxy")).status).toBe(404);
    expect((await call("PUT", "/api/v1/instances/ins_doesnotexist00/proxy", { mode: "none" })).status).toBe(404);
    expect((await call("POST", "/api/v1/instances", { name: "bad proxy", proxy: { mode: "custom", url: "http://" } })).status).toBe(400);
    expect((await call("GET", "/api/v1/instances?search=bad%20proxy")).body.items).toHaveLength(0);

    const key = await call("POST", "/api/v1/api-keys", { name: "own", scope: "instance", instanceId: id });
    expect((await call("GET", `/api/v1/instances/${id}/proxy`, undefined, key.body.token)).status).toBe(200);
    expect((await call("PUT", `/api/v1/instances/${id}/proxy`, { mode: "none" }, key.body.token)).status).toBe(403);
    expect((await call("DELETE", `/api/v1/instances/${id}/proxy`, undefined, key.body.token)).status).toBe(403);
    expect((await call("GET", "/api/v1/proxies", undefined, key.body.token)).status).toBe(403);
  });

  it("never shows the password: not in a response, an error, the log store, the gateway's own log lines or the database", async () => {
    // A failing check says why without the credentials it tried.
    const wrong = await call("POST", "/api/v1/proxies/test", { url: http.url({ user: CREDS.user, password: `${PASSWORD}-wrong` }) });
    expect(wrong.body).toMatchObject({ ok: false });
    const logs = await waitUntil(() => call("GET", `/api/v1/logs?instanceId=${id}&limit=500`), (r) => r.body.items.some((e: { message: string }) => e.message.includes("connecting through proxy")), "the log entry");
    expect(JSON.stringify(logs.body)).toContain(httpMasked());
    expect(gw.logs.some((line) => line.includes(httpMasked()))).toBe(true);

    for (const answer of seen) expect(answer).not.toContain(PASSWORD);
    for (const line of gw.logs) expect(line).not.toContain(PASSWORD);
    expect(JSON.stringify((await api(gw.url, "GET", "/api/v1/logs?limit=500", { token })).body)).not.toContain(PASSWORD);
    for (const table of ["proxies", "instance_proxies", "logs", "instances", "instance_status_history"]) {
      expect(JSON.stringify(await storedRows(gw.dataDir, `select * from ${table}`)), table).not.toContain(PASSWORD);
    }
    if (TEST_DIALECT === "sqlite") {
      for (const file of ["gateway.sqlite", "gateway.sqlite-wal"]) {
        const where = path.join(gw.dataDir, file);
        if (fs.existsSync(where)) expect(fs.readFileSync(where).includes(PASSWORD), file).toBe(false);
      }
    }
  });
});

describe("media URLs through a proxy and the SSRF rules", () => {
  it("checks the destination before tunnelling: a name that resolves to a private address is refused, the proxy never asked", async () => {
    const strict = await startGateway({ ...FAST_SANDBOX, SANDBOX_ACK_MS: "40", MESSAGE_RATE_PER_SECOND: "50", SECRETS_KEY });
    try {
      const t = await login(strict.url);
      const sc = caller(() => strict, () => t);
      const instanceId = await sc.connectedInstance("Strict");
      expect((await sc.call("PUT", `/api/v1/instances/${instanceId}/proxy`, { mode: "custom", url: http.url(CREDS) })).body.restart).toBe(true);
      await waitUntil(() => sc.call("GET", `/api/v1/instances/${instanceId}`), (r) => r.body.status === "CONNECTED", "connected through the proxy");
      const tunnels = http.tunnels.length;
      const hits = media.hits.get("/pic.png") ?? 0;
      const port = new URL(media.url).port;
      const sent = await sc.call("POST", `/api/v1/instances/${instanceId}/messages`, { type: "image", to: "4915123456789", url: `http://localhost:${port}/pic.png` });
      expect(sent.status).toBe(202);
      const failed = await waitUntil(async () => Message.parse((await sc.call("GET", `/api/v1/instances/${instanceId}/messages/${sent.body.id}`)).body), (m) => m.status === "failed", "failed");
      expect(failed.failureReason).toMatch(/^Could not fetch the media: Blocked: 127\.0\.0\.1 is a loopback address; media URLs may only reach public addresses/);
      // A literal private or metadata address is refused when the message is sent, as without a proxy.
      for (const url of [`http://127.0.0.1:${port}/pic.png`, "http://169.254.169.254/latest/meta-data"]) {
        expect((await sc.call("POST", `/api/v1/instances/${instanceId}/messages`, { type: "image", to: "4915123456789", url })).status, url).toBe(400);
      }
      expect(http.tunnels.length).toBe(tunnels);
      expect(media.hits.get("/pic.png") ?? 0).toBe(hits);
    } finally {
      await strict.stop();
    }
  });
});
