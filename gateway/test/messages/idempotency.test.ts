import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreatedApiKey } from "../../../contract/api-keys";
import { FAST_SANDBOX, api, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { caller } from "../support/webhook-helpers";

// Issue 19: Idempotency-Key on send. A retry with the same key returns the first answer and sends nothing; the same
// key with another body is a 422; keys belong to one credential and one instance.
let gw: RunningGateway;
let token: string;
let instanceId: string;
const c = caller(() => gw, () => token);

beforeAll(async () => {
  gw = await startGateway({ ...FAST_SANDBOX, SANDBOX_ACK_MS: "40", MESSAGE_RATE_PER_SECOND: "50", MESSAGE_BURST: "10" });
  token = await login(gw.url);
  instanceId = await c.connectedInstance("Idempotent");
});
afterAll(() => gw.stop());

const send = (credential: string, body: Record<string, unknown>, key?: string) =>
  api(gw.url, "POST", `/api/v1/instances/${instanceId}/messages`, { token: credential, body, headers: key ? { "idempotency-key": key } : {} });
const received = async () => (await c.call("GET", `/api/v1/sandbox/instances/${instanceId}/received`)).body.items as Array<{ messageId: string; content: { text?: string } }>;

describe("Idempotency-Key on POST /api/v1/instances/{id}/messages", () => {
  it("returns the first answer for a repeat (also concurrent ones) and sends the message once", async () => {
    const body = { type: "text", to: "4915123456789", text: "Order 1234 shipped" };
    const first = await send(token, body, "order-1234-shipped");
    expect(first.status).toBe(202);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const repeats = await Promise.all([1, 2, 3].map(() => send(token, { ...body, to: "+49 151 2345 6789" }, "order-1234-shipped")));
    for (const repeat of repeats) {
      expect(repeat.status).toBe(202);
      expect(repeat.body).toEqual(first.body);
      expect(repeat.headers.get("idempotent-replayed")).toBe("true");
    }
    // Two first sends at once with a fresh key: one message between them.
    const racing = await Promise.all([1, 2, 3, 4].map(() => send(token, { type: "text", to: "4915123456789", text: "Race" }, "race-key")));
    expect(racing.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);

    await waitUntil(received, (items) => items.some((d) => d.messageId === racing[0]!.body.id), "the raced message");
    await new Promise((r) => setTimeout(r, 300));
    const items = await received();
    expect(items.filter((d) => d.content.text === "Order 1234 shipped")).toHaveLength(1);
    expect(items.filter((d) => d.content.text === "Race")).toHaveLength(1);
  });

  it("refuses the same key with a different body with 422 and a clear message, sending nothing", async () => {
    const first = await send(token, { type: "text", to: "4915123456789", text: "Invoice ready" }, "invoice-77");
    expect(first.status).toBe(202);
    const other = await send(token, { type: "text", to: "4915123456789", text: "Invoice NOT ready" }, "invoice-77");
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: "unprocessable", message: expect.stringMatching(/Idempotency-Key was already used with a different request body/) });
    await new Promise((r) => setTimeout(r, 300));
    expect((await received()).filter((d) => d.content.text === "Invoice NOT ready")).toEqual([]);
  });

  it("keeps keys apart per credential: another key holder's same key is a new message", async () => {
    const key = CreatedApiKey.parse((await c.call("POST", "/api/v1/api-keys", { name: "crm", scope: "instance", instanceId })).body);
    const body = { type: "text", to: "4915123456789", text: "Per holder" };
    const byOperator = await send(token, body, "shared-key");
    const byKey = await send(key.token, body, "shared-key");
    const byKeyAgain = await send(key.token, body, "shared-key");
    expect([byOperator.status, byKey.status, byKeyAgain.status]).toEqual([202, 202, 202]);
    expect(byKey.body.id).not.toBe(byOperator.body.id);
    expect(byKeyAgain.body.id).toBe(byKey.body.id);
  });

  it("refuses a malformed key", async () => {
    const res = await send(token, { type: "text", to: "4915123456789", text: "x" }, "has spaces in it");
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/idempotency-key/);
  });
});
