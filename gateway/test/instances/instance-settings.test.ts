import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InstanceSettings, InstanceSettingsUpdate, defaultInstanceSettings } from "../../../contract/instance-settings";
import { Instance, SandboxActivity, SandboxReceivedList, StatusHistoryList } from "../../../contract/instances";
import { LogList } from "../../../contract/logs";
import { SandboxLinkedDevices } from "../../../contract/sandbox";
import { WatchdogSettings } from "../../../contract/watchdog";
import { WebhookEnvelope } from "../../../contract/webhooks";
import { api, login, startGateway, storedRows, waitUntil, FAST_SANDBOX, type RunningGateway } from "../support/gateway";
import { WEBHOOK_TEST_ENV, caller, sleep } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// Per-instance behaviour settings (docs/instance-settings.md) over real HTTP on the sandbox engine, which honours
// each one observably as the Baileys engine does with WhatsApp (gateway/test/engines/baileys-engine.test.ts checks
// those mappings against a fake socket): calls rejected with a reply, ignored chats, auto-read, presence, the device
// name, and the watchdog's two fields shared with …/watchdog.
let gw: RunningGateway;
let token: string;
let receiver: Receiver;
const c = caller(() => gw, () => token);

const CONTACT = "4915123456789";
const GROUP = "120363000000000001@g.us";

beforeAll(async () => {
  receiver = await startReceiver();
  gw = await startGateway({ ...FAST_SANDBOX, ...WEBHOOK_TEST_ENV, SANDBOX_ACK_MS: "20" });
  token = await login(gw.url);
});
afterAll(async () => {
  await gw?.stop();
  await receiver?.close();
});

const settingsOf = async (id: string) => InstanceSettings.parse((await c.call("GET", `/api/v1/instances/${id}/settings`)).body);
const instanceOf = async (id: string) => Instance.parse((await c.call("GET", `/api/v1/instances/${id}`)).body);
const history = async (id: string) => StatusHistoryList.parse((await c.call("GET", `/api/v1/instances/${id}/status-history?limit=100`)).body).items;
const activity = async (id: string) => SandboxActivity.parse((await c.call("GET", `/api/v1/sandbox/instances/${id}/activity`)).body);

