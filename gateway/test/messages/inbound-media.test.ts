import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreatedApiKey } from "../../../contract/api-keys";
import { WebhookEnvelope, type WebhookEventData } from "../../../contract/webhooks";
import { FAST_SANDBOX, login, startGateway, storedRows, waitUntil, type RunningGateway } from "../support/gateway";
import { WEBHOOK_TEST_ENV, caller } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// Issue 19: a message that arrives (sandbox) reaches a webhook as a rich message.received; a file in it can be
// downloaded, byte for byte, until it expires.
let gw: RunningGateway;
let token: string;
let receiver: Receiver;
let instanceId: string;
let instanceToken: string;
const c = caller(() => gw, () => token);

type Received = WebhookEventData<"message.received">;

beforeAll(async () => {
  gw = await startGateway({ ...FAST_SANDBOX, ...WEBHOOK_TEST_ENV });
  token = await login(gw.url);
  receiver = await startReceiver();
  instanceId = await c.connectedInstance("Inbound");
  const webhook = await c.createWebhook({ url: receiver.url, events: ["message.received"], instanceId });
  receiver.secrets.push(webhook.secret);
  instanceToken = CreatedApiKey.parse((await c.call("POST", "/api/v1/api-keys", { name: "inbound", scope: "instance", instanceId })).body).token;
});
afterAll(async () => {
  await receiver.close();
  await gw.stop();
});

