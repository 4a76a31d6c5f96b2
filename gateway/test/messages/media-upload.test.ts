import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Message } from "../../../contract/messages";
import { FAST_SANDBOX, login, startGateway, storedRows, waitUntil, type RunningGateway } from "../support/gateway";
import { bytes } from "../support/media-server";
import { caller } from "../support/webhook-helpers";

// Issue 19: media sent as multipart/form-data uploads, over real HTTP on the sandbox. The file streams to disk, is
// checked as a URL's would be (content type; the kind's size cap, as it arrives: 413 and nothing stored), is sent
// from disk and removed once sent; an Idempotency-Key covers fields and file; a queued upload survives a restart.
const running: RunningGateway[] = [];
let gw: RunningGateway;
let token: string;
let instanceId: string;
const c = caller(() => gw, () => token);
const TO = "4915123456789";
const JID = `${TO}@s.whatsapp.net`;

/** The image cap in these tests: 0.05 MiB. */
const IMAGE_CAP_KIB = 52;
const TEST_ENV = { ...FAST_SANDBOX, SANDBOX_ACK_MS: "40", MESSAGE_RATE_PER_SECOND: "50", MESSAGE_BURST: "10", MEDIA_MAX_IMAGE_MIB: "0.05" };

beforeAll(async () => {
  gw = await startGateway(TEST_ENV);
  running.push(gw);
  token = await login(gw.url);
  instanceId = await c.connectedInstance("Uploader");
});
afterAll(async () => {
  for (const g of running) await g.stop();
});

interface FilePart {
  body: Buffer;
  type: string;
  filename: string;
  name?: string;
}

/** A form as a browser or undici builds it: text fields (an array is one field per entry) and file parts. */
function form(fields: Record<string, string | string[]>, files: FilePart[] = []): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  for (const f of files) data.append(f.name ?? "file", new Blob([f.body], { type: f.type }), f.filename);
  return data;
}

