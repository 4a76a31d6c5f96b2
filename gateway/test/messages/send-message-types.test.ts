import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Message, SendMessageResponse } from "../../../contract/messages";
import { SendQueueInfo } from "../../../contract/send-queue";
import { FAST_SANDBOX, login, startGateway, storedRows, waitUntil, type RunningGateway } from "../support/gateway";
import { bytes, startMediaServer, type MediaServer } from "../support/media-server";
import { WEBHOOK_TEST_ENV, caller } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// Issue 19, phase 1: every message kind over real HTTP on the sandbox, media by URL from a local server, statuses
// reaching read, failures after the 202 with their reason, edits and revokes.
let gw: RunningGateway;
let token: string;
let media: MediaServer;
let receiver: Receiver;
let instanceId: string;
const c = caller(() => gw, () => token);

const png = bytes(3000, 1);
const mp4 = bytes(5000, 2);
const ogg = bytes(2000, 3);
const pdf = bytes(7000, 4);
const webp = bytes(1500, 5);
const big = bytes(80 * 1024, 6);

beforeAll(async () => {
  media = await startMediaServer({
    "/pic.png": { body: png.body, type: "image/png" },
    "/clip.mp4": { body: mp4.body, type: "video/mp4" },
    "/voice.ogg": { body: ogg.body, type: "audio/ogg; codecs=opus" },
    "/invoice.pdf": { body: pdf.body, type: "application/pdf" },
    "/sticker.webp": { body: webp.body, type: "image/webp" },
    "/big.png": { body: big.body, type: "image/png" },
    "/page.html": { body: Buffer.from("<html></html>"), type: "text/html" },
    "/moved.png": { body: Buffer.alloc(0), status: 302, headers: { location: "/pic.png" } },
  });
  gw = await startGateway({ ...FAST_SANDBOX, ...WEBHOOK_TEST_ENV, SANDBOX_ACK_MS: "40", MESSAGE_RATE_PER_SECOND: "50", MESSAGE_BURST: "10", MEDIA_MAX_IMAGE_MIB: "0.05" });
  token = await login(gw.url);
  receiver = await startReceiver();
  instanceId = await c.connectedInstance("Messenger");
});
afterAll(async () => {
  await receiver.close();
  await media.close();
  await gw.stop();
});