/** Delivers a message through the sandbox and waits for its message.received webhook (checked against the contract). */
async function receive(body: Record<string, unknown>): Promise<{ messageId: string; mediaId?: string; data: Received }> {
  const res = await c.call("POST", `/api/v1/sandbox/instances/${instanceId}/inbound`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const messageId = res.body.messageId as string;
  const find = () => receiver.received.map((d) => WebhookEnvelope.parse(JSON.parse(d.body))).find((e) => e.type === "message.received" && (e.data as Received).messageId === messageId);
  const envelope = await waitUntil(async () => find(), (e) => e !== undefined, `message.received for ${messageId}`);
  return { messageId, mediaId: res.body.mediaId as string | undefined, data: envelope!.data as Received };
}

/** GET …/media/{mediaId} as an integrator would, with the instance's own token; the body as bytes. */
async function download(mediaId: string, credential = instanceToken, instance = instanceId) {
  const res = await fetch(`${gw.url}/api/v1/instances/${instance}/media/${mediaId}`, { headers: { authorization: `Bearer ${credential}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString("utf8")) as { error: { code: string; message: string } } };
}

describe("inbound messages on the sandbox → message.received webhooks", () => {
  it("a text keeps the first version's fields and gains chat, fromMe, type and the sender's name", async () => {
    const { messageId, data } = await receive({ from: "4915100000009", text: "Hello!" });
    expect(data).toEqual({
      messageId,
      from: "4915100000009@s.whatsapp.net",
      text: "Hello!",
      timestamp: expect.any(String),
      chat: "4915100000009@s.whatsapp.net",
      fromMe: false,
      type: "text",
    });

    const inGroup = await receive({ from: "4915100000009", group: "120363000000000001@g.us", pushName: "Cleo", text: "@Ada see above", replyTo: messageId, mentions: ["4915123456789"] });
    expect(inGroup.data).toMatchObject({
      from: "120363000000000001@g.us",
      chat: "120363000000000001@g.us",
      participant: "4915100000009@s.whatsapp.net",
      pushName: "Cleo",
      quotedMessageId: messageId,
      mentions: ["4915123456789@s.whatsapp.net"],
    });
  });

  it("an image arrives with its mediaId, and GET …/media/{mediaId} gives back the same bytes with its type, size and name", async () => {
    const bytes = crypto.randomBytes(150_000);
    const { mediaId, data } = await receive({ type: "image", from: "4915123456789", caption: "The receipt", mimetype: "image/png", data: bytes.toString("base64") });
    expect(data).toMatchObject({ type: "image", text: "The receipt", media: { mediaId, mimetype: "image/png", size: bytes.length } });
    expect(mediaId).toMatch(/^med_[A-Za-z0-9_-]{24}$/);
    // Kept for MEDIA_RETENTION_HOURS (default 168).
    const expiresIn = Date.parse(data.media!.expiresAt!) - Date.now();
    expect(expiresIn).toBeGreaterThan(167 * 3_600_000);
    expect(expiresIn).toBeLessThanOrEqual(168 * 3_600_000);

    const got = await download(mediaId!);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(bytes)).toBe(true);
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(got.headers.get("content-length")).toBe(String(bytes.length));
    expect(got.headers.get("content-disposition")).toBe(`attachment; filename="${mediaId}.png"; filename*=UTF-8''${mediaId}.png`);
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.headers.get("content-security-policy")).toContain("sandbox");
    // An operator session may download too.
    expect((await download(mediaId!, token)).bytes.equals(bytes)).toBe(true);
  });

  it("a document keeps its file name (UTF-8 in Content-Disposition), a voice note says so, and each media kind is downloadable", async () => {
    const pdf = Buffer.from("%PDF-1.4\n% a tiny document\n");
    const doc = await receive({ type: "document", from: "4915123456789", fileName: "Rechnung März \"2026\".pdf", mimetype: "application/pdf", data: pdf.toString("base64") });
    expect(doc.data.media).toMatchObject({ fileName: "Rechnung März \"2026\".pdf", mimetype: "application/pdf", size: pdf.length });
    const got = await download(doc.mediaId!);
    expect(got.bytes.equals(pdf)).toBe(true);
    expect(got.headers.get("content-disposition")).toBe(`attachment; filename="Rechnung M_rz _2026_.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz%20%222026%22.pdf`);

    const voice = await receive({ type: "audio", from: "4915123456789", voiceNote: true, data: Buffer.from("OggS-voice").toString("base64") });
    expect(voice.data.media).toMatchObject({ voiceNote: true, mimetype: "audio/ogg; codecs=opus" });
    expect((await download(voice.mediaId!)).headers.get("content-type")).toBe("audio/ogg; codecs=opus");
    for (const type of ["video", "sticker"]) {
      const file = crypto.randomBytes(1000);
      const { mediaId, data } = await receive({ type, from: "4915123456789", data: file.toString("base64") });
      expect(data.type).toBe(type);
      expect((await download(mediaId!)).bytes.equals(file), type).toBe(true);
    }
  });

  it("location, contact and poll messages carry their content", async () => {
    expect((await receive({ type: "location", from: "4915123456789", latitude: 52.52, longitude: 13.405, name: "Office" })).data).toMatchObject({
      type: "location",
      location: { latitude: 52.52, longitude: 13.405, name: "Office" },
    });
    const contact = (await receive({ type: "contact", from: "4915123456789", contacts: [{ name: "Ben", phone: "4915112345678" }] })).data;
    expect(contact).toMatchObject({ type: "contact", contacts: [{ name: "Ben", vcard: expect.stringContaining("waid=4915112345678") }] });
    expect((await receive({ type: "poll", from: "4915123456789", name: "Lunch?", options: ["Pizza", "Sushi"] })).data).toMatchObject({
      type: "poll",
      poll: { name: "Lunch?", options: ["Pizza", "Sushi"], selectableCount: 1 },
    });
  });

  it("takes a file of exactly the 4 MiB cap (a 5.6 MB body) and serves it whole", async () => {
    const bytes = crypto.randomBytes(4 * 1024 * 1024);
    const { mediaId, data } = await receive({ type: "video", from: "4915123456789", mimetype: "video/mp4", data: bytes.toString("base64") });
    expect(data.media?.size).toBe(bytes.length);
    const got = await download(mediaId!);
    expect(got.headers.get("content-length")).toBe(String(bytes.length));
    expect(got.bytes.equals(bytes)).toBe(true);
  });

  it("refuses bad inbound bodies: an unknown type, bytes that are not base64, a file over 4 MiB", async () => {
    const inbound = (body: unknown) => c.call("POST", `/api/v1/sandbox/instances/${instanceId}/inbound`, body);
    const unknown = await inbound({ type: "hologram", from: "4915123456789" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/must be one of: text, image/);
    const notBase64 = await inbound({ type: "image", from: "4915123456789", data: "not base64!" });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body.error.message).toMatch(/body\.data must be base64/);
    const tooLarge = await inbound({ type: "image", from: "4915123456789", data: Buffer.alloc(4 * 1024 * 1024 + 3).toString("base64") });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.error.message).toMatch(/body\.data must decode to at most 4 MiB/);
  });

  it("answers 404 for an id this instance never received, 400 for a malformed one, 403 for another instance's token", async () => {
    const { mediaId } = await receive({ type: "sticker", from: "4915123456789", data: Buffer.from("RIFF....WEBP").toString("base64") });
    const unknown = await download("med_AAAAAAAAAAAAAAAAAAAAAAAA");
    expect(unknown.status).toBe(404);
    expect(unknown.json().error.code).toBe("not_found");
    expect((await download("med_short")).status).toBe(400);

    // Another instance: its token may not read this one's files, and this file is not that instance's.
    const other = await c.connectedInstance("Inbound other");
    const otherToken = CreatedApiKey.parse((await c.call("POST", "/api/v1/api-keys", { name: "other", scope: "instance", instanceId: other })).body).token;
    expect((await download(mediaId!, otherToken)).status).toBe(403);
    expect((await download(mediaId!, otherToken, other)).status).toBe(404);
    expect((await download(mediaId!, token, other)).status).toBe(404);
    expect((await download(mediaId!, "wam_not_a_valid_token_at_all_0000000000")).status).toBe(401);
  });

  it("answers 410 in the error shape once the file expired, and the media key and bytes are cleared by then", async () => {
    const { mediaId } = await receive({ type: "image", from: "4915123456789", data: crypto.randomBytes(100).toString("base64") });
    expect((await download(mediaId!)).status).toBe(200);
    // As if MEDIA_RETENTION_HOURS had passed (the retention test below waits for it for real).
    await storedRows(gw.dataDir, "UPDATE inbound_media SET expires_at = ? WHERE id = ?", ["2020-01-01T00:00:00.000Z", mediaId], { write: true });
    const gone = await download(mediaId!);
    expect(gone.status).toBe(410);
    expect(gone.headers.get("content-type")).toMatch(/^application\/json/);
    expect(gone.json().error).toEqual({ code: "gone", message: expect.stringMatching(/expired at 2020-01-01T00:00:00.000Z.*168 h \(MEDIA_RETENTION_HOURS\)/) });
  });
});

