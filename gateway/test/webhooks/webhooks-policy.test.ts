import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { OutboundHttp } from "../../src/modules/webhooks/outbound-http";
import { MAX_ATTEMPTS, RETRY_AFTER_CAP_MS, RETRY_DELAYS_MS, RetryPolicy, parseRetryAfter } from "../../src/modules/webhooks/retry-policy";
import { newWebhookSecret, secretHint, sign, signatureHeaders } from "../../src/modules/webhooks/signing";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// The pieces on their own: retry schedule and outcomes, Retry-After parsing, the signer against the reference
// library, and the outbound client's timeout and 1 KiB excerpt.

describe("retry policy", () => {
  it("waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h between tries: ten attempts over more than 24 h", () => {
    expect(RETRY_DELAYS_MS.map((ms) => ms / 1000)).toEqual([5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    expect(MAX_ATTEMPTS).toBe(10);
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(24 * 3600_000);
  });

  it("adds ±20 % jitter and scales", () => {
    const low = new RetryPolicy({ scale: 1, random: () => 0 });
    const high = new RetryPolicy({ scale: 1, random: () => 0.999999 });
    expect(low.delayAfter(1)).toBe(4000);
    expect(high.delayAfter(1)).toBeCloseTo(6000, -1);
    const spread = new RetryPolicy({ scale: 1 });
    for (let i = 0; i < 200; i += 1) {
      const d = spread.delayAfter(3)!;
      expect(d).toBeGreaterThanOrEqual(1800_000 * 0.8);
      expect(d).toBeLessThanOrEqual(1800_000 * 1.2);
    }
    expect(new RetryPolicy({ scale: 0.001, random: () => 0.5 }).delayAfter(9)).toBe(86_400);
    expect(low.delayAfter(10)).toBeNull();
    expect(new RetryPolicy({ scale: 0.001 }).disableAfterMs).toBe(3 * 24 * 3600);
  });

  it("decides: only 2xx succeeds, 3xx and 5xx retry, 410 is gone, 429/503 wait at least Retry-After (capped), then exhausted", () => {
    const policy = new RetryPolicy({ scale: 1, random: () => 0.5 });
    expect(policy.decide(1, 200)).toEqual({ kind: "succeeded" });
    expect(policy.decide(1, 204)).toEqual({ kind: "succeeded" });
    expect(policy.decide(1, 301)).toEqual({ kind: "retry", delayMs: 5000 });
    expect(policy.decide(1, 302)).toEqual({ kind: "retry", delayMs: 5000 });
    expect(policy.decide(1, 500)).toEqual({ kind: "retry", delayMs: 5000 });
    expect(policy.decide(1, undefined)).toEqual({ kind: "retry", delayMs: 5000 });
    expect(policy.decide(1, 410)).toEqual({ kind: "gone" });
    expect(policy.decide(1, 429, "120")).toEqual({ kind: "retry", delayMs: 120_000 });
    expect(policy.decide(3, 429, "1")).toEqual({ kind: "retry", delayMs: 1800_000 }); // never sooner than the schedule
    expect(policy.decide(1, 503, String(7 * 24 * 3600))).toEqual({ kind: "retry", delayMs: RETRY_AFTER_CAP_MS });
    expect(policy.decide(1, 400, "120")).toEqual({ kind: "retry", delayMs: 5000 }); // only 429/503 honour it
    expect(policy.decide(10, 500)).toEqual({ kind: "exhausted" });
    expect(policy.decide(10, 200)).toEqual({ kind: "succeeded" });
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-15T10:00:00Z");
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Thu, 15 Jan 2026 10:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Thu, 15 Jan 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-5", now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe("signing", () => {
  it("produces exactly what the standardwebhooks library produces and verifies", () => {
    const secret = newWebhookSecret();
    const reference = new StandardWebhook(secret);
    const body = JSON.stringify({ id: "msg_abc0000000001", type: "message.received", data: { text: "héllo ✓" } });
    const at = new Date("2026-01-15T10:00:00Z");
    expect(sign(secret, "msg_abc0000000001", at.getTime() / 1000, body)).toBe(reference.sign("msg_abc0000000001", at, body));
    const headers = signatureHeaders([secret], "msg_abc0000000001", body);
    expect(reference.verify(body, headers)).toMatchObject({ type: "message.received" });
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(secretHint(secret)).toBe(`${secret.slice(0, 10)}…`);
  });

  it("signs with both secrets during a rotation, new first", () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signatureHeaders([current, previous], "msg_rot0000000001", "{}");
    const parts = headers["webhook-signature"].split(" ");
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(sign(current, "msg_rot0000000001", Number(headers["webhook-timestamp"]), "{}"));
    expect(() => new StandardWebhook(previous).verify("{}", headers)).not.toThrow();
    expect(() => new StandardWebhook(current).verify("{}", headers)).not.toThrow();
    expect(() => new StandardWebhook(newWebhookSecret()).verify("{}", headers)).toThrow();
  });
});

describe("outbound client", () => {
  let slow: Receiver;
  let chatty: Receiver;
  beforeAll(async () => {
    slow = await startReceiver({ respond: () => ({ status: 200, delayMs: 60_000 }) });
    chatty = await startReceiver({ respond: () => ({ status: 200, headers: { "content-type": "text/plain" }, body: "é".repeat(4000) }) });
  });
  afterAll(async () => {
    await slow?.close();
    await chatty?.close();
  });

  it("gives up after its timeout (15 s by default) and reports it", async () => {
    const client = new OutboundHttp({ allowIps: ["127.0.0.1"], timeoutMs: 300 });
    expect(new OutboundHttp({ allowIps: [] }).timeoutMs).toBe(15_000);
    const result = await client.post(slow.url, {}, "{}");
    expect(result.statusCode).toBeUndefined();
    expect(result.error).toBe("timed out after 300 ms");
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
    expect(result.latencyMs).toBeLessThan(15_000); // its own timeout, not the default
    client.close();
  });

  it("reads at most 1 KiB of the response body, without breaking a UTF-8 character", async () => {
    const client = new OutboundHttp({ allowIps: ["127.0.0.1"] });
    const result = await client.post(chatty.url, { "x-custom": "1" }, "{}");
    expect(result.statusCode).toBe(200);
    expect(Buffer.byteLength(result.bodyExcerpt)).toBeLessThanOrEqual(1024);
    expect(result.bodyExcerpt).toBe("é".repeat(512));
    expect(result.responseHeaders["content-type"]).toBe("text/plain");
    expect(chatty.received[0]!.headers["x-custom"]).toBe("1");
    expect(chatty.received[0]!.headers["content-type"]).toBe("application/json");
    client.close();
  });
});
