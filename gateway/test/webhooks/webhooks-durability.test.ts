import { afterAll, describe, expect, it } from "vitest";
import { WebhookEnvelope } from "../../../contract/webhooks";
import { FAST_SANDBOX, login, startGateway, waitUntil, type RunningGateway, storedRows } from "../support/gateway";
import { WEBHOOK_TEST_ENV, caller, sleep } from "../support/webhook-helpers";
import { startReceiver, unusedPort, type Receiver } from "../support/webhook-receiver";

// The outbox survives restarts and never loses an event; one slow receiver never delays another; a stop hands
// in-flight attempts back to the queue instead of failing them.
const ENV = { ...FAST_SANDBOX, ...WEBHOOK_TEST_ENV };
/** How long one delivery attempt may take before the gateway gives up on it (OutboundHttp's timeout). */
const ATTEMPT_TIMEOUT_MS = 15_000;
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

async function outbox(dataDir: string) {
  const rows = await storedRows<{ id: string; status: string; attempts: number; lease_until: string | null }>(dataDir, "select id, status, attempts, lease_until from webhook_deliveries");
  const attempts = (await storedRows<{ n: number }>(dataDir, "select count(*) as n from webhook_attempts"))[0]!.n;
  return { rows, attempts };
}

describe("durability", () => {
  it("receiver down, 100 events, gateway restarted, receiver back: exactly 100 distinct webhook-ids arrive", { timeout: 90_000 }, async () => {
    let gw: RunningGateway = await startGateway(ENV);
    let token = await login(gw.url);
    const api = caller(() => gw, () => token);
    cleanup.push(() => gw.stop());

    const port = await unusedPort(); // nothing listens there yet: connection refused
    const instanceId = await api.connectedInstance("Durable");
    const hook = await api.createWebhook({ url: `http://127.0.0.1:${port}/hooks`, events: ["message.received"], instanceId });

    const texts = Array.from({ length: 100 }, (_, i) => `event ${String(i).padStart(3, "0")}`);
    for (let i = 0; i < texts.length; i += 10) await Promise.all(texts.slice(i, i + 10).map((t) => api.inbound(instanceId, t)));
    // Every event is in the outbox and has been tried (and refused) at least once.
    const queued = await waitUntil(() => api.deliveries(hook.id), (d) => d.length === 100 && d.every((x) => x.attempts >= 1), "100 tried deliveries", 20_000);
    expect(queued.every((x) => x.status === "retrying" && x.lastError === "connection refused")).toBe(true);
    const eventIds = new Set(queued.map((d) => d.eventId));
    expect(eventIds.size).toBe(100);

    // Stop (the test's equivalent of SIGTERM), start a new gateway on the same data directory.
    await gw.stop({ keepData: true });
    const afterStop = await outbox(gw.dataDir);
    expect(afterStop.rows).toHaveLength(100);
    expect(afterStop.rows.every((r) => r.status === "retrying" && r.lease_until === null)).toBe(true);
    gw = await startGateway(ENV, { dataDir: gw.dataDir });
    token = await login(gw.url);

    // The receiver comes back on the same port.
    const receiver = await startReceiver({ port });
    receiver.secrets = [hook.secret];
    cleanup.push(() => receiver.close());
    await waitUntil(async () => receiver.ids().size, (n) => n === 100, "100 distinct webhook-ids at the receiver", 40_000);

    expect(receiver.ids()).toEqual(eventIds);
    expect(receiver.received.every((r) => r.verifiedWith === hook.secret)).toBe(true);
    const bodies = receiver.received.map((r) => WebhookEnvelope.parse(JSON.parse(r.body)));
    expect(new Set(bodies.map((b) => (b.data as { text: string }).text))).toEqual(new Set(texts));
    expect(bodies.every((b) => b.id === receiver.received[bodies.indexOf(b)]!.id)).toBe(true);

    const done = await waitUntil(() => api.deliveries(hook.id), (d) => d.every((x) => x.status === "succeeded"), "all deliveries succeeded");
    expect(done).toHaveLength(100);
    expect(done.every((d) => d.attempts >= 2)).toBe(true);
    const log = (await api.detail(done[0]!.id)).attemptLog;
    expect(log.length).toBe(done[0]!.attempts);
    expect(log[0]!.error).toBe("connection refused");
    expect(log.at(-1)!.statusCode).toBe(204);
  });

  it("stopping mid-attempt returns the delivery to the queue untouched; the next start sends it", { timeout: 30_000 }, async () => {
    let hanging = true;
    const receiver = await startReceiver({ respond: () => (hanging ? { status: 200, delayMs: 60_000 } : { status: 200 }) });
    cleanup.push(() => receiver.close());
    let gw = await startGateway(ENV);
    let token = await login(gw.url);
    const api = caller(() => gw, () => token);
    cleanup.push(() => gw.stop());
    const instanceId = await api.connectedInstance("Mid-flight");
    const hook = await api.createWebhook({ url: receiver.url, events: ["message.received"], instanceId });
    receiver.secrets = [hook.secret];
    await api.inbound(instanceId, "in flight");
    await waitUntil(async () => receiver.hits, (n) => n === 1, "the attempt to be in flight");

    const started = Date.now();
    await gw.stop({ keepData: true });
    // Had the stop waited for the attempt, it would have ended only when the attempt gave up (15 s) or the receiver
    // answered (60 s).
    expect(Date.now() - started).toBeLessThan(ATTEMPT_TIMEOUT_MS);
    const after = await outbox(gw.dataDir);
    expect(after.rows).toHaveLength(1);
    expect(after.rows[0]).toMatchObject({ status: "pending", attempts: 0, lease_until: null });
    expect(after.attempts).toBe(0); // abandoned, not recorded as a failure

    hanging = false;
    gw = await startGateway(ENV, { dataDir: gw.dataDir });
    token = await login(gw.url);
    const [d] = await waitUntil(() => api.deliveries(hook.id), (x) => x[0]?.status === "succeeded", "the delivery after restart");
    expect(d!.attempts).toBe(1);
    expect(receiver.received.map((r) => r.id)).toEqual([d!.eventId, d!.eventId]);
    expect(receiver.received[1]!.verifiedWith).toBe(hook.secret);
  });
});