describe("received files expire after MEDIA_RETENTION_HOURS", () => {
  let short: RunningGateway;
  afterAll(() => short?.stop());

  it("serves a file until it expires, then 410, and the sweep clears its key and bytes from the database", async () => {
    // 0.0005 h = 1.8 s; the sweep runs every second.
    short = await startGateway({ ...FAST_SANDBOX, MEDIA_RETENTION_HOURS: "0.0005" });
    const shortToken = await login(short.url);
    const s = caller(() => short, () => shortToken);
    const id = await s.connectedInstance("Short retention");
    const bytes = crypto.randomBytes(2000);
    const sent = await s.call("POST", `/api/v1/sandbox/instances/${id}/inbound`, { type: "image", from: "4915123456789", data: bytes.toString("base64") });
    expect(sent.status).toBe(202);
    const mediaId = sent.body.mediaId as string;
    const get = () => fetch(`${short.url}/api/v1/instances/${id}/media/${mediaId}`, { headers: { authorization: `Bearer ${shortToken}` } });
    const first = await get();
    expect(first.status).toBe(200);
    expect(Buffer.from(await first.arrayBuffer()).equals(bytes)).toBe(true);

    const rows = () => storedRows<{ source: string | null; content: unknown }>(short.dataDir, "SELECT source, content FROM inbound_media WHERE id = ?", [mediaId]);
    await waitUntil(rows, (r) => r[0]?.source === null && r[0]?.content === null, "the sweep to clear the expired file", 10_000);
    const gone = await get();
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe("gone");
  });
});
