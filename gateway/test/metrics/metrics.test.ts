import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InboundMessageType } from "../../../contract/inbound";
import { MessageType } from "../../../contract/messages";
import { FAST_SANDBOX, api, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { parseExposition, prometheusBinary, promtoolCheck, scrape, valueOf, METRICS_TOKEN, type Sample } from "../support/metrics";
import { WEBHOOK_TEST_ENV, caller } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// What GET /metrics says about a real gateway on the sandbox engine, checked against what its API says.
let gw: RunningGateway;
let token: string;
let ok: Receiver;
let busy: Receiver;
const c = caller(() => gw, () => token);
const promtool = prometheusBinary("promtool");

const samples = async (base = gw.url): Promise<Sample[]> => {
  const res = await scrape(base);
  expect(res.status, res.body).toBe(200);
  return parseExposition(res.body);
};
const metric = async (name: string, labels: Record<string, string> = {}) => valueOf(await samples(), name, labels) ?? 0;
const waitMetric = (name: string, labels: Record<string, string>, predicate: (v: number) => boolean, what: string) =>
  waitUntil(() => metric(name, labels), predicate, what);
const statusOf = async (id: string) => (await c.call("GET", `/api/v1/instances/${id}`)).body.status as string;

let connectedA: string;
let connectedB: string;
let idle: string;

beforeAll(async () => {
  gw = await startGateway({ ...FAST_SANDBOX, ...WEBHOOK_TEST_ENV, METRICS_TOKEN });
  token = await login(gw.url);
  ok = await startReceiver();
  busy = await startReceiver({ respond: () => ({ status: 503, headers: { "retry-after": "3600" } }) });
  connectedA = await c.connectedInstance("Metrics A");
  connectedB = await c.connectedInstance("Metrics B");
  const created = await c.call("POST", "/api/v1/instances", { name: "Metrics idle", connect: false });
  expect(created.status).toBe(201);
  idle = created.body.id as string;
});
afterAll(async () => {
  await Promise.all([ok?.close(), busy?.close()]);
  await gw?.stop();
});

describe("GET /metrics", () => {
  it("counts instances by status as the API lists them", async () => {
    const all = (await c.call("GET", "/api/v1/instances?limit=500")).body.items as Array<{ status: string }>;
    const s = await samples();
    for (const status of ["INIT", "QR_REQUIRED", "CONNECTED", "RECONNECTING", "DISCONNECTED", "ERROR"]) {
      expect(valueOf(s, "wam_instances", { status }), status).toBe(all.filter((i) => i.status === status).length);
    }
    expect(valueOf(s, "wam_instances", { status: "CONNECTED" })).toBe(2);
    expect(valueOf(s, "wam_instances", { status: "INIT" })).toBe(1);
    expect(await statusOf(idle)).toBe("INIT");
    // Process figures, event-loop lag and what this gateway is.
    expect(valueOf(s, "wam_process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    expect(valueOf(s, "wam_nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(valueOf(s, "wam_gateway_info", { engine: "sandbox" })).toBe(1);
  });

  it("counts status changes and reconnects by close code", async () => {
    const reconnects = await metric("wam_instance_reconnects_total", { code: "428" });
    const toReconnecting = await metric("wam_instance_status_changes_total", { status: "RECONNECTING", code: "428" });
    const opened = await metric("wam_instance_status_changes_total", { status: "CONNECTED", code: "none" });
    expect(opened).toBeGreaterThanOrEqual(2);

    expect((await c.call("POST", `/api/v1/sandbox/instances/${connectedA}/disconnect`, { code: 428 })).status).toBe(202);
    await waitUntil(() => metric("wam_instance_status_changes_total", { status: "CONNECTED", code: "none" }), (v) => v === opened + 1, "the reconnect to open");
    expect(await metric("wam_instance_reconnects_total", { code: "428" })).toBe(reconnects + 1);
    expect(await metric("wam_instance_status_changes_total", { status: "RECONNECTING", code: "428" })).toBe(toReconnecting + 1);
    expect(await statusOf(connectedA)).toBe("CONNECTED");

    // An unscanned QR that expires: a close with 408, counted apart from lost connections.
    const expiring = await c.call("POST", "/api/v1/instances", { name: "Metrics expiring" });
    await waitMetric("wam_instance_status_changes_total", { status: "DISCONNECTED", code: "qr_expired" }, (v) => v === 1, "the QR to expire");
    expect(await statusOf(expiring.body.id as string)).toBe("DISCONNECTED");
    expect(await metric("wam_instance_reconnects_total", { code: "408" })).toBe(0);
  });

  it("counts messages received and sent by kind, and the send queue's depth", async () => {
    const received = await metric("wam_messages_received_total", { type: "text" });
    await c.inbound(connectedB, "Hello from a customer");
    await waitMetric("wam_messages_received_total", { type: "text" }, (v) => v === received + 1, "the inbound message");

    const sent = await metric("wam_messages_sent_total", { type: "text" });
    const location = await metric("wam_messages_sent_total", { type: "location" });
    expect((await c.call("POST", `/api/v1/instances/${connectedB}/messages`, { to: "4915123456789", text: "Your order shipped" })).status).toBe(202);
    expect((await c.call("POST", `/api/v1/instances/${connectedB}/messages`, { type: "location", to: "4915123456789", latitude: 52.52, longitude: 13.405 })).status).toBe(202);
    await waitMetric("wam_messages_sent_total", { type: "text" }, (v) => v === sent + 1, "the text to leave");
    await waitMetric("wam_messages_sent_total", { type: "location" }, (v) => v === location + 1, "the location to leave");

    // A slow instance: the burst (3) leaves at once, the rest waits.
    expect((await c.call("PATCH", `/api/v1/instances/${connectedA}/send-queue`, { ratePerSecond: 0.01 })).status).toBe(200);
    for (let i = 0; i < 5; i += 1) expect((await c.call("POST", `/api/v1/instances/${connectedA}/messages`, { to: "4915123456789", text: `Update ${i}` })).status).toBe(202);
    await waitMetric("wam_send_queue_depth", {}, (v) => v === 2, "two messages waiting");
  });

  it("counts webhook attempts by outcome with their latency, and shows the outbox", async () => {
    const succeeded = await metric("wam_webhook_delivery_attempts_total", { outcome: "succeeded" });
    const timed = await metric("wam_webhook_delivery_duration_seconds_count", { outcome: "succeeded" });
    const hook = await c.createWebhook({ url: ok.url, events: ["message.received"], instanceId: connectedB });
    ok.secrets.push(hook.secret);
    await c.inbound(connectedB, "Is it in stock?");
    await waitMetric("wam_webhook_delivery_attempts_total", { outcome: "succeeded" }, (v) => v === succeeded + 1, "the delivery");
    expect(await metric("wam_webhook_delivery_duration_seconds_count", { outcome: "succeeded" })).toBe(timed + 1);
    expect(await metric("wam_webhook_delivery_duration_seconds_bucket", { outcome: "succeeded", le: "+Inf" })).toBe(timed + 1);

    // A receiver that asks to come back in an hour: the delivery waits in the outbox, and ages.
    await c.createWebhook({ url: busy.url, events: ["message.received"], instanceId: connectedB });
    await c.inbound(connectedB, "Anyone there?");
    await waitMetric("wam_webhook_delivery_attempts_total", { outcome: "retrying" }, (v) => v === 1, "the refused attempt");
    await waitMetric("wam_webhook_outbox_depth", { status: "retrying" }, (v) => v === 1, "the delivery waiting");
    await waitMetric("wam_webhook_outbox_oldest_age_seconds", { status: "retrying" }, (v) => v > 0.2, "the waiting delivery to age");
    expect(await metric("wam_webhook_outbox_depth", { status: "pending" })).toBe(0);
  });

  it("keeps labels bounded: fixed sets, and no instance series unless asked for", async () => {
    const s = await samples();
    const values = (name: string, label: string) => new Set(s.filter((x) => x.name === name).map((x) => x.labels[label]));
    expect([...values("wam_messages_received_total", "type")].sort()).toEqual([...InboundMessageType.options].sort());
    expect([...values("wam_messages_sent_total", "type")].sort()).toEqual([...MessageType.options].sort());
    expect([...values("wam_instance_reconnects_total", "code")].every((code) => /^(\d{3}|qr_expired|unresponsive|none|other)$/.test(code!))).toBe(true);
    expect(s.filter((x) => "instance_id" in x.labels || "instance" in x.labels)).toEqual([]);
    expect(s.some((x) => x.name.startsWith("wam_instance_up"))).toBe(false);
    for (const x of s) expect(x.name.startsWith("wam_"), x.name).toBe(true);
    const body = (await scrape(gw.url)).body;
    for (const id of [connectedA, connectedB, idle]) expect(body).not.toContain(id);
  });

  promtool.it("passes promtool check metrics", async () => {
    const res = await scrape(gw.url);
    const check = promtoolCheck(promtool.path(), res.body);
    expect(check.output).toBe("");
    expect(check.status).toBe(0);
  });

  it("exports one series per instance only with METRICS_PER_INSTANCE=true", async () => {
    const perInstance = await startGateway({ ...FAST_SANDBOX, METRICS_TOKEN, METRICS_PER_INSTANCE: "true" });
    try {
      const session = await login(perInstance.url);
      const created = await api(perInstance.url, "POST", "/api/v1/instances", { token: session, body: { name: "Per instance" } });
      const id = created.body.id as string;
      const other = (await api(perInstance.url, "POST", "/api/v1/instances", { token: session, body: { name: "Not connected", connect: false } })).body.id as string;
      await waitUntil(() => api(perInstance.url, "GET", `/api/v1/instances/${id}`, { token: session }), (r) => r.body.status === "QR_REQUIRED", "a QR");
      expect((await api(perInstance.url, "POST", `/api/v1/sandbox/instances/${id}/scan`, { token: session, body: {} })).status).toBe(202);
      await waitUntil(async () => valueOf(await samples(perInstance.url), "wam_instance_up", { instance_id: id }), (v) => v === 1, "the instance up");
      const s = await samples(perInstance.url);
      expect(valueOf(s, "wam_instance_up", { instance_id: other })).toBe(0);
      expect(valueOf(s, "wam_instance_send_queue_depth", { instance_id: id })).toBe(0);
    } finally {
      await perInstance.stop();
    }
  });
});
