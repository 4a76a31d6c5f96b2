import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverEvents } from "../../../contract/socket-events";
import {
  MASKED_VALUE,
  TestWebhookResponse,
  WEBHOOK_EVENT_TYPES,
  Webhook,
  WebhookDeliveryDetail,
  WebhookEnvelope,
  WebhookEventTypeList,
  WebhookWithSecret,
} from "../../../contract/webhooks";
import { newWebhookSecret, signatureHeaders } from "../../src/modules/webhooks/signing";
import { FAST_SANDBOX, api, connect, login, startGateway, waitUntil, type RunningGateway, type TestSocket, storedRows } from "../support/gateway";
import { startReceiver, verifyWith, type Receiver } from "../support/webhook-receiver";

// Standard Webhooks signing, secrets shown once, rotation, the test tool and input validation — over real HTTP,
// verified on a local receiver with the npm `standardwebhooks` library.
const ENV = { ...FAST_SANDBOX, WEBHOOK_ALLOW_IPS: "127.0.0.1", WEBHOOK_RETRY_SCALE: "0.001" };
const HEADER_SECRET = "Bearer header-value-that-must-stay-hidden-7f3a";

let gw: RunningGateway;
let token: string;
let receiver: Receiver;
let socket: TestSocket;

const call = (method: string, url: string, body?: unknown) => api(gw.url, method, url, { token, body });

