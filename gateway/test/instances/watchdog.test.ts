import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Instance, StatusHistoryList } from "../../../contract/instances";
import { WatchdogSettings } from "../../../contract/watchdog";
import { api, login, startGateway, waitUntil, FAST_SANDBOX, type RunningGateway } from "../support/gateway";
import { WEBHOOK_TEST_ENV, caller } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// The watchdog over real HTTP on the sandbox engine: a session that stays CONNECTED but hears nothing (the sandbox's
// stall, standing in for a WhatsApp socket that silently died) is found, marked and restarted, and what contacts sent
// meanwhile reaches the webhook once the session is back. Thresholds are seconds here, minutes in production.
let gw: RunningGateway;
let token: string;
let receiver: Receiver;
const c = caller(() => gw, () => token);
const get = async (id: string) => Instance.parse((await c.call("GET", `/api/v1/instances/${id}`)).body);
const history = async (id: string) => StatusHistoryList.parse((await c.call("GET", `/api/v1/instances/${id}/status-history?limit=50`)).body).items;

beforeAll(async () => {
  receiver = await startReceiver();
  gw = await startGateway({
    ...FAST_SANDBOX,
    ...WEBHOOK_TEST_ENV,
    WATCHDOG_SILENCE_SECONDS: "1",
    WATCHDOG_PROBE_TIMEOUT_SECONDS: "0.3",
    WATCHDOG_INTERVAL_SECONDS: "0.2",
    METRICS_TOKEN: "watchdog-test-metrics-token",
  });
  token = await login(gw.url);
});
afterAll(async () => {
  await gw?.stop();
  await receiver?.close();
});