async function post(gateway: RunningGateway, credential: string, instance: string, body: FormData | ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) {
  const res = await fetch(`${gateway.url}/api/v1/instances/${instance}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${credential}`, ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const upload = (data: FormData, headers: Record<string, string> = {}) => post(gw, token, instanceId, data, headers);

/**
 * A multipart body produced as it is sent, never whole in memory: `fields`, then a file of `size` bytes, then
 * `fieldsAfter`. `produced()` says how many file bytes the client has handed to the connection so far.
 */
function streamedForm(fields: Record<string, string>, file: { size: number; type: string; filename: string }, fieldsAfter: Record<string, string> = {}) {
  const boundary = `----wam-test-${randomBytes(8).toString("hex")}`;
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  let produced = 0;
  const field = (name: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  async function* parts() {
    for (const [name, value] of Object.entries(fields)) yield field(name, value);
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`);
    while (produced < file.size) {
      const piece = chunk.subarray(0, Math.min(chunk.length, file.size - produced));
      produced += piece.length;
      yield piece;
    }
    yield Buffer.from("\r\n");
    for (const [name, value] of Object.entries(fieldsAfter)) yield field(name, value);
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return { body: ReadableStream.from(parts()), contentType: `multipart/form-data; boundary=${boundary}`, produced: () => produced };
}

const getMessage = async (id: string, on = gw, credential = token, instance = instanceId) =>
  Message.parse((await caller(() => on, () => credential).call("GET", `/api/v1/instances/${instance}/messages/${id}`)).body);
const until = (id: string, status: string, on = gw, credential = token, instance = instanceId) =>
  waitUntil(() => getMessage(id, on, credential, instance), (m) => m.status === status, `${id} ${status}`);
const received = async (on = gw, credential = token, instance = instanceId) =>
  (await caller(() => on, () => credential).call("GET", `/api/v1/sandbox/instances/${instance}/received`)).body.items as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** The files waiting in the gateway's upload folder. */
const stored = (on = gw) => {
  const dir = path.join(on.dataDir, "media", "outbound");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};
const messageCount = async () => Number((await storedRows<{ n: number }>(gw.dataDir, "select count(*) as n from messages where instance_id = ?", [instanceId]))[0]!.n);
const keyCount = async () => Number((await storedRows<{ n: number }>(gw.dataDir, "select count(*) as n from message_idempotency_keys where instance_id = ?", [instanceId]))[0]!.n);

describe("POST /api/v1/instances/{id}/messages as multipart/form-data", () => {
  it("sends uploaded media as the same kinds as by URL: each reaches read, the recipient gets the same bytes, and each file is removed once sent", async () => {
    const png = bytes(3000, 11);
    const pdf = bytes(300 * 1024, 12); // over the image cap: every kind has its own
    const ogg = bytes(2000, 13);
    const cases = [
      {
        data: form({ type: "image", to: TO, caption: "A picture", mentions: ["4915100000001", "4915100000002"] }, [{ body: png.body, type: "image/png", filename: "pic.png" }]),
        expect: { type: "image", content: { type: "image", caption: "A picture", mentions: ["4915100000001@s.whatsapp.net", "4915100000002@s.whatsapp.net"] } },
        media: { sha256: png.sha256, size: png.body.length, mimetype: "image/png" },
      },
      {
        // No fileName: the part's file name.
        data: form({ type: "document", to: TO, caption: "Your invoice" }, [{ body: pdf.body, type: "application/pdf", filename: "invoice.pdf" }]),
        expect: { type: "document", content: { type: "document", fileName: "invoice.pdf", caption: "Your invoice" } },
        media: { sha256: pdf.sha256, size: pdf.body.length, mimetype: "application/pdf" },
      },
      {
        // A generic part type, vouched for by mimetype; voiceNote as form text.
        data: form({ type: "audio", to: TO, voiceNote: "true", mimetype: "audio/ogg; codecs=opus" }, [{ body: ogg.body, type: "application/octet-stream", filename: "voice" }]),
        expect: { type: "audio", content: { type: "audio", voiceNote: true } },
        media: { sha256: ogg.sha256, size: ogg.body.length, mimetype: "audio/ogg; codecs=opus" },
      },
    ];
    const ids: string[] = [];
    for (const entry of cases) {
      const res = await upload(entry.data);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toEqual({ id: res.body.id, messageId: res.body.id, to: JID, status: "pending" });
      ids.push(res.body.id as string);
    }
    for (const id of ids) await until(id, "read");
    const got = await received();
    for (const [i, entry] of cases.entries()) {
      const delivery = got.find((d) => d.messageId === ids[i]);
      expect(delivery, entry.expect.type).toMatchObject({ to: JID, ...entry.expect, edits: [], revoked: false });
      expect(delivery!.media).toEqual(entry.media);
    }
    expect(await getMessage(ids[0]!)).toMatchObject({ id: ids[0], type: "image", status: "read", sentAt: expect.any(String) });
    // Sent: nothing of them is kept.
    expect(stored()).toEqual([]);
  });

  it("refuses a file over its kind's cap with 413 while it streams in, and stores nothing: no message, no key, no file", async () => {
    const [messagesBefore, keysBefore] = [await messageCount(), await keyCount()];
    // 32 MiB offered for an image capped at 0.05 MiB: the gateway stops reading long before the end.
    const big = streamedForm({ type: "image", to: TO }, { size: 32 * 1024 * 1024, type: "image/png", filename: "huge.png" });
    const res = await post(gw, token, instanceId, big.body, { "content-type": big.contentType, "idempotency-key": "too-big-1" });
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      code: "bad_request",
      message: `Payload too large: body.file is larger than the ${IMAGE_CAP_KIB} KiB limit for image messages`,
      details: { issues: [{ path: "body.file", message: `is larger than the ${IMAGE_CAP_KIB} KiB limit for image messages` }] },
    });
    // What sat in socket buffers when the gateway closed the connection, not the whole file.
    expect(big.produced()).toBeLessThan(16 * 1024 * 1024);

    // `type` after the file: read under the largest cap, then held to the image's.
    const late = streamedForm({ to: TO }, { size: 200 * 1024, type: "image/png", filename: "late.png" }, { type: "image" });
    const lateRes = await post(gw, token, instanceId, late.body, { "content-type": late.contentType });
    expect(lateRes.status).toBe(413);
    expect(lateRes.body.error.message).toMatch(/larger than the 52 KiB limit for image messages/);

    expect(await messageCount()).toBe(messagesBefore);
    expect(await keyCount()).toBe(keysBefore);
    expect(stored()).toEqual([]);
    // The key was not used up: the same key with a file that fits is a first send.
    const small = bytes(1000, 14);
    const retry = await upload(form({ type: "image", to: TO }, [{ body: small.body, type: "image/png", filename: "small.png" }]), { "idempotency-key": "too-big-1" });
    expect(retry.status, JSON.stringify(retry.body)).toBe(202);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    await until(retry.body.id as string, "read");
  });

  it("takes a file part sent without a Content-Type (as Python's requests sends one) when mimetype names the type, and says how when it does not", async () => {
    const jpeg = bytes(1500, 17);
    const body = (fields: Record<string, string>) =>
      Buffer.concat([
        Buffer.from(Object.entries(fields).map(([name, value]) => `--XX\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("")),
        Buffer.from('--XX\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\n\r\n'),
        jpeg.body,
        Buffer.from("\r\n--XX--\r\n"),
      ]);
    const send = (fields: Record<string, string>) => post(gw, token, instanceId, body(fields) as unknown as string, { "content-type": "multipart/form-data; boundary=XX" });
    const before = await messageCount();
    const unnamed = await send({ type: "image", to: TO });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.details.issues).toEqual([{ path: "body.file", message: "the file part is text/plain (as a part without a Content-Type reads), but a image must be an image (image/*): send the part's Content-Type, or pass mimetype" }]);
    expect(await messageCount()).toBe(before);
    const vouched = await send({ type: "image", to: TO, mimetype: "image/jpeg" });
    expect(vouched.status, JSON.stringify(vouched.body)).toBe(202);
    await until(vouched.body.id as string, "read");
    expect((await received()).find((d) => d.messageId === vouched.body.id)!.media).toEqual({ sha256: jpeg.sha256, size: jpeg.body.length, mimetype: "image/jpeg" });
  });

  it("refuses a form without its file, with two files, with an unknown or a doubled field, or a file of the wrong type, with a 400 naming the field", async () => {
    const [messagesBefore, keysBefore] = [await messageCount(), await keyCount()];
    const png: FilePart = { body: bytes(1000, 15).body, type: "image/png", filename: "pic.png" };
    const cases: Array<[FormData, string, RegExp]> = [
      [form({ type: "image", to: TO }), "body.file", /is missing: send the file as a part named file/],
      [form({ type: "image", to: TO }, [png, png]), "body.file", /came twice: an upload takes exactly one file part/],
      [form({ type: "image", to: TO }, [{ ...png, name: "photo" }]), "body.photo", /is a file part; the file goes in the one part named file/],
      [form({ type: "image", to: TO, colour: "blue" }, [png]), "body.colour", /is not a field of an upload; accepted: type, to, caption, mimetype, replyTo, mentions, voiceNote, fileName and the file part/],
      [form({ type: "image", to: TO, url: "https://example.com/a.png" }, [png]), "body.url", /send either url \(in a JSON body\) or the file \(in multipart\/form-data\)/],
      [form({ type: "image", to: TO, caption: ["one", "two"] }, [png]), "body.caption", /came twice/],
      [form({ type: "image", to: TO, voiceNote: "true" }, [png]), "body", /Unrecognized key: "voiceNote"/],
      [form({ type: "text", to: TO }, [png]), "body.type", /must be one of: image, video, audio, document, sticker/],
      [form({ type: "image", to: "hello" }, [png]), "body.to", /must be a phone number with country code/],
      [form({ type: "image", to: TO }, [{ ...png, type: "text/html" }]), "body.file", /the file part is text\/html, but a image must be an image \(image\/\*\)/],
      [form({ type: "sticker", to: TO }, [png]), "body.file", /the file part is image\/png, but a sticker must be a WebP image/],
      // The announced type must suit the kind too, and be a MIME type's length.
      [form({ type: "image", to: TO, mimetype: "video/mp4" }, [png]), "body.mimetype", /^must be an image \(image\/\*\), for an image message$/],
      [form({ type: "sticker", to: TO, mimetype: "application/pdf" }, [{ ...png, type: "application/octet-stream" }]), "body.mimetype", /^must be a WebP image \(image\/webp\), as WhatsApp stickers are, for a sticker message$/],
      [form({ type: "image", to: TO, mimetype: `image/png; x=${"y".repeat(300)}` }, [png]), "body.mimetype", /^must be at most 255 characters$/],
    ];
    for (const [data, field, message] of cases) {
      const res = await upload(data, { "idempotency-key": `bad-${field}-${Math.random()}` });
      expect(res.status, `${field} ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.code).toBe("bad_request");
      expect(res.body.error.details.issues[0], field).toEqual({ path: field, message: expect.stringMatching(message) });
      expect(res.body.error.message, field).toBe(`Invalid request: ${field} ${res.body.error.details.issues[0].message}${res.body.error.details.issues.length > 1 ? ` (and ${res.body.error.details.issues.length - 1} more)` : ""}`);
    }
    // Not a well-formed form: no boundary, or a body that ends in the middle of the file.
    const cut = '--XX\r\nContent-Disposition: form-data; name="type"\r\n\r\nimage\r\n--XX\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nabc';
    for (const [contentType, raw, why] of [["multipart/form-data", "hello", /Boundary not found/], ["multipart/form-data; boundary=XX", cut, /Unexpected end of multipart data/]] as const) {
      const res = await post(gw, token, instanceId, raw, { "content-type": contentType });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.details.issues[0]).toEqual({ path: "body", message: expect.stringMatching(/^is not a well-formed multipart\/form-data body/) });
      expect(res.body.error.message).toMatch(why);
    }
    // No body at all (so no Content-Type): no content type's schema applies, so the route says what it takes.
    const empty = await fetch(`${gw.url}/api/v1/instances/${instanceId}/messages`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { details: unknown } }).error.details).toEqual({
      issues: [{ path: "body", message: "a message is required: a JSON object (Content-Type: application/json) or a multipart/form-data upload" }],
    });
    expect(await messageCount()).toBe(messagesBefore);
    expect(await keyCount()).toBe(keysBefore);
    expect(stored()).toEqual([]);

    // An instance that is not connected refuses before reading the file.
    const idle = await c.call("POST", "/api/v1/instances", { name: "Idle", connect: false });
    const refused = await post(gw, token, idle.body.id as string, form({ type: "image", to: TO }, [png]));
    expect(refused.status).toBe(409);
  });

  it("answers a repeated upload with the same Idempotency-Key with the first answer and sends once; another file under that key is a 422", async () => {
    const pic = bytes(2000, 16);
    const data = () => form({ type: "image", to: TO, caption: "Once" }, [{ body: pic.body, type: "image/png", filename: "once.png" }]);
    const first = await upload(data(), { "idempotency-key": "upload-once" });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const again = await Promise.all([1, 2].map(() => upload(data(), { "idempotency-key": "upload-once" })));
    for (const res of again) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual(first.body);
      expect(res.headers.get("idempotent-replayed")).toBe("true");
    }
    const other = await upload(form({ type: "image", to: TO, caption: "Once" }, [{ body: bytes(2000, 17).body, type: "image/png", filename: "once.png" }]), { "idempotency-key": "upload-once" });
    expect(other.status).toBe(422);
    expect(other.body.error.message).toMatch(/Idempotency-Key was already used with a different request body/);

    await until(first.body.id as string, "read");
    await new Promise((r) => setTimeout(r, 300));
    expect((await received()).filter((d) => d.content.caption === "Once")).toHaveLength(1);
    expect(stored()).toEqual([]);
  });

  it("keeps a queued upload across a gateway restart and sends it from its file afterwards", async () => {
    const first = await startGateway({ ...TEST_ENV, MESSAGE_RATE_PER_SECOND: "0.1", MESSAGE_BURST: "1" });
    running.push(first);
    const firstToken = await login(first.url);
    const instance = await caller(() => first, () => firstToken).connectedInstance("Durable uploads");
    // The bucket's one token goes to a text; the upload then waits 10 s, longer than this gateway lives.
    const text = await caller(() => first, () => firstToken).call("POST", `/api/v1/instances/${instance}/messages`, { type: "text", to: TO, text: "first" });
    expect(text.status).toBe(202);
    const doc = bytes(40 * 1024, 18);
    const queued = await post(first, firstToken, instance, form({ type: "document", to: TO, fileName: "report.pdf" }, [{ body: doc.body, type: "application/pdf", filename: "r.pdf" }]));
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    const id = queued.body.id as string;
    expect((await getMessage(id, first, firstToken, instance)).sentAt).toBeUndefined();
    await first.stop({ keepData: true });
    running.splice(running.indexOf(first), 1);
    expect(stored(first)).toEqual([id]);

    const second = await startGateway({ ...TEST_ENV, MESSAGE_RATE_PER_SECOND: "0.1", MESSAGE_BURST: "1" }, { dataDir: first.dataDir });
    running.push(second);
    const secondToken = await login(second.url);
    await until(id, "read", second, secondToken, instance);
    const delivery = (await received(second, secondToken, instance)).find((d) => d.messageId === id);
    expect(delivery).toMatchObject({ type: "document", content: { fileName: "report.pdf" }, media: { sha256: doc.sha256, size: doc.body.length, mimetype: "application/pdf" } });
    expect(stored(second)).toEqual([]);
  }, 60_000);
});