async function connectedInstance(name: string): Promise<string> {
  const created = await call("POST", "/api/v1/instances", { name });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "QR_REQUIRED", "QR_REQUIRED");
  expect((await call("POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
  await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED", "CONNECTED");
  return id;
}

async function createWebhook(body: Record<string, unknown>): Promise<WebhookWithSecret> {
  const res = await call("POST", "/api/v1/webhooks", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return WebhookWithSecret.parse(res.body);
}

beforeAll(async () => {
  gw = await startGateway(ENV, { dataDir: "", captureLogs: true });
  token = await login(gw.url);
  receiver = await startReceiver({ respond: () => ({ status: 200, headers: { "x-receiver": "yes" }, body: "thanks" }) });
  const ticket = (await api(gw.url, "POST", "/api/v1/auth/socket-ticket", { token })).body.ticket as string;
  socket = await connect(gw.url, { ticket });
});
afterAll(async () => {
  socket?.close();
  await gw?.stop();
  await receiver?.close();
});

describe("webhook signing (Standard Webhooks)", () => {
  let hook: WebhookWithSecret;
  let instanceId: string;

  it("signs every delivery so standardwebhooks verifies it; envelope id = webhook-id; exact bytes", async () => {
    hook = await createWebhook({
      url: `${receiver.url}/hooks`,
      events: ["message.received", "instance.status"],
      description: "Signing test",
      headers: [{ name: "Authorization", value: HEADER_SECRET }],
    });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(hook.headers).toEqual([{ name: "Authorization", value: MASKED_VALUE }]);
    receiver.secrets = [hook.secret];

    instanceId = await connectedInstance("Signing line");
    for (let i = 0; i < 3; i += 1) {
      expect((await call("POST", `/api/v1/sandbox/instances/${instanceId}/inbound`, { from: "4915100000001", text: `hello ${i}` })).status).toBe(202);
    }
    const messages = () => receiver.received.filter((r) => r.body.includes('"message.received"'));
    await waitUntil(async () => messages().length, (n) => n >= 3, "3 message.received deliveries");
    await waitUntil(async () => receiver.received.filter((r) => r.body.includes('"CONNECTED"')).length, (n) => n >= 1, "the CONNECTED status delivery");

    for (const delivery of receiver.received) {
      expect(delivery.verifiedWith, delivery.body).toBe(hook.secret);
      const envelope = WebhookEnvelope.parse(JSON.parse(delivery.body));
      expect(envelope.id).toBe(delivery.id);
      expect(envelope.instanceId).toBe(instanceId);
      expect(delivery.headers["content-type"]).toBe("application/json");
      expect(delivery.headers.authorization).toBe(HEADER_SECRET);
      expect(Math.abs(delivery.timestamp - Date.now() / 1000)).toBeLessThan(30);
      // Payloads never carry credentials.
      expect(delivery.body).not.toContain(hook.secret);
      expect(delivery.body).not.toContain(HEADER_SECRET);
      expect(delivery.body).not.toContain(token);
    }
    const texts = messages().map((r) => (JSON.parse(r.body) as { data: { text: string } }).data.text);
    expect(texts.sort()).toEqual(["hello 0", "hello 1", "hello 2"]);
  });

  it("fails verification for a tampered body, a wrong secret and a timestamp 301 s old", () => {
    const sample = receiver.received.find((r) => r.body.includes('"message.received"'))!;
    expect(verifyWith(hook.secret, sample.body, sample.headers)).toBe(true);
    expect(verifyWith(hook.secret, sample.body.replace("hello", "HELLO"), sample.headers)).toBe(false);
    expect(verifyWith(hook.secret, `${sample.body} `, sample.headers)).toBe(false);
    expect(verifyWith(newWebhookSecret(), sample.body, sample.headers)).toBe(false);
    expect(verifyWith(hook.secret, sample.body, { ...sample.headers, "webhook-id": "msg_other000000000" })).toBe(false);
    // The gateway's own signer, with the right secret, at a chosen time: 299 s old passes, 301 s old fails.
    const at = (secondsAgo: number) => signatureHeaders([hook.secret], sample.id, sample.body, new Date(Date.now() - secondsAgo * 1000));
    expect(verifyWith(hook.secret, sample.body, at(299))).toBe(true);
    expect(verifyWith(hook.secret, sample.body, at(301))).toBe(false);
  });

  it("rotates: both secrets verify during the grace period; with no grace only the new one", async () => {
    const rotated = await call("POST", `/api/v1/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const secret2 = rotated.body.secret as string;
    expect(secret2).toMatch(/^whsec_/);
    expect(secret2).not.toBe(hook.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(rotated.body.webhook.previousSecretExpiresAt).toBe(rotated.body.previousSecretExpiresAt);

    const before = receiver.received.length;
    await call("POST", `/api/v1/sandbox/instances/${instanceId}/inbound`, { from: "4915100000001", text: "after rotation" });
    const during = await waitUntil(async () => receiver.received.slice(before).find((r) => r.body.includes("after rotation")), Boolean, "a delivery after rotation");
    expect(during!.signature.split(" ")).toHaveLength(2);
    expect(verifyWith(secret2, during!.body, during!.headers)).toBe(true);
    expect(verifyWith(hook.secret, during!.body, during!.headers)).toBe(true);

    const again = await call("POST", `/api/v1/webhooks/${hook.id}/rotate-secret`, { graceSeconds: 0 });
    expect(again.status).toBe(200);
    expect(again.body.previousSecretExpiresAt).toBeNull();
    const secret3 = again.body.secret as string;
    const mark = receiver.received.length;
    await call("POST", `/api/v1/sandbox/instances/${instanceId}/inbound`, { from: "4915100000001", text: "no grace" });
    const after = await waitUntil(async () => receiver.received.slice(mark).find((r) => r.body.includes("no grace")), Boolean, "a delivery after the second rotation");
    expect(after!.signature.split(" ")).toHaveLength(1);
    expect(verifyWith(secret3, after!.body, after!.headers)).toBe(true);
    expect(verifyWith(secret2, after!.body, after!.headers)).toBe(false);
    receiver.secrets = [secret3];
    hook = { ...hook, secret: secret3 };
  });

  it("the test tool sends a signed sample now and returns status, latency, headers and body excerpt", async () => {
    const mark = receiver.received.length;
    const res = await call("POST", `/api/v1/webhooks/${hook.id}/test`, { event: "message.reaction" });
    expect(res.status).toBe(200);
    const result = TestWebhookResponse.parse(res.body);
    expect(result).toMatchObject({ ok: true, statusCode: 200, bodyExcerpt: "thanks" });
    expect(result.responseHeaders["x-receiver"]).toBe("yes");
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const got = receiver.received.slice(mark);
    expect(got).toHaveLength(1);
    expect(got[0]!.id).toBe(result.payloadId);
    expect(got[0]!.verifiedWith).toBe(hook.secret);
    const envelope = WebhookEnvelope.parse(JSON.parse(got[0]!.body));
    expect(envelope).toMatchObject({ id: result.payloadId, type: "message.reaction" });

    // Recorded as a test delivery with its one attempt; request headers shown without secrets.
    const detail = WebhookDeliveryDetail.parse((await call("GET", `/api/v1/webhooks/deliveries/${result.deliveryId}`)).body);
    expect(detail).toMatchObject({ test: true, status: "succeeded", attempts: 1, eventId: result.payloadId, event: "message.reaction" });
    expect(detail.body).toBe(got[0]!.body);
    expect(detail.attemptLog).toHaveLength(1);
    expect(detail.attemptLog[0]).toMatchObject({ statusCode: 200, responseExcerpt: "thanks" });
    expect(detail.attemptLog[0]!.requestHeaders).toMatchObject({ authorization: MASKED_VALUE, "webhook-id": result.payloadId });
    expect(detail.attemptLog[0]!.requestHeaders["webhook-signature"]).toMatch(/^v1,/);

    // Live on the socket: queued, then succeeded.
    const live = await waitUntil(
      async () => socket.received.filter((e) => e.event === "webhook.delivery" && (e.payload as { id: string }).id === result.deliveryId),
      (events) => events.length >= 2,
      "webhook.delivery events",
    );
    const statuses = live.map((e) => serverEvents["webhook.delivery"].parse(e.payload).status);
    expect(statuses).toEqual(["pending", "succeeded"]);
  });

  it("never shows the secret or header values after creation: not in responses, not in logs", async () => {
    const list = await call("GET", "/api/v1/webhooks");
    const one = await call("GET", `/api/v1/webhooks/${hook.id}`);
    const deliveries = await call("GET", `/api/v1/webhooks/${hook.id}/deliveries?limit=500`);
    const firstDelivery = deliveries.body.items[0].id as string;
    const detail = await call("GET", `/api/v1/webhooks/deliveries/${firstDelivery}`);
    for (const text of [list, one, deliveries, detail].map((r) => JSON.stringify(r.body))) {
      expect(text).not.toContain(hook.secret.slice("whsec_".length));
      expect(text).not.toContain(HEADER_SECRET);
    }
    const webhook = Webhook.parse(one.body);
    expect(webhook.secretHint).toBe(`${hook.secret.slice(0, 10)}…`);
    expect(webhook.headers).toEqual([{ name: "Authorization", value: MASKED_VALUE }]);
    expect(webhook.health.successRate24h).toBe(1);
    expect(webhook.health.lastStatus).toBe("succeeded");

    const logs = gw.logs.join("\n");
    expect(logs).toContain("webhook endpoint created");
    expect(logs).not.toContain(hook.secret.slice("whsec_".length));
    expect(logs).not.toContain(HEADER_SECRET);

    // Standard Webhooks signs with a symmetric HMAC, so the raw secret must be stored to sign: it lives only in
    // webhooks.secret (and previous_secret during a grace period), never in the outbox or the attempt log.
    const key = hook.secret.slice("whsec_".length);
    const count = async (sql: string) => (await storedRows<{ n: number }>(gw.dataDir, sql, [`%${key}%`]))[0]!.n;
    expect(await count("select count(*) as n from webhooks where secret like ?")).toBe(1);
    expect(await count("select count(*) as n from webhook_deliveries where body like ?")).toBe(0);
    expect(await count("select count(*) as n from webhook_attempts where request_headers like ?")).toBe(0);
  });

  it("lists every event type with a valid sample", async () => {
    const res = await call("GET", "/api/v1/webhooks/event-types");
    expect(res.status).toBe(200);
    const list = WebhookEventTypeList.parse(res.body);
    expect(list.items.map((i) => i.type)).toEqual([...WEBHOOK_EVENT_TYPES]);
    for (const item of list.items) expect(WebhookEnvelope.parse(item.sample).type).toBe(item.type);
    expect(WEBHOOK_EVENT_TYPES).toEqual([
      "instance.status",
      "instance.qr",
      "message.received",
      "message.sent",
      "message.status",
      "message.reaction",
      "message.deleted",
      "call.received",
      "group.participants",
      "presence.update",
    ]);
  });
});

describe("webhook input validation", () => {
  const valid = () => ({ url: "https://hooks.example.com/wa", events: ["message.received"] });
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["not a URL", { ...valid(), url: "not a url" }, "body.url"],
    ["ftp://", { ...valid(), url: "ftp://hooks.example.com/x" }, "body.url"],
    ["javascript:", { ...valid(), url: "javascript:alert(1)" }, "body.url"],
    ["credentials in the URL", { ...valid(), url: "https://user:pass@hooks.example.com/" }, "body.url"],
    ["no events", { ...valid(), events: [] }, "body.events"],
    ["unknown event", { ...valid(), events: ["message.exploded"] }, "body.events.0"],
    ["missing events", { url: valid().url }, "body.events"],
    ["header name with a space", { ...valid(), headers: [{ name: "Bad Header", value: "x" }] }, "body.headers.0.name"],
    ["header name with a colon", { ...valid(), headers: [{ name: "X:Y", value: "x" }] }, "body.headers.0.name"],
    ["Host header", { ...valid(), headers: [{ name: "Host", value: "evil.example" }] }, "body.headers.0.name"],
    ["Content-Length header", { ...valid(), headers: [{ name: "content-length", value: "1" }] }, "body.headers.0.name"],
    ["webhook-* header", { ...valid(), headers: [{ name: "Webhook-Signature", value: "v1,x" }] }, "body.headers.0.name"],
    ["header value over 1 KiB", { ...valid(), headers: [{ name: "X-Token", value: "a".repeat(1025) }] }, "body.headers.0.value"],
    ["header value with a newline", { ...valid(), headers: [{ name: "X-Token", value: "a\r\nInjected: 1" }] }, "body.headers.0.value"],
    ["duplicate header", { ...valid(), headers: [{ name: "X-A", value: "1" }, { name: "x-a", value: "2" }] }, "body.headers.1.name"],
    ["unknown instance", { ...valid(), instanceId: "ins_doesnotexist00" }, "body.instanceId"],
    ["bad instance id", { ...valid(), instanceId: "nope" }, "body.instanceId"],
    ["unknown field", { ...valid(), secret: "whsec_mine" }, "body"],
  ];

  it.each(cases)("refuses %s with a 400 naming the field, storing nothing", async (_name, body, field) => {
    const before = (await call("GET", "/api/v1/webhooks?limit=500")).body.items.length as number;
    const res = await call("POST", "/api/v1/webhooks", body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe("bad_request");
    expect(res.body.error.details.issues[0].path).toBe(field);
    expect(res.body.error.message).toContain(field);
    expect((await call("GET", "/api/v1/webhooks?limit=500")).body.items.length).toBe(before);
  });

  it("refuses bad updates and keeps saved header values when the value is omitted", async () => {
    const hook = await createWebhook({ ...valid(), headers: [{ name: "X-Token", value: "kept-value-123" }] });
    expect((await call("PATCH", `/api/v1/webhooks/${hook.id}`, { url: "ftp://x" })).status).toBe(400);
    expect((await call("PATCH", `/api/v1/webhooks/${hook.id}`, {})).status).toBe(400);
    const newHeader = await call("PATCH", `/api/v1/webhooks/${hook.id}`, { headers: [{ name: "X-New" }] });
    expect(newHeader.status).toBe(400);
    expect(newHeader.body.error.details.issues[0].path).toBe("body.headers.0.value");
    const kept = await call("PATCH", `/api/v1/webhooks/${hook.id}`, { headers: [{ name: "X-Token", value: MASKED_VALUE }, { name: "X-Extra", value: "e" }], description: "renamed" });
    expect(kept.status).toBe(200);
    expect(kept.body.headers).toEqual([{ name: "X-Token", value: MASKED_VALUE }, { name: "X-Extra", value: MASKED_VALUE }]);
    const [row] = await storedRows<{ headers: string }>(gw.dataDir, "select headers from webhooks where id = ?", [hook.id]);
    expect(JSON.parse(row!.headers)).toEqual([{ name: "X-Token", value: "kept-value-123" }, { name: "X-Extra", value: "e" }]);
    expect((await call("GET", "/api/v1/webhooks/whk_doesnotexist0")).status).toBe(404);
    expect((await call("DELETE", `/api/v1/webhooks/${hook.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/webhooks/${hook.id}`)).status).toBe(404);
  });
});
