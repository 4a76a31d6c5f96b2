import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook, type WebhookDelivery } from "../../../contract/webhooks";
import { FAST_SANDBOX, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { WEBHOOK_TEST_ENV, caller, sleep } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// Delivery semantics over real HTTP: only 2xx succeeds, 3xx is a failure (never followed), 410 disables,
// 429/503 honour Retry-After, retries keep the webhook-id, replays too, exhaustion fails and long failure disables.
let gw: RunningGateway;
let token: string;
const receivers: Receiver[] = [];
const { call, connectedInstance, createWebhook, inbound, deliveries, detail } = caller(() => gw, () => token);

async function receiver(respond: Receiver["respond"]): Promise<Receiver> {
  const r = await startReceiver({ respond });
  receivers.push(r);
  return r;
}

async function getWebhook(id: string) {
  return Webhook.parse((await call("GET", `/api/v1/webhooks/${id}`)).body);
}

beforeAll(async () => {
  gw = await startGateway({ ...FAST_SANDBOX, ...WEBHOOK_TEST_ENV });
  token = await login(gw.url);
});
afterAll(async () => {
  await gw?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

describe("webhook delivery semantics", () => {
  it("retries a 5xx with the same webhook-id, every attempt signed and recorded, until a 2xx", async () => {
    let hits = 0;
    const r = await receiver(() => ({ status: ++hits <= 2 ? 500 : 204, body: hits <= 2 ? "try again" : "" }));
    const instanceId = await connectedInstance("Retries");
    const hook = await createWebhook({ url: r.url, events: ["message.received"], instanceId });
    r.secrets = [hook.secret];
    await inbound(instanceId, "retry me");
    const [delivery] = await waitUntil(() => deliveries(hook.id), (d) => d[0]?.status === "succeeded", "the delivery to succeed");
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.id)).size).toBe(1);
    expect(r.received.every((x) => x.verifiedWith === hook.secret)).toBe(true);
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
    expect(delivery).toMatchObject({ attempts: 3, lastStatusCode: 204, eventId: r.received[0]!.id, event: "message.received", instanceId });
    const log = (await detail(delivery!.id)).attemptLog;
    expect(log.map((a) => [a.n, a.statusCode])).toEqual([[1, 500], [2, 500], [3, 204]]);
    expect(log[0]).toMatchObject({ error: "HTTP 500", responseExcerpt: "try again" });
    expect(log.every((a) => a.requestHeaders["webhook-id"] === delivery!.eventId)).toBe(true);
    const health = (await getWebhook(hook.id)).health;
    expect(health).toMatchObject({ attempts24h: 3, lastStatus: "succeeded", lastStatusCode: 204 });
    expect(health.successRate24h).toBeCloseTo(1 / 3, 2);
    expect(health.failingSince).toBeUndefined();

    // Replay: the same event (same bytes, same webhook-id) as a new delivery with its own attempts.
    const replay = await call("POST", `/api/v1/webhooks/deliveries/${delivery!.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ replayOf: delivery!.id, eventId: delivery!.eventId, status: "pending", attempts: 0 });
    expect(replay.body.id).not.toBe(delivery!.id);
    await waitUntil(() => detail(replay.body.id as string), (d) => d.status === "succeeded", "the replay to succeed");
    expect(r.received).toHaveLength(4);
    expect(r.received[3]!.id).toBe(delivery!.eventId);
    expect(r.received[3]!.body).toBe(r.received[0]!.body);
    expect(r.received[3]!.verifiedWith).toBe(hook.secret);
    expect((await detail(delivery!.id)).attempts).toBe(3);
    expect((await call("POST", "/api/v1/webhooks/deliveries/whd_doesnotexist0/replay")).status).toBe(404);
  });

  it("410 Gone disables the endpoint and holds its queue; enabling it again resumes", async () => {
    let gone = true;
    const r = await receiver(() => ({ status: gone ? 410 : 200 }));
    const instanceId = await connectedInstance("Gone");
    const hook = await createWebhook({ url: r.url, events: ["message.received"], instanceId });
    await inbound(instanceId, "first");
    const disabled = await waitUntil(() => getWebhook(hook.id), (w) => !w.enabled, "the endpoint to be disabled");
    expect(disabled.disabledReason).toMatch(/410/);
    expect(disabled.disabledAt).toBeDefined();
    expect(r.hits).toBe(1);
    const [held] = await deliveries(hook.id);
    expect(held).toMatchObject({ status: "disabled", attempts: 1, lastStatusCode: 410 });
    // Nothing more is sent, nor queued, while disabled; replays are refused.
    await inbound(instanceId, "second");
    await sleep(300);
    expect(r.hits).toBe(1);
    expect(await deliveries(hook.id)).toHaveLength(1);
    expect((await call("POST", `/api/v1/webhooks/deliveries/${held!.id}/replay`)).status).toBe(409);

    gone = false;
    const enabled = await call("PATCH", `/api/v1/webhooks/${hook.id}`, { enabled: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body.disabledReason).toBeUndefined();
    const [resumed] = await waitUntil(() => deliveries(hook.id), (d) => d[0]?.status === "succeeded", "the held delivery to go out");
    expect(resumed!.id).toBe(held!.id);
    expect(r.received.map((x) => x.id)).toEqual([held!.eventId, held!.eventId]);
  });

  it("429 and 503 wait for Retry-After (seconds or an HTTP date) instead of the 5 ms scheduled retry", async () => {
    let tooMany = 0;
    const a = await receiver(() => (++tooMany === 1 ? { status: 429, headers: { "retry-after": "2" } } : { status: 200 }));
    let busy = 0;
    const b = await receiver(() =>
      ++busy === 1 ? { status: 503, headers: { "retry-after": new Date(Date.now() + 3000).toUTCString() } } : { status: 200 },
    );
    const instanceId = await connectedInstance("Retry after");
    const hookA = await createWebhook({ url: a.url, events: ["message.received"], instanceId });
    const hookB = await createWebhook({ url: b.url, events: ["message.received"], instanceId });
    await inbound(instanceId, "slow down");
    await waitUntil(async () => Math.min(a.received.length, b.received.length), (n) => n >= 2, "both retries", 15_000);
    const gapA = a.received[1]!.receivedAt - a.received[0]!.receivedAt;
    const gapB = b.received[1]!.receivedAt - b.received[0]!.receivedAt;
    expect(gapA).toBeGreaterThanOrEqual(1900);
    expect(gapA).toBeLessThan(6000);
    expect(gapB).toBeGreaterThanOrEqual(1500); // the date has whole-second precision
    expect(a.received[1]!.id).toBe(a.received[0]!.id);
    const [da] = await waitUntil(() => deliveries(hookA.id), (d) => d[0]?.status === "succeeded", "A to succeed");
    const [db] = await waitUntil(() => deliveries(hookB.id), (d) => d[0]?.status === "succeeded", "B to succeed");
    expect((await detail(da!.id)).attemptLog.map((x) => x.statusCode)).toEqual([429, 200]);
    expect((await detail(db!.id)).attemptLog.map((x) => x.statusCode)).toEqual([503, 200]);
  });

  it("a 3xx is a failure and the redirect is never followed", async () => {
    const target = await receiver(() => ({ status: 200 }));
    const redirector = await receiver(() => ({ status: 302, headers: { location: `${target.url}/elsewhere` } }));
    const permanent = await receiver(() => ({ status: 301, headers: { location: `${target.url}/moved` } }));
    const instanceId = await connectedInstance("Redirects");
    const hook = await createWebhook({ url: redirector.url, events: ["message.received"], instanceId });
    const hook301 = await createWebhook({ url: permanent.url, events: ["message.received"], instanceId });
    await inbound(instanceId, "go elsewhere");
    const [d] = await waitUntil(() => deliveries(hook.id), (x) => (x[0]?.attempts ?? 0) >= 3, "three failed attempts");
    await waitUntil(() => deliveries(hook301.id), (x) => (x[0]?.attempts ?? 0) >= 2, "two failed attempts");
    expect(d).toMatchObject({ status: "retrying", lastStatusCode: 302 });
    expect(d!.lastError).toMatch(/redirect 302 not followed/);
    expect(d!.nextAttemptAt).toBeDefined();
    expect(target.hits).toBe(0);
    const test = await call("POST", `/api/v1/webhooks/${hook.id}/test`, { event: "message.status" });
    expect(test.body).toMatchObject({ ok: false, statusCode: 302 });
    expect(test.body.responseHeaders.location).toBe(`${target.url}/elsewhere`);
    expect(target.hits).toBe(0);
    expect((await getWebhook(hook.id)).health.failingSince).toBeDefined();
    await call("DELETE", `/api/v1/webhooks/${hook.id}`);
    await call("DELETE", `/api/v1/webhooks/${hook301.id}`);
  });

  it("global endpoints get every instance's events, bound ones only theirs; deleting the instance disables the bound one", async () => {
    const r = await receiver(() => ({ status: 200 }));
    const g = await receiver(() => ({ status: 200 }));
    const one = await connectedInstance("Bound one");
    const other = await connectedInstance("Bound other");
    const bound = await createWebhook({ url: r.url, events: ["message.received"], instanceId: one });
    const global = await createWebhook({ url: g.url, events: ["message.received"] });
    await inbound(one, "to one");
    await inbound(other, "to other");
    await waitUntil(async () => g.received.filter((x) => x.body.includes('"to ')).length, (n) => n === 2, "the global endpoint to get both");
    await waitUntil(async () => r.received.length, (n) => n === 1, "the bound endpoint to get one");
    await sleep(200);
    expect(r.received).toHaveLength(1);
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({ instanceId: one, data: { text: "to one" } });
    const forOther = (await call("GET", `/api/v1/webhooks?instanceId=${other}`)).body.items.map((w: Webhook) => w.id);
    expect(forOther).toContain(global.id);
    expect(forOther).not.toContain(bound.id);
    const byInstance = (await call("GET", `/api/v1/webhooks/deliveries?instanceId=${one}&limit=500`)).body.items as WebhookDelivery[];
    expect(byInstance.every((d) => d.instanceId === one)).toBe(true);
    expect(byInstance.map((d) => d.webhookId)).toEqual(expect.arrayContaining([bound.id, global.id]));

    expect((await call("DELETE", `/api/v1/instances/${one}`)).status).toBe(204);
    const off = await waitUntil(() => getWebhook(bound.id), (w) => !w.enabled, "the bound endpoint to be disabled");
    expect(off.disabledReason).toMatch(/instance .* was deleted/);
    // Still editable as the panel edits it (url and instanceId sent back unchanged); a deleted instance is not taken anew.
    const edited = await call("PATCH", `/api/v1/webhooks/${bound.id}`, { url: r.url, instanceId: one, description: "Kept for its log" });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ description: "Kept for its log", instanceId: one, enabled: false });
    const rebound = await call("PATCH", `/api/v1/webhooks/${global.id}`, { instanceId: one });
    expect(rebound.status).toBe(400);
    expect(rebound.body.error.details.issues).toEqual([{ path: "body.instanceId", message: `names no instance (${one})` }]);
    await call("DELETE", `/api/v1/webhooks/${global.id}`);
  });

  it("filters deliveries by status, event and time, with cursor paging", async () => {
    const r = await receiver((req, d) => ({ status: d.body.includes('"fail ') ? 500 : 200 }));
    const instanceId = await connectedInstance("Filters");
    const hook = await createWebhook({ url: r.url, events: ["message.received", "message.sent", "message.status"], instanceId });
    const start = new Date().toISOString();
    for (let i = 0; i < 4; i += 1) await inbound(instanceId, `ok ${i}`);
    await inbound(instanceId, "fail 1");
    const sent = await call("POST", `/api/v1/instances/${instanceId}/messages`, { to: "4915100000009", text: "outbound" });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
    await waitUntil(() => deliveries(hook.id), (d) => d.filter((x) => x.event === "message.status").length >= 3 && d.some((x) => x.event === "message.sent"), "sent + status events");
    await waitUntil(() => deliveries(hook.id, "&status=succeeded"), (d) => d.length >= 8, "8 successes");

    const failing = await deliveries(hook.id, "&status=retrying,failed");
    expect(failing).toHaveLength(1);
    const received = await deliveries(hook.id, "&event=message.received");
    expect(received).toHaveLength(5);
    expect(new Set((await deliveries(hook.id, "&event=message.status,message.sent")).map((d) => d.event))).toEqual(new Set(["message.status", "message.sent"]));
    expect(await deliveries(hook.id, `&to=${encodeURIComponent(start)}`)).toHaveLength(0);
    const all = await deliveries(hook.id, `&from=${encodeURIComponent(start)}`);
    expect(all.length).toBeGreaterThanOrEqual(9);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call("GET", `/api/v1/webhooks/${hook.id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...res.body.items.map((d: WebhookDelivery) => d.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const everything = await deliveries(hook.id);
    expect(paged).toEqual(everything.map((d) => d.id));

    for (const bad of ["status=lost", "event=message.exploded", "cursor=nope", "from=yesterday", `from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(start)}`, "limit=0"]) {
      const res = await call("GET", `/api/v1/webhooks/${hook.id}/deliveries?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.details.issues[0].path, bad).toMatch(/^query\./);
    }
    expect((await call("GET", "/api/v1/webhooks/whk_doesnotexist0/deliveries")).status).toBe(404);
  });
});

describe("exhausting the schedule", () => {
  let fast: RunningGateway;
  let fastToken: string;
  const fastApi = caller(() => fast, () => fastToken);
  afterAll(async () => fast?.stop());

  it("fails the delivery after the last retry and disables an endpoint that failed for more than 3 days (scaled)", async () => {
    // Scale 0.00005: the ~3.15-day schedule takes ~13.6 s, "3 days failing" is ~13 s and the 9th attempt is due at
    // ~9.3 s. At 0.00001 the 9th attempt ran late on a busy machine (past the scaled 3 days), so the endpoint was
    // disabled before the last retry: the margin is now ~3.7 s instead of ~0.7 s.
    fast = await startGateway({ ...FAST_SANDBOX, WEBHOOK_ALLOW_IPS: "127.0.0.1", WEBHOOK_RETRY_SCALE: "0.00005" });
    fastToken = await login(fast.url);
    const r = await receiver(() => ({ status: 500 }));
    const instanceId = await fastApi.connectedInstance("Always failing");
    const hook = await fastApi.createWebhook({ url: r.url, events: ["message.received"], instanceId });
    await fastApi.inbound(instanceId, "doomed");
    const [failed] = await waitUntil(() => fastApi.deliveries(hook.id), (d) => d[0]?.status === "failed", "the delivery to fail", 40_000);
    expect(failed!.attempts).toBe(10);
    expect(failed!.nextAttemptAt).toBeUndefined();
    expect(r.hits).toBe(10);
    expect(new Set(r.received.map((x) => x.id)).size).toBe(1);
    const log = (await fastApi.detail(failed!.id)).attemptLog;
    expect(log.map((a) => a.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Spread like the schedule: later gaps are much longer than the first.
    const at = log.map((a) => Date.parse(a.at));
    expect(at[9]! - at[8]!).toBeGreaterThan(at[1]! - at[0]!);

    await sleep(100);
    await fastApi.inbound(instanceId, "one more");
    const off = await waitUntil(async () => Webhook.parse((await fastApi.call("GET", `/api/v1/webhooks/${hook.id}`)).body), (w) => !w.enabled, "the endpoint to be disabled", 10_000);
    expect(off.disabledReason).toMatch(/failed since .* \(more than 3 days\)/);
    expect(off.health.failingSince).toBeDefined();
    expect(off.health.successRate24h).toBe(0);
  }, 90_000);
});