describe("watchdog", () => {
  it("finds a stalled session, marks it unresponsive, restarts it without a QR, and delivers what came in meanwhile", async () => {
    const id = await c.connectedInstance("Stalls");
    const webhook = await c.createWebhook({ url: receiver.url, events: ["message.received"], instanceId: id });
    receiver.secrets.push(webhook.secret);
    const before = await get(id);

    const stalledAt = Date.now();
    const stalled = await c.call("POST", `/api/v1/sandbox/instances/${id}/stall`);
    expect(stalled.status).toBe(202);
    expect(stalled.body.status).toBe("CONNECTED");
    // A contact writes while the session is dead: WhatsApp holds it.
    const held = await c.call("POST", `/api/v1/sandbox/instances/${id}/inbound`, { from: "4915100000009", text: "are you there?" });
    expect(held.status).toBe(202);
    expect(held.body.held).toBe(true);

    const marked = await waitUntil(() => history(id), (items) => items.some((h) => h.statusReason?.startsWith("Unresponsive")), "the watchdog's mark", 10_000);
    const mark = marked.find((h) => h.statusReason?.startsWith("Unresponsive"))!;
    expect(mark.status).toBe("RECONNECTING");
    expect(mark.statusReason).toMatch(/^Unresponsive \(no traffic for \d+ s\); restarting the session$/);
    // Found after the threshold (1 s) and the probe's timeout (0.3 s), within a few rounds.
    expect(Date.parse(mark.at) - stalledAt).toBeGreaterThanOrEqual(1_000);
    expect(Date.parse(mark.at) - stalledAt).toBeLessThan(4_000);

    const back = await waitUntil(() => get(id), (i) => i.status === "CONNECTED" && i.seq > mark.seq, "CONNECTED again", 10_000);
    // Same number, no QR on the way: the credentials were kept.
    expect(back.number).toBe(before.number);
    expect((await history(id)).filter((h) => h.seq > mark.seq).map((h) => h.status)).not.toContain("QR_REQUIRED");
    expect(back.lastError?.reason).toBe(mark.statusReason);

    const delivery = await waitUntil(
      async () => receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { text?: string; offline?: boolean; messageId: string } }).find((b) => b.data.text === "are you there?"),
      (found) => found !== undefined,
      "the held message at the webhook",
      10_000,
    );
    expect(delivery).toMatchObject({ type: "message.received", data: { offline: true, messageId: held.body.messageId } });

    // Prometheus sees it as a reconnect for its own reason, not a close code.
    const metrics = await fetch(`${gw.url}/metrics`, { headers: { authorization: "Bearer watchdog-test-metrics-token" } });
    expect(await metrics.text()).toMatch(/^wam_instance_reconnects_total\{[^}]*code="unresponsive"[^}]*\} 1$/m);

    // The new session is healthy: the watchdog leaves it alone.
    await new Promise((r) => setTimeout(r, 1_800));
    expect((await history(id)).filter((h) => h.statusReason?.startsWith("Unresponsive"))).toHaveLength(1);
  });

  it("with the alert policy only marks it (still CONNECTED), once, and never restarts it", async () => {
    const id = await c.connectedInstance("Alert only");
    const set = await c.call("PATCH", `/api/v1/instances/${id}/watchdog`, { policy: "alert" });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(WatchdogSettings.parse(set.body)).toMatchObject({ policy: "alert", instancePolicy: "alert", defaultPolicy: "restart", silenceSeconds: 1, instanceSilenceSeconds: null });

    expect((await c.call("POST", `/api/v1/sandbox/instances/${id}/stall`)).status).toBe(202);
    const marked = await waitUntil(() => get(id), (i) => i.statusReason?.startsWith("Unresponsive") === true, "the unresponsive mark", 10_000);
    expect(marked.status).toBe("CONNECTED");
    expect(marked.statusReason).toMatch(/^Unresponsive \(no traffic for \d+ s\)$/);
    await new Promise((r) => setTimeout(r, 1_500));
    const items = await history(id);
    expect(items.filter((h) => h.statusReason?.startsWith("Unresponsive"))).toHaveLength(1);
    expect(items.filter((h) => h.seq > marked.seq)).toEqual([]);
    // Its sandbox phone is still the stalled session: nothing restarted it.
    expect((await c.call("POST", `/api/v1/sandbox/instances/${id}/inbound`, { from: "4915100000009", text: "x" })).body.held).toBe(true);
    // Switched off while it is marked: nothing judges it any more, so the mark goes (its alert resolves).
    expect((await c.call("PATCH", `/api/v1/instances/${id}/watchdog`, { policy: "off" })).status).toBe(200);
    const cleared = await waitUntil(() => get(id), (i) => !i.statusReason?.startsWith("Unresponsive"), "the mark to go", 10_000);
    expect(cleared).toMatchObject({ status: "CONNECTED", statusReason: "Connected: the watchdog is off" });
  });

  it("leaves an instance with the policy off alone, and its settings validate like every body", async () => {
    const id = await c.connectedInstance("Unwatched");
    expect((await c.call("PATCH", `/api/v1/instances/${id}/watchdog`, { policy: "off" })).status).toBe(200);
    expect((await c.call("POST", `/api/v1/sandbox/instances/${id}/stall`)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await get(id)).statusReason).toBe("Connected");

    const bad = [
      {},
      { policy: "reboot" },
      { silenceSeconds: 5 },
      { silenceSeconds: 90.5 },
      { silenceSeconds: 100_000 },
      { policy: "alert", extra: true },
    ];
    for (const body of bad) {
      const res = await c.call("PATCH", `/api/v1/instances/${id}/watchdog`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "bad_request" } });
    }
    expect(WatchdogSettings.parse((await c.call("GET", `/api/v1/instances/${id}/watchdog`)).body)).toMatchObject({ policy: "off", silenceSeconds: 1 });
    const back = WatchdogSettings.parse((await c.call("PATCH", `/api/v1/instances/${id}/watchdog`, { policy: null, silenceSeconds: 600 })).body);
    expect(back).toMatchObject({ policy: "restart", instancePolicy: null, silenceSeconds: 600, instanceSilenceSeconds: 600 });
    expect((await c.call("GET", "/api/v1/instances/ins_doesnotexist00/watchdog")).status).toBe(404);
    expect((await c.call("GET", `/api/v1/instances/${id}/watchdog?verbose=1`)).status).toBe(400);
    // Stalling needs a connected session.
    const fresh = await c.call("POST", "/api/v1/instances", { name: "Not yet linked" });
    await waitUntil(() => get(fresh.body.id as string), (i) => i.status === "QR_REQUIRED", "QR_REQUIRED");
    expect((await c.call("POST", `/api/v1/sandbox/instances/${fresh.body.id as string}/stall`)).status).toBe(409);
    // An instance token may read its settings but not change them.
    const minted = await c.call("POST", "/api/v1/api-keys", { name: "Unwatched token", scope: "instance", instanceId: id });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    const own = minted.body.token as string;
    expect((await api(gw.url, "GET", `/api/v1/instances/${id}/watchdog`, { token: own })).status).toBe(200);
    expect((await api(gw.url, "PATCH", `/api/v1/instances/${id}/watchdog`, { token: own, body: { policy: "off" } })).status).toBe(403);
  });
});