const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${gw.url}/api/v1/instances/${instanceId}/messages`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    headers: r.headers,
    body: (await r.json()) as Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  }));
const getMessage = async (id: string) => Message.parse((await c.call("GET", `/api/v1/instances/${instanceId}/messages/${id}`)).body);
const received = async () => (await c.call("GET", `/api/v1/sandbox/instances/${instanceId}/received`)).body.items as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
const until = (id: string, status: string) => waitUntil(() => getMessage(id), (m) => m.status === status, `${id} ${status}`);

describe("POST /api/v1/instances/{id}/messages: one union on type", () => {
  it("sends every kind, each reaching read, and the simulated recipient gets exactly what was asked (media bytes included)", async () => {
    const to = "4915123456789";
    const jid = `${to}@s.whatsapp.net`;
    const cases: Array<{ body: Record<string, unknown>; expect: Record<string, unknown>; sha256?: string; mimetype?: string }> = [
      { body: { type: "text", to, text: "Hello", mentions: ["4915100000001"] }, expect: { type: "text", content: { type: "text", text: "Hello", mentions: ["4915100000001@s.whatsapp.net"] } } },
      { body: { type: "image", to, url: `${media.url}/pic.png`, caption: "A picture" }, expect: { type: "image", content: { type: "image", caption: "A picture" } }, sha256: png.sha256, mimetype: "image/png" },
      { body: { type: "video", to, url: `${media.url}/clip.mp4` }, expect: { type: "video" }, sha256: mp4.sha256, mimetype: "video/mp4" },
      { body: { type: "audio", to, url: `${media.url}/voice.ogg`, voiceNote: true }, expect: { type: "audio", content: { type: "audio", voiceNote: true } }, sha256: ogg.sha256, mimetype: "audio/ogg" },
      { body: { type: "document", to, url: `${media.url}/invoice.pdf`, fileName: "invoice.pdf", caption: "Your invoice" }, expect: { type: "document", content: { type: "document", fileName: "invoice.pdf", caption: "Your invoice" } }, sha256: pdf.sha256, mimetype: "application/pdf" },
      { body: { type: "sticker", to, url: `${media.url}/sticker.webp` }, expect: { type: "sticker" }, sha256: webp.sha256, mimetype: "image/webp" },
      { body: { type: "location", to, latitude: 52.52, longitude: 13.405, name: "Office", address: "Berlin" }, expect: { type: "location", content: { type: "location", latitude: 52.52, longitude: 13.405, name: "Office", address: "Berlin" } } },
      { body: { type: "contact", to, contacts: [{ name: "Ada", phone: "+44 20 7946 0958" }] }, expect: { type: "contact", content: { type: "contact", contacts: [{ name: "Ada", phone: "442079460958" }] } } },
      { body: { type: "poll", to, name: "Lunch?", options: ["Pizza", "Sushi"], selectableCount: 1 }, expect: { type: "poll", content: { type: "poll", name: "Lunch?", options: ["Pizza", "Sushi"], selectableCount: 1 } } },
    ];
    const ids: string[] = [];
    for (const entry of cases) {
      const res = await send(entry.body);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      const answer = SendMessageResponse.parse(res.body);
      expect(answer).toEqual({ id: answer.id, messageId: answer.id, to: jid, status: "pending" });
      ids.push(answer.id);
    }
    // A reaction to the text, and a reply to the image.
    const reaction = await send({ type: "reaction", to, messageId: ids[0], emoji: "👍" });
    const reply = await send({ type: "text", to, text: "About that picture", replyTo: ids[1] });
    expect([reaction.status, reply.status]).toEqual([202, 202]);
    ids.push(reaction.body.id as string, reply.body.id as string);

    for (const id of ids) await until(id, "read");
    const got = await received();
    for (const [i, entry] of cases.entries()) {
      const delivery = got.find((d) => d.messageId === ids[i]);
      expect(delivery, entry.body.type as string).toMatchObject({ to: jid, ...entry.expect, edits: [], revoked: false });
      if (entry.sha256) expect(delivery!.media).toEqual({ sha256: entry.sha256, size: expect.any(Number), mimetype: entry.mimetype });
      else expect(delivery!.media).toBeUndefined();
    }
    expect(got.find((d) => d.messageId === ids[cases.length])).toMatchObject({ type: "reaction", content: { type: "reaction", messageId: ids[0], emoji: "👍" } });
    expect(got.find((d) => d.messageId === ids[cases.length + 1])).toMatchObject({ type: "text", quoted: ids[1] });
    const message = await getMessage(ids[1]!);
    expect(message).toMatchObject({ id: ids[1], instanceId, to: jid, type: "image", status: "read", sentAt: expect.any(String) });
    expect(message.failureReason).toBeUndefined();
  });

  it("keeps the first send API working: a body without type is a text, answered with id, messageId and to", async () => {
    const res = await send({ to: "+49 151 2345 6789", text: "Old style" });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({ id: res.body.id, messageId: res.body.id, to: "4915123456789@s.whatsapp.net", status: "pending" });
    await until(res.body.id as string, "read");
    expect((await getMessage(res.body.id as string)).type).toBe("text");
  });

  it("accepts recipients as typed digits, @s.whatsapp.net, @c.us (as @s.whatsapp.net), @lid and @g.us; any other form is a 400 naming the accepted ones", async () => {
    const forms: Array<[string, string]> = [
      ["+49 (151) 2345-6789", "4915123456789@s.whatsapp.net"],
      ["4915123456789@s.whatsapp.net", "4915123456789@s.whatsapp.net"],
      ["4915123456789@c.us", "4915123456789@s.whatsapp.net"],
      ["123456789012345@lid", "123456789012345@lid"],
      ["120363000000000001@g.us", "120363000000000001@g.us"],
    ];
    for (const [to, jid] of forms) {
      const res = await send({ type: "text", to, text: "hi" });
      expect(res.status, to).toBe(202);
      expect(res.body.to, to).toBe(jid);
    }
    for (const to of ["hello", "someone@example.com", "0049151", "4915123456789@broadcast"]) {
      const res = await send({ type: "text", to, text: "hi" });
      expect(res.status, to).toBe(400);
      expect(res.body.error.details.issues[0]).toMatchObject({ path: "body.to" });
      expect(res.body.error.message).toMatch(/@s\.whatsapp\.net.*@c\.us.*@lid.*@g\.us/);
    }
  });

  it("refuses an unknown type with the list of kinds, and a kind's missing field by name", async () => {
    const unknown = await send({ type: "carrier-pigeon", to: "4915123456789" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/text, image, video, audio, document, sticker, location, contact, poll, reaction/);
    const noFile = await send({ type: "document", to: "4915123456789", url: `${media.url}/invoice.pdf` });
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.details.issues.map((i: { path: string }) => i.path)).toContain("body.fileName");
    const stray = await send({ type: "text", to: "4915123456789", text: "x", url: "https://example.com/a.png" });
    expect(stray.status).toBe(400);
  });

  it("refuses at once a media URL whose host is a literal private, loopback or link-local address (not allow-listed), and fetches nothing", async () => {
    for (const url of ["http://10.0.0.7/a.png", "http://192.168.1.20/a.png", "http://[::1]/a.png", "http://169.254.169.254/latest/meta-data", "http://127.0.0.2/a.png"]) {
      const res = await send({ type: "image", to: "4915123456789", url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.details.issues[0].path, url).toBe("body.url");
      expect(res.body.error.message, url).toMatch(/media URLs may (only|never) reach/);
    }
  });

  it("fails a media message after the 202 with the reason (wrong content type, over the size cap, a redirect), announced as a message.status webhook", async () => {
    const webhook = await c.createWebhook({ url: receiver.url, events: ["message.status"], instanceId });
    receiver.secrets.push(webhook.secret);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ type: "image", url: `${media.url}/page.html` }, /answered with text\/html, but a image must be an image/],
      [{ type: "image", url: `${media.url}/big.png` }, /larger than the 51(\.\d)? KiB limit|larger than the 52 KiB limit/],
      [{ type: "image", url: `${media.url}/moved.png` }, /answered 302 \(redirects are not followed\)/],
      [{ type: "document", url: `${media.url}/missing.pdf`, fileName: "x.pdf" }, /answered 404/],
    ];
    const failedIds: string[] = [];
    for (const [body, reason] of cases) {
      const res = await send({ to: "4915123456789", ...body });
      failedIds.push(res.body.id as string);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      const failed = await until(res.body.id as string, "failed");
      expect(failed.failureReason).toMatch(reason);
      expect(failed.sentAt).toBeUndefined();
      const event = await waitUntil(
        async () => receiver.received.map((d) => JSON.parse(d.body) as { type: string; data: Record<string, string> }).find((e) => e.data.messageId === res.body.id),
        (e) => e !== undefined,
        "the failed message.status webhook",
      );
      expect(event!.data).toMatchObject({ messageId: res.body.id, remoteJid: "4915123456789@s.whatsapp.net", status: "failed", reason: failed.failureReason });
    }
    // Nothing of them reached the recipient.
    expect((await received()).filter((d) => failedIds.includes(d.messageId as string))).toEqual([]);
  });

  it("edits a sent text and deletes a message for everyone; other kinds, unknown ids and deleted messages are refused", async () => {
    const text = await send({ type: "text", to: "4915123456789", text: "Draft" });
    await until(text.body.id as string, "read");
    const edited = await c.call("PATCH", `/api/v1/instances/${instanceId}/messages/${text.body.id}`, { text: "Final" });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(Message.parse(edited.body).editedAt).toBeTruthy();
    const revoked = await c.call("DELETE", `/api/v1/instances/${instanceId}/messages/${text.body.id}`);
    expect(revoked.status).toBe(200);
    expect(Message.parse(revoked.body).revokedAt).toBeTruthy();
    expect((await received()).find((d) => d.messageId === text.body.id)).toMatchObject({ edits: ["Final"], revoked: true });
    expect((await c.call("PATCH", `/api/v1/instances/${instanceId}/messages/${text.body.id}`, { text: "Again" })).status).toBe(409);

    const location = await send({ type: "location", to: "4915123456789", latitude: 1, longitude: 2 });
    await until(location.body.id as string, "read");
    const notText = await c.call("PATCH", `/api/v1/instances/${instanceId}/messages/${location.body.id}`, { text: "x" });
    expect(notText.status).toBe(409);
    expect(notText.body.error.message).toMatch(/Only text messages can be edited/);
    expect((await c.call("GET", `/api/v1/instances/${instanceId}/messages/NOSUCHMESSAGE1`)).status).toBe(404);
    expect((await c.call("DELETE", `/api/v1/instances/${instanceId}/messages/NOSUCHMESSAGE1`)).status).toBe(404);
  });

  it("counts the instance's messages of the last 24 h by status in GET …/send-queue (numbers only, older ones left out)", async () => {
    const counted = await c.connectedInstance("Counted");
    const sendTo = (body: Record<string, unknown>) => c.call("POST", `/api/v1/instances/${counted}/messages`, { to: "4915123456789", ...body });
    const messageOf = async (id: string) => Message.parse((await c.call("GET", `/api/v1/instances/${counted}/messages/${id}`)).body);
    const ids: string[] = [];
    for (const body of [{ text: "one" }, { text: "two" }, { text: "old" }, { type: "image", url: `${media.url}/page.html` }]) ids.push((await sendTo(body)).body.id as string);
    for (const [i, status] of ["read", "read", "read", "failed"].entries()) await waitUntil(() => messageOf(ids[i]!), (m) => m.status === status, `${ids[i]} ${status}`);
    // The third one was sent a day and a minute ago, as far as the store knows.
    await storedRows(gw.dataDir, "update messages set created_at = ? where id = ?", [new Date(Date.now() - 24 * 3600_000 - 60_000).toISOString(), ids[2]], { write: true });
    const info = SendQueueInfo.parse((await c.call("GET", `/api/v1/instances/${counted}/send-queue`)).body);
    expect(info.last24h).toEqual({ pending: 0, server_ack: 0, delivered: 0, read: 2, played: 0, failed: 1 });
    expect(info.queued).toBe(0);
  });

  it("forgets sent and failed messages after MESSAGE_RETENTION_DAYS, but never one still waiting in the queue", async () => {
    // A gateway of its own: a retention of 2 s (the sweep runs every tenth of it), sending slowly enough that one waits.
    const short = await startGateway({ ...FAST_SANDBOX, SANDBOX_ACK_MS: "40", MESSAGE_RATE_PER_SECOND: "0.05", MESSAGE_BURST: "1", MESSAGE_RETENTION_DAYS: String(2 / 86_400) });
    try {
      const shortToken = await login(short.url);
      const s = caller(() => short, () => shortToken);
      const id = await s.connectedInstance("Forgetful");
      const sent = (await s.call("POST", `/api/v1/instances/${id}/messages`, { to: "4915123456789", text: "first" })).body.id as string;
      const waiting = (await s.call("POST", `/api/v1/instances/${id}/messages`, { to: "4915123456789", text: "second, 20 s later" })).body.id as string;
      await waitUntil(() => s.call("GET", `/api/v1/instances/${id}/messages/${sent}`), (r) => r.status === 200 && r.body.status === "read", "the first read");
      await waitUntil(() => s.call("GET", `/api/v1/instances/${id}/messages/${sent}`), (r) => r.status === 404, "the first forgotten", 10_000);
      // The second has waited longer than the retention too, but is still queued: kept, and still counted.
      const queued = await s.call("GET", `/api/v1/instances/${id}/messages/${waiting}`);
      expect(queued.status).toBe(200);
      expect(queued.body.status).toBe("pending");
      expect((await storedRows(short.dataDir, "select id from messages where instance_id = ?", [id])).map((r) => r.id)).toEqual([waiting]);
    } finally {
      await short.stop();
    }
  });
});