describe("isolation", () => {
  it("a receiver that sleeps 60 s does not delay deliveries to another endpoint", { timeout: 30_000 }, async () => {
    const slow: Receiver = await startReceiver({ respond: () => ({ status: 200, delayMs: 60_000 }) });
    const fast: Receiver = await startReceiver({ respond: () => ({ status: 200 }) });
    cleanup.push(() => slow.close(), () => fast.close());
    const gw = await startGateway(ENV);
    const token = await login(gw.url);
    const api = caller(() => gw, () => token);
    cleanup.push(() => gw.stop());
    const instanceId = await api.connectedInstance("Isolation");
    const slowHook = await api.createWebhook({ url: slow.url, events: ["message.received"], instanceId });
    const fastHook = await api.createWebhook({ url: fast.url, events: ["message.received"], instanceId });
    fast.secrets = [fastHook.secret];

    // The slow receiver holds every request 60 s, and an attempt gives up after 15 s. Had its deliveries held up the
    // fast endpoint's, those would have arrived only after one of its attempts ended: so all 30 must arrive while
    // every slow attempt is still in flight (none recorded, none timed out). Causes, not a stopwatch: a busy machine
    // slows both sides alike.
    for (let i = 0; i < 30; i += 1) await api.inbound(instanceId, `burst ${i}`);
    await waitUntil(async () => fast.ids().size, (n) => n === 30, "all 30 at the fast receiver", ATTEMPT_TIMEOUT_MS - 3_000);
    const slowMeanwhile = await api.deliveries(slowHook.id);
    expect(slowMeanwhile.map((d) => d.attempts)).toEqual(Array(30).fill(0));
    expect(fast.received.every((r) => r.verifiedWith === fastHook.secret)).toBe(true);

    // The slow endpoint holds at most its own concurrency slots; the rest of its deliveries wait their turn —
    // without the worker spinning on them meanwhile.
    const cpu = process.cpuUsage();
    await sleep(600);
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(300);
    expect(slow.hits).toBeGreaterThan(0);
    expect(slow.hits).toBeLessThanOrEqual(4);
    const slowDeliveries = await api.deliveries(slowHook.id);
    expect(slowDeliveries).toHaveLength(30);
    expect(slowDeliveries.filter((d) => d.status === "pending")).toHaveLength(30);
    expect((await api.deliveries(fastHook.id)).every((d) => d.status === "succeeded")).toBe(true);
  });
});