async function patch(id: string, body: unknown): Promise<InstanceSettingsUpdate> {
  const res = await c.call("PATCH", `/api/v1/instances/${id}/settings`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return InstanceSettingsUpdate.parse(res.body);
}

/** A connected instance with a webhook of its own for `events`; returns what that webhook received. */
async function wired(name: string, events: string[]) {
  const id = await c.connectedInstance(name);
  const webhook = await c.createWebhook({ url: receiver.url, events, instanceId: id });
  receiver.secrets.push(webhook.secret);
  const delivered = () =>
    receiver.received
      .filter((d) => d.verifiedWith === webhook.secret)
      .map((d) => WebhookEnvelope.parse(JSON.parse(d.body)))
      .map((e) => ({ type: e.type, data: e.data as Record<string, unknown> }));
  return { id, webhookId: webhook.id, delivered };
}

describe("instance settings", () => {
  it("start at the defaults, with the device name from the instance's browser tuple", async () => {
    const created = await c.call("POST", "/api/v1/instances", { name: "Defaults", connect: false });
    expect(created.status).toBe(201);
    expect(await settingsOf(created.body.id as string)).toEqual(defaultInstanceSettings());
    expect((await settingsOf(created.body.id as string)).deviceName).toBe("WhatsApp API Manager");

    const mac = await c.call("POST", "/api/v1/instances", { name: "Mac desktop", connect: false, browser: ["Mac OS", "Desktop", "14.4.1"] });
    expect(await settingsOf(mac.body.id as string)).toEqual({ ...defaultInstanceSettings(["Mac OS", "Desktop", "14.4.1"]), deviceName: "Mac OS" });

    // What another version may have stored: unknown keys are ignored, a malformed value reads as its default.
    await storedRows(gw.dataDir, "update instances set settings = ? where id = ?", ['{"rejectCalls":true,"readMessages":"yes","futureSetting":1}', mac.body.id], { write: true });
    expect(await settingsOf(mac.body.id as string)).toEqual({ ...defaultInstanceSettings(["Mac OS", "Desktop", "14.4.1"]), rejectCalls: true });
  });

  it("refuses bad patches with a 400 that names the field, and changes nothing", async () => {
    const { body } = await c.call("POST", "/api/v1/instances", { name: "Validated", connect: false });
    const id = body.id as string;
    const before = await settingsOf(id);
    const bad: Array<[unknown, RegExp]> = [
      [{}, /at least one setting/],
      [{ rejectCalls: true, rejectsCalls: true }, /rejectsCalls/],
      [{ rejectCalls: "yes" }, /rejectCalls/],
      [{ readMessages: 1 }, /readMessages/],
      [{ rejectCallMessage: "   " }, /rejectCallMessage.*must not be empty/],
      [{ rejectCallMessage: "x".repeat(501) }, /rejectCallMessage.*500/],
      [{ deviceName: "" }, /deviceName/],
      [{ deviceName: "x".repeat(41) }, /deviceName.*40/],
      [{ deviceName: "Bad\nname" }, /deviceName.*control/],
      [{ watchdogPolicy: "reboot" }, /watchdogPolicy/],
      [{ watchdogSilenceSeconds: 5 }, /watchdogSilenceSeconds.*at least 60/],
      [{ watchdogSilenceSeconds: 90.5 }, /watchdogSilenceSeconds/],
      [[{ rejectCalls: true }], /body/],
      [JSON.stringify("rejectCalls"), /body/i],
    ];
    for (const [payload, message] of bad) {
      const res = await c.call("PATCH", `/api/v1/instances/${id}/settings`, payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.error.code).toBe("bad_request");
      expect(JSON.stringify(res.body.error), JSON.stringify(payload)).toMatch(message);
    }
    // A valid field next to an invalid one is not saved either.
    expect((await c.call("PATCH", `/api/v1/instances/${id}/settings`, { rejectCalls: true, deviceName: "" })).status).toBe(400);
    expect((await api(gw.url, "PATCH", `/api/v1/instances/${id}/settings`, { token })).status).toBe(400);
    expect(await settingsOf(id)).toEqual(before);
    expect((await c.call("GET", `/api/v1/instances/${id}/settings?all=1`)).status).toBe(400);
  });

  it("404s for an unknown instance, lets an instance token read its own settings but not change them", async () => {
    for (const method of ["GET", "PATCH"]) {
      const res = await c.call(method, "/api/v1/instances/ins_doesnotexist00/settings", method === "PATCH" ? { rejectCalls: true } : undefined);
      expect(res.status, method).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    const own = (await c.call("POST", "/api/v1/instances", { name: "Token holder", connect: false })).body.id as string;
    const other = (await c.call("POST", "/api/v1/instances", { name: "Someone else", connect: false })).body.id as string;
    const minted = await c.call("POST", "/api/v1/api-keys", { name: "Settings token", scope: "instance", instanceId: own });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    const instanceToken = minted.body.token as string;
    expect((await api(gw.url, "GET", `/api/v1/instances/${own}/settings`, { token: instanceToken })).status).toBe(200);
    expect((await api(gw.url, "PATCH", `/api/v1/instances/${own}/settings`, { token: instanceToken, body: { rejectCalls: true } })).status).toBe(403);
    expect((await api(gw.url, "GET", `/api/v1/instances/${other}/settings`, { token: instanceToken })).status).toBe(403);
    expect((await settingsOf(own)).rejectCalls).toBe(false);
    // An admin key may change them, as it may the watchdog's.
    const admin = await c.call("POST", "/api/v1/api-keys", { name: "Settings admin", scope: "admin" });
    const changed = await api(gw.url, "PATCH", `/api/v1/instances/${own}/settings`, { token: admin.body.token as string, body: { rejectCalls: true } });
    expect(changed.status).toBe(200);
    expect(changed.body.settings.rejectCalls).toBe(true);
  });

  it("applies live settings without a restart, and logs which changed", async () => {
    const id = await c.connectedInstance("Live changes");
    const seqBefore = (await instanceOf(id)).seq;
    const result = await patch(id, { rejectCalls: true, rejectCallMessage: "  No calls, please write.  ", readMessages: true, ignoreGroups: true, ignoreBroadcasts: true });
    expect(result).toEqual({
      settings: { ...defaultInstanceSettings(), rejectCalls: true, rejectCallMessage: "No calls, please write.", readMessages: true, ignoreGroups: true, ignoreBroadcasts: true },
      restart: false,
      restartFor: [],
    });
    expect(await settingsOf(id)).toEqual(result.settings);
    // Nothing else changed: same status, no new history, same seq.
    await sleep(300);
    const after = await instanceOf(id);
    expect(after.status).toBe("CONNECTED");
    expect(after.seq).toBe(seqBefore);
    // Patching to the same values changes nothing and says so.
    expect(await patch(id, { rejectCalls: true, ignoreGroups: true })).toMatchObject({ restart: false, restartFor: [] });

    const entries = await waitUntil(
      async () => LogList.parse((await c.call("GET", `/api/v1/logs?instanceId=${id}&source=gateway&limit=50`)).body).items.filter((e) => e.message.startsWith("Settings changed")),
      (found) => found.length === 1,
      "the settings log entry",
    );
    expect(entries[0]!.message).toBe("Settings changed: rejectCalls, rejectCallMessage, readMessages, ignoreGroups, ignoreBroadcasts");
    expect(entries[0]!.context).toMatchObject({ changed: ["rejectCalls", "rejectCallMessage", "readMessages", "ignoreGroups", "ignoreBroadcasts"], restart: false, by: "admin" });
    expect(JSON.stringify(entries[0])).not.toContain("No calls, please write.");
  });

  it("restarts a running session without a QR for a new device name or history sync, and shows the name in the metadata", async () => {
    const id = await c.connectedInstance("Renamed device");
    const before = await instanceOf(id);
    const linked = SandboxLinkedDevices.parse((await c.call("GET", `/api/v1/sandbox/instances/${id}/linked-devices`)).body);
    expect(linked.items).toEqual([{ name: "WhatsApp API Manager", platform: "Chrome", linkedAt: expect.any(String) }]);

    const renamed = await patch(id, { deviceName: "  Support desk  " });
    expect(renamed).toMatchObject({ restart: true, restartFor: ["deviceName"], settings: { deviceName: "Support desk" } });
    const back = await waitUntil(() => instanceOf(id), (i) => i.status === "CONNECTED" && i.seq > before.seq + 1, "CONNECTED after the restart");
    const changes = (await history(id)).filter((h) => h.seq > before.seq).reverse();
    expect(changes.map((h) => h.status)).toEqual(["RECONNECTING", "CONNECTED"]);
    expect(changes[0]!.statusReason).toBe("Settings changed (deviceName); restarting the session");
    expect(back.number).toBe(before.number);
    expect(back.browser).toEqual(["Support desk", "Chrome", "120.0"]);
    // As on a real phone: the linked device keeps the name it was linked with until it is linked again.
    expect(SandboxLinkedDevices.parse((await c.call("GET", `/api/v1/sandbox/instances/${id}/linked-devices`)).body).items[0]!.name).toBe("WhatsApp API Manager");
    expect((await c.call("POST", `/api/v1/instances/${id}/reset`)).status).toBe(202);
    await waitUntil(() => instanceOf(id), (i) => i.status === "QR_REQUIRED", "QR_REQUIRED after the reset");
    expect(SandboxLinkedDevices.parse((await c.call("GET", `/api/v1/sandbox/instances/${id}/linked-devices`)).body).items).toEqual([]);
    expect((await c.call("POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
    await waitUntil(() => instanceOf(id), (i) => i.status === "CONNECTED", "CONNECTED after the new scan");
    expect(SandboxLinkedDevices.parse((await c.call("GET", `/api/v1/sandbox/instances/${id}/linked-devices`)).body).items).toEqual([{ name: "Support desk", platform: "Chrome", linkedAt: expect.any(String) }]);

    const seq = (await instanceOf(id)).seq;
    expect(await patch(id, { syncFullHistory: true, alwaysOnline: true })).toMatchObject({ restart: true, restartFor: ["syncFullHistory"] });
    await waitUntil(() => instanceOf(id), (i) => i.status === "CONNECTED" && i.seq > seq + 1, "CONNECTED after the second restart");
    expect((await history(id)).filter((h) => h.seq > seq).map((h) => h.status)).toEqual(["CONNECTED", "RECONNECTING"]);
  });

  it("saves restart-only settings of a stopped instance for its next start, without starting it", async () => {
    const created = await c.call("POST", "/api/v1/instances", { name: "Stopped rename", connect: false });
    const id = created.body.id as string;
    expect(await patch(id, { deviceName: "Front office" })).toMatchObject({ restart: false, restartFor: ["deviceName"] });
    const instance = await instanceOf(id);
    expect(instance.status).toBe("INIT");
    expect(instance.browser).toEqual(["Front office", "Chrome", "120.0"]);
    // Its first link announces the new name.
    expect((await c.call("POST", `/api/v1/instances/${id}/connect`)).status).toBe(202);
    await waitUntil(() => instanceOf(id), (i) => i.status === "QR_REQUIRED", "QR_REQUIRED");
    expect((await c.call("POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
    await waitUntil(() => instanceOf(id), (i) => i.status === "CONNECTED", "CONNECTED");
    expect(SandboxLinkedDevices.parse((await c.call("GET", `/api/v1/sandbox/instances/${id}/linked-devices`)).body).items[0]!.name).toBe("Front office");
  });

  it("rejects calls and sends the reply, and says so in call.received", async () => {
    const { id, delivered } = await wired("Rejects calls", ["call.received", "message.sent"]);
    const ringing = await c.call("POST", `/api/v1/sandbox/instances/${id}/call`, { from: CONTACT });
    expect(ringing.status).toBe(202);
    expect(ringing.body).toEqual({ callId: expect.any(String) });

    await patch(id, { rejectCalls: true, rejectCallMessage: "Sorry, no calls. Please write." });
    const rejected = await c.call("POST", `/api/v1/sandbox/instances/${id}/call`, { from: CONTACT, isVideo: true });
    expect(rejected.status).toBe(202);
    expect(rejected.body).toEqual({ callId: expect.any(String), rejected: true, replyMessageId: expect.any(String) });
    // Only a new call is rejected; later updates of a call are reported as they come.
    await c.call("POST", `/api/v1/sandbox/instances/${id}/call`, { from: CONTACT, status: "terminate" });

    const events = await waitUntil(async () => delivered(), (e) => e.filter((x) => x.type === "call.received").length === 3 && e.some((x) => x.type === "message.sent"), "the calls and the reply");
    const calls = events.filter((e) => e.type === "call.received").map((e) => e.data);
    expect(calls.find((d) => d.callId === ringing.body.callId)).not.toHaveProperty("rejected");
    expect(calls.find((d) => d.callId === rejected.body.callId)).toMatchObject({ from: `${CONTACT}@s.whatsapp.net`, isVideo: true, status: "offer", rejected: true });
    expect(calls.find((d) => d.status === "terminate")).not.toHaveProperty("rejected");
    expect(events.find((e) => e.type === "message.sent")!.data).toMatchObject({ messageId: rejected.body.replyMessageId, to: `${CONTACT}@s.whatsapp.net`, text: "Sorry, no calls. Please write." });
    // The caller's phone got it.
    const got = SandboxReceivedList.parse((await c.call("GET", `/api/v1/sandbox/instances/${id}/received`)).body).items;
    expect(got).toEqual([expect.objectContaining({ messageId: rejected.body.replyMessageId, to: `${CONTACT}@s.whatsapp.net`, content: { type: "text", text: "Sorry, no calls. Please write." } })]);

    // Without a reply text the call is rejected all the same, and nothing is sent.
    await patch(id, { rejectCallMessage: null });
    expect((await c.call("POST", `/api/v1/sandbox/instances/${id}/call`, { from: CONTACT })).body).toEqual({ callId: expect.any(String), rejected: true });
    await sleep(200);
    expect(SandboxReceivedList.parse((await c.call("GET", `/api/v1/sandbox/instances/${id}/received`)).body).items).toHaveLength(1);
  });

  it("ignores groups, channels and broadcast lists it is told to: no webhook and no log, while direct messages still arrive", async () => {
    const { id, webhookId, delivered } = await wired("Ignores groups", ["message.received", "message.reaction", "group.participants", "presence.update"]);
    const inbound = async (body: Record<string, unknown>) => {
      const res = await c.call("POST", `/api/v1/sandbox/instances/${id}/inbound`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return res.body as { messageId: string; ignored?: true };
    };
    // Not ignored yet: a group message, a channel post and a broadcast-list message all arrive.
    await inbound({ from: CONTACT, group: GROUP, text: "group, before" });
    await inbound({ from: CONTACT, chat: "120363000000000009@newsletter", text: "channel, before" });
    await inbound({ from: CONTACT, chat: "1700000000@broadcast", text: "list, before" });
    await waitUntil(async () => delivered().length, (n) => n === 3, "three messages before the change");
    expect(delivered().map((e) => e.data.chat)).toEqual([GROUP, "120363000000000009@newsletter", "1700000000@broadcast"]);
    expect(delivered()[2]!.data).toMatchObject({ from: "1700000000@broadcast", participant: `${CONTACT}@s.whatsapp.net` });

    await patch(id, { ignoreGroups: true, ignoreNewsletters: true, ignoreBroadcasts: true });
    expect(await inbound({ from: CONTACT, group: GROUP, text: "group, after" })).toMatchObject({ ignored: true });
    expect(await inbound({ from: CONTACT, chat: "120363000000000009@newsletter", text: "channel, after" })).toMatchObject({ ignored: true });
    expect(await inbound({ from: CONTACT, chat: "1700000000@broadcast", text: "list, after" })).toMatchObject({ ignored: true });
    // Nor anything else from the group.
    await c.call("POST", `/api/v1/sandbox/instances/${id}/reaction`, { from: CONTACT, group: GROUP, messageId: "SANDBOX0A1B2C3D4E5F6A7B", emoji: "👍" });
    await c.call("POST", `/api/v1/sandbox/instances/${id}/group-participants`, { group: GROUP, action: "add", participants: ["4915112345678"] });
    await c.call("POST", `/api/v1/sandbox/instances/${id}/presence`, { from: CONTACT, group: GROUP, presence: "composing" });
    const direct = await inbound({ from: CONTACT, text: "direct, after" });
    expect(direct.ignored).toBeUndefined();

    await waitUntil(async () => delivered().length, (n) => n === 4, "the direct message");
    await sleep(300);
    expect(delivered().map((e) => e.data.text)).toEqual(["group, before", "channel, before", "list, before", "direct, after"]);
    expect(await c.deliveries(webhookId)).toHaveLength(4);
    // The log has one delivery entry per message that went out, and none for the ignored ones.
    await waitUntil(
      async () => LogList.parse((await c.call("GET", `/api/v1/logs?instanceId=${id}&source=webhook&limit=100`)).body).items,
      (items) => items.length >= 4,
      "the delivery log entries",
    );
    await sleep(500);
    const logged = LogList.parse((await c.call("GET", `/api/v1/logs?instanceId=${id}&source=webhook&limit=100`)).body).items;
    expect(logged.map((e) => e.context.event)).toEqual(["message.received", "message.received", "message.received", "message.received"]);
  });

  it("marks received messages and status updates read when told to, and ignores status updates when told to", async () => {
    const { id, delivered } = await wired("Reads at once", ["message.received"]);
    const inbound = async (body: Record<string, unknown>) => (await c.call("POST", `/api/v1/sandbox/instances/${id}/inbound`, body)).body as { messageId: string; read?: true; ignored?: true };
    const unread = await inbound({ from: CONTACT, text: "not read" });
    expect(unread.read).toBeUndefined();
    const status = await inbound({ from: CONTACT, chat: "status@broadcast", text: "my status" });
    expect(status).toEqual({ messageId: expect.any(String) });

    await patch(id, { readMessages: true, readStatus: true });
    const read = await inbound({ from: CONTACT, text: "read at once" });
    expect(read.read).toBe(true);
    const seen = await inbound({ from: CONTACT, chat: "status@broadcast", text: "seen at once" });
    expect(seen).toEqual({ messageId: expect.any(String), read: true });
    expect((await activity(id)).reads.map((r) => r.messageId)).toEqual([read.messageId, seen.messageId]);
    // Status updates are never webhooks; the messages are.
    await waitUntil(async () => delivered().length, (n) => n === 2, "the two direct messages");
    await sleep(200);
    expect(delivered().map((e) => e.data.messageId)).toEqual([unread.messageId, read.messageId]);

    await patch(id, { ignoreStatus: true });
    expect(await inbound({ from: CONTACT, chat: "status@broadcast", text: "dropped" })).toEqual({ messageId: expect.any(String), ignored: true });
    expect((await activity(id)).reads).toHaveLength(2);
  });

  it("is online only while sending by default, and always online when told to", async () => {
    const id = await c.connectedInstance("Presence");
    const number = (await instanceOf(id)).number!;
    const own = async () => (await activity(id)).presences.filter((p) => p.to === `${number}@s.whatsapp.net`).map((p) => p.state);
    expect(await own()).toEqual(["unavailable"]);
    const sent = await c.call("POST", `/api/v1/instances/${id}/messages`, { to: CONTACT, text: "hello" });
    expect(sent.status).toBe(202);
    await waitUntil(own, (states) => states.length === 3, "online around the send");
    expect(await own()).toEqual(["unavailable", "available", "unavailable"]);

    expect(await patch(id, { alwaysOnline: true })).toMatchObject({ restart: false, restartFor: [] });
    expect(await own()).toEqual(["unavailable", "available", "unavailable", "available"]);
    await c.call("POST", `/api/v1/instances/${id}/messages`, { to: CONTACT, text: "still online" });
    await waitUntil(async () => SandboxReceivedList.parse((await c.call("GET", `/api/v1/sandbox/instances/${id}/received`)).body).items.length, (n) => n === 2, "the second send");
    await sleep(100);
    expect(await own()).toEqual(["unavailable", "available", "unavailable", "available"]);
    expect(await patch(id, { alwaysOnline: false })).toMatchObject({ restart: false });
    expect((await own()).at(-1)).toBe("unavailable");
  });

  it("shares the watchdog's fields with GET|PATCH …/watchdog", async () => {
    const { body } = await c.call("POST", "/api/v1/instances", { name: "Watched", connect: false });
    const id = body.id as string;
    const watchdog = async () => WatchdogSettings.parse((await c.call("GET", `/api/v1/instances/${id}/watchdog`)).body);
    expect(await patch(id, { watchdogPolicy: "alert", watchdogSilenceSeconds: 600 })).toMatchObject({ restart: false, restartFor: [], settings: { watchdogPolicy: "alert", watchdogSilenceSeconds: 600 } });
    expect(await watchdog()).toMatchObject({ policy: "alert", instancePolicy: "alert", silenceSeconds: 600, instanceSilenceSeconds: 600 });

    expect((await c.call("PATCH", `/api/v1/instances/${id}/watchdog`, { policy: "off", silenceSeconds: null })).status).toBe(200);
    expect(await settingsOf(id)).toMatchObject({ watchdogPolicy: "off", watchdogSilenceSeconds: null });

    expect(await patch(id, { watchdogPolicy: null })).toMatchObject({ settings: { watchdogPolicy: null } });
    expect(await watchdog()).toMatchObject({ policy: "restart", instancePolicy: null });
    // The other settings are untouched by the watchdog's route.
    expect(await settingsOf(id)).toEqual({ ...defaultInstanceSettings(), watchdogPolicy: null, watchdogSilenceSeconds: null });
  });
});
