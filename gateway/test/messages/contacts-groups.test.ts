import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckNumbersResponse, ContactProfile, Group, GroupList, ReadMessagesResponse } from "../../../contract/chats";
import { FAST_SANDBOX, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { caller } from "../support/webhook-helpers";

// Issue 19 (after phase 1): number check, profiles, groups, presence and read receipts over real HTTP on the sandbox, whose
// address book knows 4915123456789, 4915112345678, 4915100000009 and 14155550123 and whose account is in two groups.
let gw: RunningGateway;
let token: string;
let instanceId: string;
const c = caller(() => gw, () => token);

beforeAll(async () => {
  gw = await startGateway(FAST_SANDBOX);
  token = await login(gw.url);
  instanceId = await c.connectedInstance("Directory");
});
afterAll(() => gw.stop());

describe("contacts, groups, presence and read receipts", () => {
  it("checks numbers in the order asked (typed with separators), with JIDs for those that exist, at most 100 per call", async () => {
    const res = await c.call("POST", `/api/v1/instances/${instanceId}/contacts/check`, { numbers: ["+49 151 2345 6789", "4915199999999", "+1 415 555 0123"] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(CheckNumbersResponse.parse(res.body).items).toEqual([
      { number: "4915123456789", exists: true, jid: "4915123456789@s.whatsapp.net" },
      { number: "4915199999999", exists: false, jid: null },
      { number: "14155550123", exists: true, jid: "14155550123@s.whatsapp.net" },
    ]);
    const tooMany = await c.call("POST", `/api/v1/instances/${instanceId}/contacts/check`, { numbers: Array.from({ length: 101 }, (_, i) => `49151000${String(i).padStart(5, "0")}`) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/at most 100 numbers/);
    expect((await c.call("POST", `/api/v1/instances/${instanceId}/contacts/check`, { numbers: ["hello"] })).status).toBe(400);
  });

  it("reads a contact's profile (picture URL, about, business flag) by number or JID; 404 for a number without WhatsApp", async () => {
    const ada = await c.call("GET", `/api/v1/instances/${instanceId}/contacts/4915123456789/profile`);
    expect(ada.status, JSON.stringify(ada.body)).toBe(200);
    expect(ContactProfile.parse(ada.body)).toEqual({
      jid: "4915123456789@s.whatsapp.net",
      pictureUrl: "https://sandbox.invalid/pictures/4915123456789.jpg",
      about: "Counting engines",
      aboutSetAt: "2026-01-01T09:00:00.000Z",
      isBusiness: false,
    });
    expect(ContactProfile.parse((await c.call("GET", `/api/v1/instances/${instanceId}/contacts/14155550123@c.us/profile`)).body)).toMatchObject({ jid: "14155550123@s.whatsapp.net", isBusiness: true });
    expect(ContactProfile.parse((await c.call("GET", `/api/v1/instances/${instanceId}/contacts/4915112345678@s.whatsapp.net/profile`)).body)).toEqual({
      jid: "4915112345678@s.whatsapp.net",
      pictureUrl: null,
      about: null,
      isBusiness: false,
    });
    const none = await c.call("GET", `/api/v1/instances/${instanceId}/contacts/4915199999999/profile`);
    expect(none.status).toBe(404);
    expect(none.body.error.message).toMatch(/4915199999999@s\.whatsapp\.net has no WhatsApp account/);
    expect((await c.call("GET", `/api/v1/instances/${instanceId}/contacts/120363000000000001@g.us/profile`)).status).toBe(400);
  });

  it("lists the account's groups with paging, and one group with its participants' admin flags", async () => {
    const first = await c.call("GET", `/api/v1/instances/${instanceId}/groups?limit=1`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const page1 = GroupList.parse(first.body);
    expect(page1.items).toEqual([{ id: "120363000000000001@g.us", subject: "Sandbox team", size: 3, owner: expect.stringMatching(/@s\.whatsapp\.net$/), announce: false, restrict: false, createdAt: "2026-01-01T09:00:00.000Z" }]);
    expect(page1.nextCursor).toBe("120363000000000001@g.us");
    const page2 = GroupList.parse((await c.call("GET", `/api/v1/instances/${instanceId}/groups?limit=1&cursor=${encodeURIComponent(page1.nextCursor!)}`)).body);
    expect(page2.items.map((g) => [g.id, g.announce, g.restrict])).toEqual([["120363000000000002@g.us", true, true]]);
    expect(page2.nextCursor).toBeNull();

    const me = (await c.call("GET", `/api/v1/instances/${instanceId}`)).body.number as string;
    const group = Group.parse((await c.call("GET", `/api/v1/instances/${instanceId}/groups/120363000000000001@g.us`)).body);
    expect(group.owner).toBe(`${me}@s.whatsapp.net`);
    expect(group.participants).toEqual([
      { jid: `${me}@s.whatsapp.net`, isAdmin: true, isSuperAdmin: true },
      { jid: "4915123456789@s.whatsapp.net", isAdmin: true, isSuperAdmin: false },
      { jid: "4915112345678@s.whatsapp.net", isAdmin: false, isSuperAdmin: false },
    ]);
    expect((await c.call("GET", `/api/v1/instances/${instanceId}/groups/120363099999999999@g.us`)).status).toBe(404);
    expect((await c.call("GET", `/api/v1/instances/${instanceId}/groups/not-a-group`)).status).toBe(400);
  });

  it("sends presence updates to a chat and marks received messages as read; unknown ids come back as unknown", async () => {
    for (const state of ["composing", "paused", "recording", "available"]) {
      expect((await c.call("POST", `/api/v1/instances/${instanceId}/presence`, { to: "+49 151 2345 6789", state })).status, state).toBe(204);
    }
    expect((await c.call("POST", `/api/v1/instances/${instanceId}/presence`, { to: "4915123456789", state: "dancing" })).status).toBe(400);

    const inbound = await c.call("POST", `/api/v1/sandbox/instances/${instanceId}/inbound`, { from: "4915123456789", text: "hello?" });
    const inboundId = inbound.body.messageId as string;
    const read = await c.call("POST", `/api/v1/instances/${instanceId}/messages/read`, { messageIds: [inboundId, "NEVERSEEN01"] });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(ReadMessagesResponse.parse(read.body)).toEqual({ read: [inboundId], unknown: ["NEVERSEEN01"] });

    const activity = (await c.call("GET", `/api/v1/sandbox/instances/${instanceId}/activity`)).body;
    const own = `${(await c.call("GET", `/api/v1/instances/${instanceId}`)).body.number as string}@s.whatsapp.net`;
    expect(activity.presences.map((p: { to: string; state: string }) => [p.to, p.state])).toEqual([
      // The account's own presence on connecting (alwaysOnline off: offline until it sends; docs/instance-settings.md).
      [own, "unavailable"],
      ["4915123456789@s.whatsapp.net", "composing"],
      ["4915123456789@s.whatsapp.net", "paused"],
      ["4915123456789@s.whatsapp.net", "recording"],
      ["4915123456789@s.whatsapp.net", "available"],
    ]);
    expect(activity.reads.map((r: { messageId: string }) => r.messageId)).toEqual([inboundId]);
  });

  it("answers 409 for all of them while the instance is not connected", async () => {
    expect((await c.call("POST", `/api/v1/sandbox/instances/${instanceId}/disconnect`, { code: 440 })).status).toBe(202);
    await waitUntil(() => c.call("GET", `/api/v1/instances/${instanceId}`), (r) => r.body.status === "DISCONNECTED", "DISCONNECTED");
    const calls: Array<[string, string, unknown?]> = [
      ["POST", "contacts/check", { numbers: ["4915123456789"] }],
      ["GET", "contacts/4915123456789/profile"],
      ["GET", "groups"],
      ["GET", "groups/120363000000000001@g.us"],
      ["POST", "presence", { to: "4915123456789", state: "composing" }],
      ["POST", "messages/read", { messageIds: ["ABCDEFGH12"] }],
    ];
    for (const [method, path, body] of calls) {
      const res = await c.call(method, `/api/v1/instances/${instanceId}/${path}`, body);
      expect(res.status, path).toBe(409);
      expect(res.body.error.message, path).toMatch(/not CONNECTED/);
    }
  });
});
