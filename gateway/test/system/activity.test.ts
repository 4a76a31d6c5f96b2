import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Activity, Uptime } from "../../../contract/stats";
import { FAST_SANDBOX, login, startGateway, storedRows, waitUntil, type RunningGateway } from "../support/gateway";
import { WEBHOOK_TEST_ENV, caller } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// Activity over time and uptime, over real HTTP on the sandbox engine: what the Overview's charts and the instance
// page's uptime strip read.
let gw: RunningGateway;
let token: string;
let receiver: Receiver;
const c = caller(() => gw, () => token);

beforeAll(async () => {
  receiver = await startReceiver();
  gw = await startGateway({ ...FAST_SANDBOX, ...WEBHOOK_TEST_ENV, ACTIVITY_FLUSH_SECONDS: "0.2" });
  token = await login(gw.url);
});
afterAll(async () => {
  await gw?.stop();
  await receiver?.close();
});

const activity = async (range = "1h") => {
  const res = await c.call("GET", `/api/v1/activity?range=${range}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Activity.parse(res.body);
};
const total = (a: Activity, key: "messagesIn" | "messagesOut" | "webhooksDelivered" | "webhooksFailed") => a.points.reduce((sum, p) => sum + p[key], 0);

describe("activity", () => {
  it("counts messages in and out and webhook attempts by outcome, and samples instances by status", async () => {
    const empty = await activity();
    expect(empty.bucketSeconds).toBe(300);
    expect(empty.points).toHaveLength(12);
    expect(total(empty, "messagesIn")).toBe(0);

    const id = await c.connectedInstance("Busy line");
    const webhook = await c.createWebhook({ url: receiver.url, events: ["message.received"], instanceId: id });
    receiver.secrets.push(webhook.secret);
    for (let i = 0; i < 3; i += 1) await c.inbound(id, `hello ${i}`);
    expect((await c.call("POST", `/api/v1/instances/${id}/messages`, { type: "text", to: "4915100000009", text: "hi back" })).status).toBe(202);

    const counted = await waitUntil(() => activity(), (a) => total(a, "messagesIn") === 3 && total(a, "messagesOut") === 1 && total(a, "webhooksDelivered") === 3, "the counts", 10_000);
    const last = counted.points.at(-1)!;
    expect(last.instances).toMatchObject({ CONNECTED: 1, QR_REQUIRED: 0 });
    expect(last.webhookLatencyMs).toBeGreaterThanOrEqual(0);
    expect(total(counted, "webhooksFailed")).toBe(0);
    // The test tool's sends are not traffic.
    expect((await c.call("POST", `/api/v1/webhooks/${webhook.id}/test`, { event: "message.received" })).status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 600));
    expect(total(await activity(), "webhooksDelivered")).toBe(3);

    const week = await activity("7d");
    expect(week.bucketSeconds).toBe(3600);
    expect(week.points.length).toBeGreaterThanOrEqual(168);
    expect(total(week, "messagesIn")).toBe(3);
    // One row per bucket, node and name: flushes add to it rather than piling up rows.
    const rows = await storedRows<{ n: number }>(gw.dataDir, "select count(*) as n from activity_buckets where name = 'messages_in'");
    expect(rows[0]!.n).toBeLessThanOrEqual(2);
  });

  it("validates its query like every other", async () => {
    for (const query of ["range=2d", "range=", "from=2026-01-01", "range=1h&x=1"]) {
      const res = await c.call("GET", `/api/v1/activity?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "bad_request" } });
    }
  });
});

describe("uptime", () => {
  it("is the share of the window an instance was CONNECTED, with its drops and a 96-slot timeline", async () => {
    const id = await c.connectedInstance("Uptime line");
    await new Promise((r) => setTimeout(r, 400));
    expect((await c.call("POST", `/api/v1/sandbox/instances/${id}/disconnect`, { code: 440 })).status).toBe(202);
    await waitUntil(() => c.call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "DISCONNECTED", "DISCONNECTED");
    await new Promise((r) => setTimeout(r, 400));

    const res = await c.call("GET", `/api/v1/instances/${id}/uptime?range=24h`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const uptime = Uptime.parse(res.body);
    expect(uptime.drops).toBe(1);
    // It existed for about a second of the window: connected for part of it, not for the rest.
    expect(uptime.observedSeconds).toBeLessThan(60);
    expect(uptime.uptimePercent).toBeGreaterThan(0);
    expect(uptime.uptimePercent).toBeLessThan(100);
    expect(uptime.slots).toHaveLength(96);
    expect(uptime.slots.slice(0, 95).every((slot) => slot.status === null && slot.connectedRatio === 0)).toBe(true);
    expect(uptime.slots[95]!.status).not.toBeNull();

    for (const range of ["7d", "30d"]) {
      const other = Uptime.parse((await c.call("GET", `/api/v1/instances/${id}/uptime?range=${range}`)).body);
      // The same history (the instance is younger than any window); it has been disconnected a little longer since.
      expect(other.drops).toBe(1);
      expect(other.uptimePercent).toBeGreaterThan(0);
      expect(other.uptimePercent).toBeLessThanOrEqual(uptime.uptimePercent!);
    }
    expect((await c.call("GET", `/api/v1/instances/${id}/uptime?range=1y`)).status).toBe(400);
    expect((await c.call("GET", "/api/v1/instances/ins_doesnotexist00/uptime")).status).toBe(404);
  });
});
