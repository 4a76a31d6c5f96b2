import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreatedApiKey } from "../../../contract/api-keys";
import { FAST_SANDBOX, api, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { WEBHOOK_TEST_ENV, caller } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// Issue 7: a message sent with an instance token reports delivered → read to a signed webhook receiver.
let gw: RunningGateway;
let token: string;
let receiver: Receiver;
const c = caller(() => gw, () => token);

beforeAll(async () => {
  gw = await startGateway({ ...FAST_SANDBOX, ...WEBHOOK_TEST_ENV });
  token = await login(gw.url);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await gw.stop();
});

describe("send-message API → message.status webhooks", () => {
  it("returns the message id, and server_ack → delivered → read arrive signed at the receiver", async () => {
    const instanceId = await c.connectedInstance("Sender");
    const webhook = await c.createWebhook({ url: receiver.url, events: ["message.sent", "message.status"], instanceId });
    receiver.secrets.push(webhook.secret);
    const key = CreatedApiKey.parse((await api(gw.url, "POST", "/api/v1/api-keys", { token, body: { name: "sender", scope: "instance", instanceId } })).body);

    const sent = await api(gw.url, "POST", `/api/v1/instances/${instanceId}/messages`, { token: key.token, body: { to: "4915123456789", text: "Your order shipped" } });
    expect(sent.status).toBe(202);
    const messageId = sent.body.messageId as string;

    const statuses = () =>
      receiver.received
        .map((d) => JSON.parse(d.body) as { type: string; data: { messageId?: string; status?: string } })
        .filter((e) => e.type === "message.status" && e.data.messageId === messageId)
        .map((e) => e.data.status);
    await waitUntil(async () => statuses(), (s) => s.includes("read"), "read receipt at the receiver");
    expect(statuses()).toEqual(["server_ack", "delivered", "read"]);
    expect(receiver.received.every((d) => d.verifiedWith === webhook.secret)).toBe(true);
    const sentEvent = receiver.received.map((d) => JSON.parse(d.body) as { type: string; data: { messageId?: string } }).find((e) => e.type === "message.sent");
    expect(sentEvent?.data.messageId).toBe(messageId);
    // No credential in any body the receiver saw.
    for (const d of receiver.received) {
      expect(d.body).not.toContain(key.token);
      expect(d.body).not.toContain(webhook.secret);
      expect(d.body).not.toContain(token);
    }
  });
});
