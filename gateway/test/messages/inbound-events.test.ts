import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebhookEnvelope } from "../../../contract/webhooks";
import { FAST_SANDBOX, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { WEBHOOK_TEST_ENV, caller } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// Issue 19: reactions, deletions, calls, group member changes and presence reach webhooks as their own events
// (simulated by the sandbox's contacts), signed, in the contract's shapes.
let gw: RunningGateway;
let token: string;
let receiver: Receiver;
let secret: string;
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

const GROUP = "120363000000000001@g.us";

/** The envelopes of one type the receiver got, checked against the contract and the signature. */
function received(type: string) {
  return receiver.received
    .filter((d) => d.verifiedWith === secret)
    .map((d) => WebhookEnvelope.parse(JSON.parse(d.body)))
    .filter((e) => e.type === type);
}

describe("account events from the sandbox's contacts → webhooks", () => {
  it("a reaction, a deletion, a call, a group change and presence each arrive as their event", async () => {
    const instanceId = await c.connectedInstance("Events");
    const webhook = await c.createWebhook({ url: receiver.url, events: ["message.reaction", "message.deleted", "call.received", "group.participants", "presence.update"], instanceId });
    secret = webhook.secret;
    receiver.secrets.push(secret);
    const simulate = async (what: string, body: unknown, status = 204) => {
      const res = await c.call("POST", `/api/v1/sandbox/instances/${instanceId}/${what}`, body);
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
      return res.body as { callId?: string } | undefined;
    };

    const sent = await c.call("POST", `/api/v1/instances/${instanceId}/messages`, { to: "4915123456789", text: "Your order shipped" });
    expect(sent.status).toBe(202);
    await simulate("reaction", { from: "4915123456789", messageId: sent.body.messageId, emoji: "👍" });
    await simulate("reaction", { from: "4915100000009", group: GROUP, messageId: sent.body.messageId, emoji: "" });
    await simulate("revoke", { from: "4915123456789", messageId: "SANDBOX0A1B2C3D4E5F6A7B" });
    const call = await simulate("call", { from: "4915123456789", isVideo: true }, 202);
    await simulate("group-participants", { group: GROUP, action: "add", participants: ["4915112345678", "4915100000009"], author: "4915123456789" });
    await simulate("presence", { from: "4915123456789", presence: "composing" });
    await simulate("presence", { from: "4915100000009", group: GROUP, presence: "unavailable" });

    const types = ["message.reaction", "message.deleted", "call.received", "group.participants", "presence.update"];
    await waitUntil(async () => types.map((t) => received(t).length), (n) => n.join() === "2,1,1,1,2", "every event at the receiver");

    const user = (digits: string) => `${digits}@s.whatsapp.net`;
    expect(received("message.reaction").map((e) => e.data)).toEqual([
      { messageId: sent.body.messageId, remoteJid: user("4915123456789"), from: user("4915123456789"), emoji: "👍", timestamp: expect.any(String) },
      { messageId: sent.body.messageId, remoteJid: GROUP, from: user("4915100000009"), emoji: "", timestamp: expect.any(String) },
    ]);
    expect(received("message.deleted")[0]!.data).toEqual({ messageId: "SANDBOX0A1B2C3D4E5F6A7B", remoteJid: user("4915123456789"), from: user("4915123456789"), timestamp: expect.any(String) });
    expect(received("call.received")[0]!.data).toEqual({ callId: call!.callId, from: user("4915123456789"), isVideo: true, isGroup: false, status: "offer", timestamp: expect.any(String) });
    expect(received("group.participants")[0]!.data).toEqual({
      groupJid: GROUP,
      action: "add",
      participants: [user("4915112345678"), user("4915100000009")],
      author: user("4915123456789"),
      timestamp: expect.any(String),
    });
    expect(received("presence.update").map((e) => e.data)).toEqual([
      { jid: user("4915123456789"), presence: "composing", timestamp: expect.any(String) },
      { jid: user("4915100000009"), chat: GROUP, presence: "unavailable", lastSeen: expect.any(String), timestamp: expect.any(String) },
    ]);
    for (const type of types) expect(received(type).every((e) => e.instanceId === instanceId), type).toBe(true);
  });

  it("refuses the simulations while the instance is not connected (409) and bad bodies (400)", async () => {
    const created = await c.call("POST", "/api/v1/instances", { name: "Events idle", connect: false });
    expect(created.status).toBe(201);
    const idle = created.body.id as string;
    for (const [what, body] of [
      ["call", { from: "4915123456789" }],
      ["reaction", { from: "4915123456789", messageId: "SANDBOX0A1B2C3D4E5F6A7B", emoji: "👍" }],
    ] as const) {
      const res = await c.call("POST", `/api/v1/sandbox/instances/${idle}/${what}`, body);
      expect(res.status, what).toBe(409);
    }
    const instanceId = await c.connectedInstance("Events bad input");
    const bad = await c.call("POST", `/api/v1/sandbox/instances/${instanceId}/group-participants`, { group: "not-a-group", action: "invite", participants: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["body.action", "body.group", "body.participants"]);
  });
});
