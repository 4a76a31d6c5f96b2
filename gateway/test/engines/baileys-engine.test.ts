import { EventEmitter } from "node:events";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  getMediaKeys,
  initAuthCreds,
  makeEventBuffer,
  proto,
  type AnyMessageContent,
  type AuthenticationCreds,
  type GroupMetadata,
  type MiscMessageGenerationOptions,
  type UserFacingSocketConfig,
  type WACallUpdateType,
  type WAMessage,
} from "baileys";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type Mock } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { BEHAVIOUR_DEFAULTS, type BehaviourSettings } from "../../../contract/instance-settings";
import { openDatabase, type OpenedDatabase } from "../../src/db/database";
import { baileysAuthCodec, createBaileysEngine, type BaileysSocketLike } from "../../src/engines/baileys/baileys-engine";
import { contactVcard } from "../../src/engines/baileys/message-content";
import type { ConnectionEvents, EngineConnection, EngineMessageEvent, MediaKeeper, ReceivedMedia } from "../../src/engines/engine";
import { AuthStateStore } from "../../src/modules/instances/auth-state-store";
import { unusedOwnProfileCalls } from "../support/baileys-own-profile";
import { whatsappAnswered } from "../support/baileys-errors";

const log = pino({ level: "silent" });
const browser: [string, string, string] = ["WAM", "Chrome", "1.0"];
const VERSION: [number, number, number] = [2, 3000, 1015901307];

let dataDir: string;
let database: OpenedDatabase;
let server: WebSocketServer | undefined;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-baileys-"));
  database = await openDatabase({ dataDir });
  process.on("unhandledRejection", onUnhandled);
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Seen = [string, unknown?];

function recorder() {
  const seen: Seen[] = [];
  const events: ConnectionEvents = {
    connecting: () => seen.push(["connecting"]),
    qr: (qr) => seen.push(["qr", qr]),
    open: (identity) => seen.push(["open", identity]),
    close: (info) => seen.push(["close", info]),
    message: (event) => seen.push(["message", event]),
    pushName: (name) => seen.push(["pushName", name]),
  };
  return { seen, events };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Boom-shaped error as Baileys puts into lastDisconnect. */
const boom = (message: string, statusCode?: number) => Object.assign(new Error(message), statusCode === undefined ? {} : { output: { statusCode } });

interface FakeSocket extends BaileysSocketLike {
  ev: ReturnType<typeof makeEventBuffer>;
  config: UserFacingSocketConfig;
  user: { id: string; name?: string };
  end: Mock<(error: Error | undefined) => Promise<void>>;
  logout: Mock<() => Promise<void>>;
  requestPairingCode: Mock<(phone: string) => Promise<string>>;
  sendMessage: Mock<(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions) => Promise<WAMessage | undefined>>;
  onWhatsApp: Mock<BaileysSocketLike["onWhatsApp"]>;
  groupFetchAllParticipating: Mock<BaileysSocketLike["groupFetchAllParticipating"]>;
  groupMetadata: Mock<BaileysSocketLike["groupMetadata"]>;
  sendPresenceUpdate: Mock<BaileysSocketLike["sendPresenceUpdate"]>;
  readMessages: Mock<BaileysSocketLike["readMessages"]>;
  rejectCall: Mock<BaileysSocketLike["rejectCall"]>;
  profilePictureUrl: Mock<BaileysSocketLike["profilePictureUrl"]>;
  fetchStatus: Mock<BaileysSocketLike["fetchStatus"]>;
  getBusinessProfile: Mock<BaileysSocketLike["getBusinessProfile"]>;
  ws: EventEmitter;
  query: Mock<BaileysSocketLike["query"]>;
}

const FAKE_GROUP: GroupMetadata = {
  id: "120363000000000000@g.us",
  subject: "Team",
  owner: "4915111111111@s.whatsapp.net",
  announce: true,
  creation: 1_700_000_000,
  participants: [
    { id: "4915111111111@s.whatsapp.net", admin: "superadmin" },
    { id: "123456789012345@lid", phoneNumber: "4915133333333@s.whatsapp.net", admin: "admin" },
    { id: "4915122222222@s.whatsapp.net", admin: null },
  ],
};

/** Mirrors makeSocket's contract: `ev` is Baileys' own event buffer, creds merge on creds.update, end() emits one close. */
function fakeFactory() {
  const sockets: FakeSocket[] = [];
  const factory = (config: UserFacingSocketConfig): FakeSocket => {
    const ev = makeEventBuffer(log);
    ev.on("creds.update", (update) => Object.assign(config.auth.creds, update));
    let closed = false;
    const end = vi.fn(async (error: Error | undefined) => {
      if (closed) return;
      closed = true;
      // Real Baileys then destroys `ev`; the fake keeps it so the test can prove the engine's own guard.
      ev.emit("connection.update", { connection: "close", lastDisconnect: { error, date: new Date() } });
    });
    const sock: FakeSocket = {
      ev,
      config,
      ws: new EventEmitter(),
      // The ping IQ the watchdog's probe sends; a test makes it hang or fail.
      query: vi.fn(async () => undefined),
      generateMessageTag: () => `TAG${sockets.length}`,
      authState: config.auth,
      // A stale snapshot on purpose: identity must come from authState.creds.me.
      user: { id: "999999999:1@s.whatsapp.net", name: "Stale" },
      end,
      logout: vi.fn(async () => {
        await end(boom("Intentional Logout", 401));
      }),
      requestPairingCode: vi.fn(async () => "ABCD1234"),
      // As Baileys: the message goes out under the id the caller chose (options.messageId).
      sendMessage: vi.fn(async (jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions) => ({
        key: { id: options?.messageId ?? `OUT${sockets.length}`, remoteJid: jid, fromMe: true },
        message: { conversation: "text" in content ? content.text : "" },
      })),
      // WhatsApp knows 4915122222222 only; it answers by JID, for existing accounts only.
      onWhatsApp: vi.fn(async (...numbers: string[]) => numbers.filter((n) => n === "4915122222222").map((n) => ({ jid: `${n}@s.whatsapp.net`, exists: true }))),
      groupFetchAllParticipating: vi.fn(async () => ({ [FAKE_GROUP.id]: FAKE_GROUP })),
      groupMetadata: vi.fn(async (jid: string) => {
        if (jid === FAKE_GROUP.id) return FAKE_GROUP;
        throw whatsappAnswered(404, "item-not-found");
      }),
      sendPresenceUpdate: vi.fn(async () => undefined),
      readMessages: vi.fn(async () => undefined),
      rejectCall: vi.fn(async () => undefined),
      // 4915122222222 has a picture, an about text and a business profile; anyone else's picture is private (401).
      profilePictureUrl: vi.fn(async (jid: string) => {
        if (jid === "4915122222222@s.whatsapp.net") return "https://pps.whatsapp.net/v/t61/pic.jpg";
        throw whatsappAnswered(401, "not-authorized");
      }),
      fetchStatus: vi.fn(async (jid: string) => [{ id: jid, status: jid === "4915122222222@s.whatsapp.net" ? { status: "Open 9-17", setAt: new Date(1_700_000_000_000) } : { status: null, setAt: new Date(0) } }]),
      getBusinessProfile: vi.fn(async (jid: string) =>
        jid === "4915122222222@s.whatsapp.net" ? { description: "Shop", email: undefined, business_hours: {}, website: [] } : undefined,
      ),
      ...unusedOwnProfileCalls(),
    };
    sockets.push(sock);
    return sock;
  };
  return { factory, sockets };
}

/** instance_auth rows need their instance (foreign key). */
async function createInstance(id: string): Promise<string> {
  const now = new Date().toISOString();
  await database.db.insertInto("instances").values({ id, name: id, engine: "baileys", status: "INIT", seq: 0, desired_state: "stopped", created_at: now, updated_at: now }).execute();
  return id;
}

async function countRows(instanceId: string, category: string): Promise<number> {
  const rows = await database.db.selectFrom("instance_auth").select("key_id").where("instance_id", "=", instanceId).where("category", "=", category).execute();
  return rows.length;
}

describe("Baileys engine with a fake socket", () => {
  it("reports connecting, qr and open in order, persists creds and keys, maps messages, and goes quiet after end()", async () => {
    const { factory, sockets } = fakeFactory();
    const engine = createBaileysEngine({ socketFactory: factory, version: VERSION });
    expect(engine.name).toBe("baileys");
    const instanceId = await createInstance("ins_fakeaaaaaaaa");
    const auth = new AuthStateStore(database.db, instanceId, engine.authCodec);
    const { seen, events } = recorder();

    const connection = engine.connect({ instanceId, browser, auth, log, events });
    await waitFor(() => sockets.length === 1, "the socket");
    const sock = sockets[0]!;
    expect(sock.config).toMatchObject({ browser, markOnlineOnConnect: false, printQRInTerminal: false, syncFullHistory: false, version: VERSION });
    expect(sock.config.waWebSocketUrl).toBeUndefined();
    // Fresh creds are saved before the socket exists.
    expect((await new AuthStateStore(database.db, instanceId, baileysAuthCodec).loadCreds<AuthenticationCreds>())?.noiseKey.public).toBeInstanceOf(Buffer);

    await expect(connection.requestPairingCode("+49 151 11111111")).rejects.toThrow(/not waiting for pairing/);
    await expect(connection.send({ id: "OUTX", jid: "4915122222222@s.whatsapp.net", content: { type: "text", text: "hi" } })).rejects.toThrow(/not open/);

    sock.ev.emit("connection.update", { connection: "connecting", receivedPendingNotifications: false, qr: undefined });
    sock.ev.emit("connection.update", { qr: "2@qr-one" });
    await waitFor(() => seen.length === 2, "connecting and qr");
    await expect(connection.requestPairingCode("+49 151 11111111")).resolves.toBe("ABCD1234");
    expect(sock.requestPairingCode).toHaveBeenCalledWith("4915111111111");

    sock.ev.emit("creds.update", { me: { id: "4915111111111:3@s.whatsapp.net", name: "Shop" }, platform: "android" });
    sock.ev.emit("connection.update", { connection: "open" });
    await waitFor(() => seen.length === 3, "open");
    expect(seen).toEqual([
      ["connecting"],
      ["qr", "2@qr-one"],
      ["open", { number: "4915111111111", pushName: "Shop", platform: "android" }],
    ]);

    const reloaded = await new AuthStateStore(database.db, instanceId, baileysAuthCodec).loadCreds<AuthenticationCreds>();
    expect(reloaded?.me?.id).toBe("4915111111111:3@s.whatsapp.net");
    expect(reloaded?.platform).toBe("android");

    // Keys written through the socket's (cached) key store land in instance_auth and come back as Buffers.
    const keyPair = { public: Buffer.from([1, 2, 3]), private: Buffer.from([4, 5, 6]) };
    const keys = sock.config.auth.keys;
    await keys.set({ "pre-key": { "1": keyPair, "2": keyPair }, session: { "4915122222222.0": Buffer.from([7]) } });
    expect(await countRows(instanceId, "pre-key")).toBe(2);
    expect(await countRows(instanceId, "session")).toBe(1);
    const stored = await new AuthStateStore(database.db, instanceId, baileysAuthCodec).getKeys("pre-key", ["1", "3"]);
    expect(stored).toEqual({ "1": keyPair });
    await keys.set({ "pre-key": { "2": null } });
    expect(await countRows(instanceId, "pre-key")).toBe(1);

    // Messages, statuses and receipts.
    seen.length = 0;
    sock.ev.emit("messages.upsert", {
      type: "notify",
      messages: [
        { key: { id: "IN1", remoteJid: "4915122222222@s.whatsapp.net", fromMe: false }, message: { conversation: "hello" }, messageTimestamp: 1_700_000_000 },
        { key: { id: "OUT0", remoteJid: "4915122222222@s.whatsapp.net", fromMe: true }, message: { extendedTextMessage: { text: "from the phone" } }, messageTimestamp: 1_700_000_001 },
        { key: { id: "PROTO", remoteJid: "4915111111111@s.whatsapp.net", fromMe: true }, message: { protocolMessage: { type: 3 } } },
      ],
    });
    sock.ev.emit("messages.upsert", { type: "append", messages: [{ key: { id: "OLD", remoteJid: "4915122222222@s.whatsapp.net", fromMe: false }, message: { conversation: "offline" } }] });
    sock.ev.emit("messages.update", [
      { key: { id: "OUT0", remoteJid: "4915122222222@s.whatsapp.net", fromMe: true }, update: { status: 3 } },
      { key: { id: "OUT0", remoteJid: "4915122222222@s.whatsapp.net", fromMe: true }, update: { starred: true } },
    ]);
    sock.ev.emit("message-receipt.update", [
      { key: { id: "G1", remoteJid: "120363000000000000@g.us", fromMe: true }, receipt: { userJid: "4915122222222@s.whatsapp.net", readTimestamp: 1_700_000_100 } },
    ]);
    await waitFor(() => seen.length === 5, "message events");
    expect(seen).toEqual([
      [
        "message",
        {
          type: "message.received",
          data: { messageId: "IN1", from: "4915122222222@s.whatsapp.net", text: "hello", timestamp: "2023-11-14T22:13:20.000Z", chat: "4915122222222@s.whatsapp.net", fromMe: false, type: "text" },
        },
      ],
      ["message", { type: "message.sent", data: { messageId: "OUT0", to: "4915122222222@s.whatsapp.net", text: "from the phone", timestamp: "2023-11-14T22:13:21.000Z" } }],
      // What WhatsApp held while the session was away (Baileys' `append` of others' messages) reaches webhooks too, marked.
      [
        "message",
        {
          type: "message.received",
          data: { messageId: "OLD", from: "4915122222222@s.whatsapp.net", text: "offline", timestamp: expect.any(String), chat: "4915122222222@s.whatsapp.net", fromMe: false, type: "text", offline: true },
        },
      ],
      ["message", { type: "message.status", data: { messageId: "OUT0", remoteJid: "4915122222222@s.whatsapp.net", status: "delivered", timestamp: expect.any(String) } }],
      ["message", { type: "message.status", data: { messageId: "G1", remoteJid: "120363000000000000@g.us", status: "read", timestamp: "2023-11-14T22:15:00.000Z" } }],
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/noiseKey|signedIdentityKey|advSecretKey/);

    // getMessage answers retries from the bounded store, both for received and sent messages.
    await expect(sock.config.getMessage!({ id: "IN1" })).resolves.toEqual({ conversation: "hello" });
    await expect(connection.send({ id: "OUT1", jid: "4915122222222@s.whatsapp.net", content: { type: "text", text: "hi there" } })).resolves.toBeUndefined();
    expect(sock.sendMessage).toHaveBeenLastCalledWith("4915122222222@s.whatsapp.net", { text: "hi there", linkPreview: null }, { messageId: "OUT1" });
    await expect(connection.send({ id: "OUT2", jid: "120363000000000000@g.us", content: { type: "text", text: "group" } })).resolves.toBeUndefined();
    expect(sock.sendMessage).toHaveBeenLastCalledWith("120363000000000000@g.us", { text: "group", linkPreview: null }, { messageId: "OUT2" });
    await expect(sock.config.getMessage!({ id: "OUT2" })).resolves.toEqual({ conversation: "group" });

    // end(): Baileys' own close is swallowed and nothing the socket emits afterwards is reported.
    seen.length = 0;
    await connection.end();
    expect(sock.end).toHaveBeenCalledTimes(1);
    expect(sock.end).toHaveBeenCalledWith(undefined);
    expect(sock.logout).not.toHaveBeenCalled();
    sock.ev.emit("connection.update", { qr: "2@late" });
    sock.ev.emit("connection.update", { connection: "open" });
    sock.ev.emit("messages.upsert", { type: "notify", messages: [{ key: { id: "LATE", remoteJid: "4915122222222@s.whatsapp.net", fromMe: false }, message: { conversation: "late" } }] });
    sock.ev.emit("connection.update", { connection: "close", lastDisconnect: { error: boom("Connection Terminated", 428), date: new Date() } });
    await settle();
    expect(seen).toEqual([]);
    await connection.end();
    expect(sock.end).toHaveBeenCalledTimes(1);

    // An ended socket never touches the auth state again (so the runtime may wipe right after end()).
    sock.ev.emit("creds.update", { platform: "smba" });
    await keys.set({ "pre-key": { "9": keyPair } });
    await settle();
    expect((await new AuthStateStore(database.db, instanceId, baileysAuthCodec).loadCreds<AuthenticationCreds>())?.platform).toBe("android");
    expect(await countRows(instanceId, "pre-key")).toBe(1);
  });

  it("reports every disconnect reason with its code, and QR expiry apart from a lost connection", async () => {
    const { factory, sockets } = fakeFactory();
    const engine = createBaileysEngine({ socketFactory: factory, version: VERSION });
    const instanceId = await createInstance("ins_fakebbbbbbbb");
    const auth = new AuthStateStore(database.db, instanceId, engine.authCodec);
    const cases: Array<{ error?: Error; expected: Record<string, unknown> }> = [
      { error: boom("Intentional Logout", 401), expected: { code: 401, reason: "Intentional Logout" } },
      { error: boom("Connection Failure", 403), expected: { code: 403, reason: "Connection Failure" } },
      { error: boom("Connection was lost", 408), expected: { code: 408, reason: "Connection was lost", qrExpired: false } },
      { error: boom("QR refs attempts ended", 408), expected: { code: 408, reason: "QR refs attempts ended", qrExpired: true } },
      { error: boom("Multi-device beta not joined", 411), expected: { code: 411 } },
      { error: boom("Connection Terminated", 428), expected: { code: 428, reason: "Connection Terminated" } },
      { error: boom("Stream Errored (conflict)", 440), expected: { code: 440, reason: "Stream Errored (conflict)" } },
      { error: boom("Stream Errored (bad session)", 500), expected: { code: 500 } },
      { error: boom("Stream Errored (service unavailable)", 503), expected: { code: 503 } },
      { error: boom("Stream Errored (restart required)", 515), expected: { code: 515, reason: "Stream Errored (restart required)" } },
      { error: new Error("socket hang up"), expected: { code: undefined, reason: "socket hang up" } },
      { error: undefined, expected: { code: undefined, reason: "Connection closed" } },
    ];

    for (const [index, { error, expected }] of cases.entries()) {
      const { seen, events } = recorder();
      const connection = engine.connect({ instanceId, browser, auth, log, events });
      await waitFor(() => sockets.length === index + 1, `socket ${index + 1}`);
      const sock = sockets[index]!;
      sock.ev.emit("connection.update", { connection: "connecting" });
      sock.ev.emit("connection.update", { connection: "close", lastDisconnect: { error, date: new Date() } });
      // A second close from the same socket is stale.
      sock.ev.emit("connection.update", { connection: "close", lastDisconnect: { error: boom("again", 428), date: new Date() } });
      await waitFor(() => seen.length === 2, `close ${index + 1}`);
      await settle(20);
      expect(seen.length).toBe(2);
      const [, info] = seen[1] as ["close", Record<string, unknown>];
      expect(seen[1]![0]).toBe("close");
      expect(info).toMatchObject(expected);
      if (expected.code !== 408) expect(info).not.toHaveProperty("qrExpired");
      await connection.end();
    }
  });

  it("logout() unlinks, ends the socket, and reports nothing afterwards", async () => {
    const { factory, sockets } = fakeFactory();
    const engine = createBaileysEngine({ socketFactory: factory, version: VERSION });
    const instanceId = await createInstance("ins_fakecccccccc");
    const auth = new AuthStateStore(database.db, instanceId, engine.authCodec);
    const { seen, events } = recorder();
    const connection = engine.connect({ instanceId, browser, auth, log, events });
    await waitFor(() => sockets.length === 1, "the socket");
    const sock = sockets[0]!;
    sock.ev.emit("creds.update", { me: { id: "4915133333333:1@s.whatsapp.net" }, platform: "iphone" });
    sock.ev.emit("connection.update", { connection: "open" });
    await waitFor(() => seen.length === 1, "open");
    expect(seen[0]).toEqual(["open", { number: "4915133333333", pushName: undefined, platform: "iphone" }]);

    await connection.logout();
    expect(sock.logout).toHaveBeenCalledTimes(1);
    sock.ev.emit("connection.update", { connection: "close", lastDisconnect: { error: boom("late", 428), date: new Date() } });
    await settle();
    expect(seen).toHaveLength(1);

    // logout() on a socket that already failed to send still resolves.
    const failing = engine.connect({ instanceId, browser, auth, log, events });
    await waitFor(() => sockets.length === 2, "the second socket");
    sockets[1]!.logout.mockRejectedValueOnce(boom("Connection Closed", 428));
    await expect(failing.logout()).resolves.toBeUndefined();
    expect(sockets[1]!.end).toHaveBeenCalledWith(undefined);
  });

  it("drops the half-written identity of a pairing-code request that never completed", async () => {
    const { factory, sockets } = fakeFactory();
    const engine = createBaileysEngine({ socketFactory: factory });
    const instanceId = await createInstance("ins_fakeeeeeeeee");
    const auth = new AuthStateStore(database.db, instanceId, engine.authCodec);
    await auth.saveCreds({ ...initAuthCreds(), me: { id: "4915144444444@s.whatsapp.net", name: "~" }, pairingCode: "ABCD1234" });
    const connection = engine.connect({ instanceId, browser, auth, log, events: recorder().events });
    await waitFor(() => sockets.length === 1, "the socket");
    expect(sockets[0]!.config.auth.creds.me).toBeUndefined();
    expect((await auth.loadCreds<AuthenticationCreds>())?.me).toBeUndefined();
    await connection.end();
  });

  it("maps every message kind, replies, edits and revokes to Baileys sendMessage content, and acks (error included) to statuses", async () => {
    const { factory, sockets } = fakeFactory();
    const engine = createBaileysEngine({ socketFactory: factory, version: VERSION });
    expect(engine.newMessageId()).toMatch(/^3EB0[0-9A-F]{18}$/);
    const instanceId = await createInstance("ins_fakemapmapma");
    const auth = new AuthStateStore(database.db, instanceId, engine.authCodec);
    const { seen, events } = recorder();
    const connection = engine.connect({ instanceId, browser, auth, log, events });
    await waitFor(() => sockets.length === 1, "the socket");
    const sock = sockets[0]!;
    sock.ev.emit("creds.update", { me: { id: "4915111111111:3@s.whatsapp.net", name: "Shop" } });
    sock.ev.emit("connection.update", { connection: "open" });
    await waitFor(() => seen.some(([name]) => name === "open"), "open");
    // A received message the gateway may later quote.
    sock.ev.emit("messages.upsert", { type: "notify", messages: [{ key: { id: "INQ", remoteJid: "120363000000000000@g.us", fromMe: false, participant: "4915133333333@s.whatsapp.net" }, message: { conversation: "question?" } }] });
    await waitFor(() => seen.some(([, e]) => (e as { data?: { messageId?: string } } | undefined)?.data?.messageId === "INQ"), "the inbound message");

    const jid = "4915122222222@s.whatsapp.net";
    const media = (mimetype: string) => ({ path: "/tmp/wam-media-file.part", size: 10, mimetype });
    const cases: Array<[Parameters<EngineConnection["send"]>[0], unknown]> = [
      [{ id: "M1", jid, content: { type: "text", text: "hi @x", mentions: ["4915100000001@s.whatsapp.net"] } }, { text: "hi @x", linkPreview: null, mentions: ["4915100000001@s.whatsapp.net"] }],
      [{ id: "M2", jid, content: { type: "image", url: "https://e.x/a.png", caption: "pic" }, media: media("image/png") }, { image: { url: "/tmp/wam-media-file.part" }, caption: "pic", mimetype: "image/png" }],
      [{ id: "M3", jid, content: { type: "video", url: "https://e.x/a.mp4", mimetype: "video/mp4" }, media: media("video/mp4") }, { video: { url: "/tmp/wam-media-file.part" }, mimetype: "video/mp4" }],
      [{ id: "M4", jid, content: { type: "audio", url: "https://e.x/a.ogg", voiceNote: true }, media: media("audio/ogg") }, { audio: { url: "/tmp/wam-media-file.part" }, ptt: true, mimetype: "audio/ogg" }],
      [
        { id: "M5", jid, content: { type: "document", url: "https://e.x/a.pdf", fileName: "a.pdf", caption: "doc" }, media: media("application/pdf") },
        { document: { url: "/tmp/wam-media-file.part" }, mimetype: "application/pdf", fileName: "a.pdf", caption: "doc" },
      ],
      [{ id: "M6", jid, content: { type: "sticker", url: "https://e.x/a.webp" }, media: media("image/webp") }, { sticker: { url: "/tmp/wam-media-file.part" }, mimetype: "image/webp" }],
      [
        { id: "M7", jid, content: { type: "location", latitude: 52.5, longitude: 13.4, name: "Office" } },
        { location: { degreesLatitude: 52.5, degreesLongitude: 13.4, name: "Office" } },
      ],
      [
        { id: "M8", jid, content: { type: "contact", contacts: [{ name: "Ada; Countess", phone: "442079460958" }] } },
        { contacts: { displayName: "Ada; Countess", contacts: [{ displayName: "Ada; Countess", vcard: contactVcard("Ada; Countess", "442079460958") }] } },
      ],
      [{ id: "M9", jid, content: { type: "poll", name: "Lunch?", options: ["Pizza", "Sushi"] } }, { poll: { name: "Lunch?", values: ["Pizza", "Sushi"], selectableCount: 1 } }],
      [{ id: "M10", jid, content: { type: "reaction", messageId: "M1", emoji: "👍" }, reactTo: { id: "M1", fromMe: true } }, { react: { text: "👍", key: { remoteJid: jid, id: "M1", fromMe: true } } }],
      [{ id: "M11", jid, content: { type: "reaction", messageId: "THEIRS", emoji: "" }, reactTo: { id: "THEIRS", fromMe: false } }, { react: { text: "", key: { remoteJid: jid, id: "THEIRS", fromMe: false } } }],
      [
        { id: "M12", jid: "120363000000000000@g.us", content: { type: "reaction", messageId: "INQ", emoji: "❤️" }, reactTo: { id: "INQ", fromMe: false } },
        { react: { text: "❤️", key: { id: "INQ", remoteJid: "120363000000000000@g.us", fromMe: false, participant: "4915133333333@s.whatsapp.net" } } },
      ],
    ];
    for (const [message, content] of cases) {
      await connection.send(message);
      expect(sock.sendMessage, message.id).toHaveBeenLastCalledWith(message.jid, content, { messageId: message.id });
    }
    expect(contactVcard("Ada; Countess", "442079460958")).toBe("BEGIN:VCARD\nVERSION:3.0\nFN:Ada\\; Countess\nTEL;type=CELL;type=VOICE;waid=442079460958:+442079460958\nEND:VCARD");

    // A reply quotes the remembered message with its key (a group participant's, here), or an empty text for one not in memory.
    await connection.send({ id: "R1", jid: "120363000000000000@g.us", content: { type: "text", text: "answer", replyTo: "INQ" }, quoted: { id: "INQ", fromMe: false } });
    expect(sock.sendMessage).toHaveBeenLastCalledWith("120363000000000000@g.us", { text: "answer", linkPreview: null }, {
      messageId: "R1",
      quoted: { key: { id: "INQ", remoteJid: "120363000000000000@g.us", fromMe: false, participant: "4915133333333@s.whatsapp.net" }, message: { conversation: "question?" } },
    });
    await connection.send({ id: "R2", jid, content: { type: "text", text: "re", replyTo: "GONE" }, quoted: { id: "GONE", fromMe: true } });
    expect(sock.sendMessage.mock.lastCall?.[2]).toEqual({ messageId: "R2", quoted: { key: { remoteJid: jid, id: "GONE", fromMe: true }, message: { conversation: "" } } });

    await connection.edit(jid, "M1", "edited");
    expect(sock.sendMessage).toHaveBeenLastCalledWith(jid, { text: "edited", edit: { remoteJid: jid, id: "M1", fromMe: true } });
    await connection.revoke(jid, "M2");
    expect(sock.sendMessage).toHaveBeenLastCalledWith(jid, { delete: { remoteJid: jid, id: "M2", fromMe: true } });

    // Each send is reported as message.sent under its own id; acks become statuses, an ERROR ack a failure.
    const sent = () => seen.filter(([, e]) => (e as { type?: string } | undefined)?.type === "message.sent").map(([, e]) => (e as { data: { messageId: string } }).data.messageId);
    await waitFor(() => sent().length >= 14, "every message.sent");
    expect(sent()).toEqual(["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10", "M11", "M12", "R1", "R2"]);
    seen.length = 0;
    sock.ev.emit("messages.update", [
      { key: { id: "M1", remoteJid: jid, fromMe: true }, update: { status: 2 } },
      { key: { id: "M1", remoteJid: jid, fromMe: true }, update: { status: 4 } },
      { key: { id: "M4", remoteJid: jid, fromMe: true }, update: { status: 5 } },
      { key: { id: "M9", remoteJid: jid, fromMe: true }, update: { status: 0 } },
      { key: { id: "M9", remoteJid: jid, fromMe: true }, update: { status: 1 } },
    ]);
    await waitFor(() => seen.length === 4, "four statuses");
    expect(seen.map(([, e]) => e)).toEqual([
      { type: "message.status", data: { messageId: "M1", remoteJid: jid, status: "server_ack", timestamp: expect.any(String) } },
      { type: "message.status", data: { messageId: "M1", remoteJid: jid, status: "read", timestamp: expect.any(String) } },
      { type: "message.status", data: { messageId: "M4", remoteJid: jid, status: "played", timestamp: expect.any(String) } },
      { type: "message.status", data: { messageId: "M9", remoteJid: jid, status: "failed", reason: expect.stringMatching(/WhatsApp reported an error/), timestamp: expect.any(String) } },
    ]);
    await connection.end();
    await expect(connection.send({ id: "LATE", jid, content: { type: "text", text: "x" } })).rejects.toThrow(/not open/);
  });

  it("maps number checks, groups, presence and read receipts to Baileys calls", async () => {
    const { factory, sockets } = fakeFactory();
    const engine = createBaileysEngine({ socketFactory: factory, version: VERSION });
    const instanceId = await createInstance("ins_fakeaccounts1");
    const auth = new AuthStateStore(database.db, instanceId, engine.authCodec);
    const { seen, events } = recorder();
    const connection = engine.connect({ instanceId, browser, auth, log, events });
    await waitFor(() => sockets.length === 1, "the socket");
    const sock = sockets[0]!;
    await expect(connection.groups()).rejects.toThrow(/not open/);
    sock.ev.emit("creds.update", { me: { id: "4915111111111:3@s.whatsapp.net", name: "Shop" } });
    sock.ev.emit("connection.update", { connection: "open" });
    await waitFor(() => seen.some(([name]) => name === "open"), "open");

    await expect(connection.checkNumbers(["4915122222222", "4915199999999"])).resolves.toEqual([
      { number: "4915122222222", exists: true, jid: "4915122222222@s.whatsapp.net" },
      { number: "4915199999999", exists: false, jid: null },
    ]);
    expect(sock.onWhatsApp).toHaveBeenCalledWith("4915122222222", "4915199999999");

    const team = {
      id: "120363000000000000@g.us",
      subject: "Team",
      owner: "4915111111111@s.whatsapp.net",
      announce: true,
      restrict: false,
      createdAt: "2023-11-14T22:13:20.000Z",
      participants: [
        { jid: "4915111111111@s.whatsapp.net", isAdmin: true, isSuperAdmin: true },
        { jid: "4915133333333@s.whatsapp.net", isAdmin: true, isSuperAdmin: false },
        { jid: "4915122222222@s.whatsapp.net", isAdmin: false, isSuperAdmin: false },
      ],
    };
    await expect(connection.groups()).resolves.toEqual([team]);
    await expect(connection.group("120363000000000000@g.us")).resolves.toEqual(team);
    await expect(connection.group("120363999999999999@g.us")).resolves.toBeNull();

    await expect(connection.profile("4915122222222@s.whatsapp.net")).resolves.toEqual({
      pictureUrl: "https://pps.whatsapp.net/v/t61/pic.jpg",
      about: "Open 9-17",
      aboutSetAt: "2023-11-14T22:13:20.000Z",
      isBusiness: true,
    });
    expect(sock.profilePictureUrl).toHaveBeenLastCalledWith("4915122222222@s.whatsapp.net", "image");
    // No account: null without asking for the rest. An account without picture, about or business profile: nulls and false.
    await expect(connection.profile("4915199999999@s.whatsapp.net")).resolves.toBeNull();
    expect(sock.profilePictureUrl).not.toHaveBeenCalledWith("4915199999999@s.whatsapp.net", "image");
    await expect(connection.profile("123456789012345@lid")).resolves.toEqual({ pictureUrl: null, about: null, isBusiness: false });

    await connection.sendPresence("composing", "4915122222222@s.whatsapp.net");
    expect(sock.sendPresenceUpdate).toHaveBeenLastCalledWith("composing", "4915122222222@s.whatsapp.net");

    // Read receipts name received messages by the keys Baileys reported; own and unknown ids are not sent.
    sock.ev.emit("messages.upsert", {
      type: "notify",
      messages: [
        { key: { id: "IN7", remoteJid: "120363000000000000@g.us", fromMe: false, participant: "4915122222222@s.whatsapp.net" }, message: { conversation: "hi" } },
        { key: { id: "MINE", remoteJid: "4915122222222@s.whatsapp.net", fromMe: true }, message: { conversation: "mine" } },
      ],
    });
    await settle();
    await expect(connection.markRead(["IN7", "MINE", "NEVER"])).resolves.toEqual({ read: ["IN7"], unknown: ["MINE", "NEVER"] });
    expect(sock.readMessages).toHaveBeenCalledWith([{ id: "IN7", remoteJid: "120363000000000000@g.us", fromMe: false, participant: "4915122222222@s.whatsapp.net" }]);

    // WhatsApp's silence and a lost connection are "try again" (503), its refusals 422, whatever the call: not 500s.
    vi.mocked(sock.onWhatsApp).mockRejectedValueOnce(boom("Timed Out", 408));
    await expect(connection.checkNumbers(["4915122222222"])).rejects.toMatchObject({ kind: "unavailable", retryAfterSeconds: 5, message: "WhatsApp did not answer while trying to check the numbers (408: Timed Out); try again" });
    vi.mocked(sock.groupFetchAllParticipating).mockRejectedValueOnce(boom("Connection Closed", 428));
    await expect(connection.groups()).rejects.toMatchObject({ kind: "unavailable" });
    vi.mocked(sock.groupMetadata).mockRejectedValueOnce(whatsappAnswered(500, "internal-server-error"));
    await expect(connection.group("120363000000000000@g.us")).rejects.toMatchObject({ kind: "unavailable", message: expect.stringContaining("(500: internal-server-error)") });
    vi.mocked(sock.fetchStatus).mockRejectedValueOnce(whatsappAnswered(429, "rate-overlimit"));
    await expect(connection.profile("4915122222222@s.whatsapp.net")).rejects.toMatchObject({ kind: "unprocessable", message: "WhatsApp refused to read the contact's about text (429: rate-overlimit)" });
    vi.mocked(sock.sendPresenceUpdate).mockRejectedValueOnce(boom("Timed Out", 408));
    await expect(connection.sendPresence("available", "4915122222222@s.whatsapp.net")).rejects.toMatchObject({ kind: "unavailable" });
    vi.mocked(sock.readMessages).mockRejectedValueOnce(boom("Timed Out", 408));
    await expect(connection.markRead(["IN7"])).rejects.toMatchObject({ kind: "unavailable" });
    vi.mocked(sock.sendMessage).mockRejectedValueOnce(boom("Timed Out", 408)).mockRejectedValueOnce(whatsappAnswered(406, "not-acceptable"));
    await expect(connection.edit("4915122222222@s.whatsapp.net", "OUT1", "fixed")).rejects.toMatchObject({ kind: "unavailable" });
    await expect(connection.revoke("4915122222222@s.whatsapp.net", "OUT1")).rejects.toMatchObject({ kind: "unprocessable", message: "WhatsApp refused to delete the message for everyone (406: not-acceptable)" });

    // Once the connection is not open, a conflict (409; the send queue hands a message back), as "not CONNECTED" is.
    sock.ev.emit("connection.update", { connection: "close", lastDisconnect: { error: boom("Connection Terminated", 428), date: new Date() } });
    await waitFor(() => seen.some(([name]) => name === "close"), "close");
    await expect(connection.groups()).rejects.toMatchObject({ kind: "conflict", message: "The WhatsApp connection is not open; try again once the instance is CONNECTED" });
    await expect(connection.send({ id: "OUT9", jid: "4915122222222@s.whatsapp.net", content: { type: "text", text: "later" } })).rejects.toMatchObject({ kind: "conflict" });
    await connection.end();
  });

  it("tells the watchdog when the server last sent anything, and probes with Baileys' ping IQ under the watchdog's timeout", async () => {
    const { factory, sockets } = fakeFactory();
    const engine = createBaileysEngine({ socketFactory: factory, version: VERSION });
    const instanceId = await createInstance("ins_fakewatchdog1");
    const { seen, events } = recorder();
    const connection = engine.connect({ instanceId, browser, auth: new AuthStateStore(database.db, instanceId, engine.authCodec), log, events });
    await waitFor(() => sockets.length === 1, "the socket");
    const sock = sockets[0]!;
    sock.ws.emit("frame", {});
    // Not open yet: nothing for the watchdog to judge, and no probe.
    expect(connection.lastReceivedAt()).toBeUndefined();
    await expect(connection.probe(100)).rejects.toThrow();
    sock.ev.emit("creds.update", { me: { id: "4915111111111:3@s.whatsapp.net", name: "Shop" } });
    sock.ev.emit("connection.update", { connection: "open" });
    await waitFor(() => seen.some(([name]) => name === "open"), "open");
    const before = Date.now();
    await settle(20);
    sock.ws.emit("frame", {});
    expect(connection.lastReceivedAt()).toBeGreaterThanOrEqual(before);

    await connection.probe(1234);
    expect(sock.query).toHaveBeenCalledWith({ tag: "iq", attrs: { id: expect.any(String), to: "@s.whatsapp.net", type: "get", xmlns: "w:p" }, content: [{ tag: "ping", attrs: {} }] }, 1234);
    sock.query.mockRejectedValueOnce(Object.assign(new Error("Timed Out"), { output: { statusCode: 408 } }));
    await expect(connection.probe(50)).rejects.toThrow("Timed Out");
    await connection.end();
    expect(connection.lastReceivedAt()).toBeUndefined();
  });

  it("end() before the socket exists opens none", async () => {
    const { factory, sockets } = fakeFactory();
    const engine = createBaileysEngine({ socketFactory: factory });
    const { seen, events } = recorder();
    const instanceId = await createInstance("ins_fakedddddddd");
    const connection = engine.connect({ instanceId, browser, auth: new AuthStateStore(database.db, instanceId, engine.authCodec), log, events });
    await connection.end();
    await settle();
    expect(sockets).toHaveLength(0);
    expect(seen).toEqual([]);
  });
});

describe("Baileys engine: what arrives (fake socket)", () => {
  const ME_JID = "4915111111111@s.whatsapp.net";
  const ALICE = "4915122222222@s.whatsapp.net";
  const BEA = "4915133333333@s.whatsapp.net";
  const GROUP = "120363000000000000@g.us";
  const AT = 1_700_000_000;
  const AT_ISO = "2023-11-14T22:13:20.000Z";
  const MEDIA_KEY = Buffer.alloc(32, 7);

  /** An open connection whose media keeper records what it is asked to keep and answers med_…1, med_…2… */
  async function openConnection(instanceId: string) {
    const { factory, sockets } = fakeFactory();
    const engine = createBaileysEngine({ socketFactory: factory, version: VERSION });
    await createInstance(instanceId);
    const auth = new AuthStateStore(database.db, instanceId, engine.authCodec);
    const { seen, events } = recorder();
    const kept: ReceivedMedia[] = [];
    const media: MediaKeeper = {
      keep: async (file) => {
        kept.push(file);
        return { mediaId: `med_${String(kept.length).padStart(24, "0")}`, expiresAt: "2023-11-21T22:13:20.000Z" };
      },
    };
    const connection = engine.connect({ instanceId, browser, auth, log, events, media });
    await waitFor(() => sockets.length === 1, "the socket");
    const sock = sockets[0]!;
    sock.ev.emit("creds.update", { me: { id: "4915111111111:3@s.whatsapp.net", name: "Shop" } });
    sock.ev.emit("connection.update", { connection: "open" });
    await waitFor(() => seen.some(([name]) => name === "open"), "open");
    seen.length = 0;
    const reported = () => seen.filter(([name]) => name === "message").map(([, event]) => event as EngineMessageEvent);
    return { engine, connection, sock, seen, kept, reported };
  }

  const from = (id: string, extra: Partial<WAMessage["key"]> = {}) => ({ id, remoteJid: ALICE, fromMe: false, ...extra });

  it("maps every kind of received message to message.received, and keeps each file (media key included) before reporting it", async () => {
    const { connection, sock, seen, kept, reported } = await openConnection("ins_fakeinbound01");
    const media = (directPath: string, mimetype: string, fileLength: number) => ({ url: `https://mmg.whatsapp.net${directPath}`, directPath, mediaKey: MEDIA_KEY, mimetype, fileLength });
    const messages: WAMessage[] = [
      {
        key: from("T1", { remoteJid: GROUP, participant: "123456789012345@lid", participantAlt: BEA }),
        pushName: "Bea",
        messageTimestamp: AT,
        message: { extendedTextMessage: { text: "@Ada look", contextInfo: { stanzaId: "Q1", mentionedJid: ["4915144444444@s.whatsapp.net"] } } },
      },
      { key: from("I1"), pushName: "Ada", messageTimestamp: AT, message: { imageMessage: { ...media("/v/t62/img", "image/jpeg", 48_213), caption: "receipt" } } },
      { key: from("V1"), messageTimestamp: AT, message: { videoMessage: media("/v/t62/vid", "video/mp4", 1000) } },
      { key: from("A1"), messageTimestamp: AT, message: { audioMessage: { ...media("/v/t62/aud", "audio/ogg; codecs=opus", 2000), ptt: true } } },
      {
        key: from("D1"),
        messageTimestamp: AT,
        message: { documentWithCaptionMessage: { message: { documentMessage: { ...media("/v/t62/doc", "application/pdf", 3000), fileName: "invoice.pdf", caption: "the invoice" } } } },
      },
      { key: from("S1"), messageTimestamp: AT, message: { stickerMessage: media("/v/t62/stk", "image/webp", 400) } },
      // No media key: nothing to decrypt the file with, so it is described but not kept.
      { key: from("N1"), messageTimestamp: AT, message: { imageMessage: { mimetype: "image/png", fileLength: 10 } } },
      { key: from("L1"), messageTimestamp: AT, message: { locationMessage: { degreesLatitude: 52.52, degreesLongitude: 13.405, name: "Office", address: "Main St 1" } } },
      {
        key: from("C1"),
        messageTimestamp: AT,
        message: { contactsArrayMessage: { displayName: "2 contacts", contacts: [{ displayName: "Ada", vcard: "BEGIN:VCARD\nFN:Ada\nEND:VCARD" }, { displayName: "Ben", vcard: "BEGIN:VCARD\nFN:Ben\nEND:VCARD" }] } },
      },
      { key: from("P1"), messageTimestamp: AT, message: { pollCreationMessageV3: { name: "Lunch?", options: [{ optionName: "Pizza" }, { optionName: "Sushi" }], selectableOptionsCount: 1 } } },
      { key: from("O1"), messageTimestamp: AT, message: { eventMessage: { name: "Party" } } },
    ];
    sock.ev.emit("messages.upsert", { type: "notify", messages });
    await waitFor(() => reported().length >= messages.length, "every message");
    await settle();

    const base = (id: string) => ({ messageId: id, from: ALICE, timestamp: AT_ISO, chat: ALICE, fromMe: false });
    const expiresAt = "2023-11-21T22:13:20.000Z";
    expect(reported()).toEqual([
      {
        type: "message.received",
        data: { messageId: "T1", from: GROUP, text: "@Ada look", timestamp: AT_ISO, chat: GROUP, fromMe: false, participant: BEA, pushName: "Bea", type: "text", quotedMessageId: "Q1", mentions: ["4915144444444@s.whatsapp.net"] },
      },
      { type: "message.received", data: { ...base("I1"), text: "receipt", pushName: "Ada", type: "image", media: { mediaId: `med_${"1".padStart(24, "0")}`, expiresAt, mimetype: "image/jpeg", size: 48_213 } } },
      { type: "message.received", data: { ...base("V1"), type: "video", media: { mediaId: `med_${"2".padStart(24, "0")}`, expiresAt, mimetype: "video/mp4", size: 1000 } } },
      { type: "message.received", data: { ...base("A1"), type: "audio", media: { mediaId: `med_${"3".padStart(24, "0")}`, expiresAt, mimetype: "audio/ogg; codecs=opus", size: 2000, voiceNote: true } } },
      {
        type: "message.received",
        data: { ...base("D1"), text: "the invoice", type: "document", media: { mediaId: `med_${"4".padStart(24, "0")}`, expiresAt, mimetype: "application/pdf", size: 3000, fileName: "invoice.pdf" } },
      },
      { type: "message.received", data: { ...base("S1"), type: "sticker", media: { mediaId: `med_${"5".padStart(24, "0")}`, expiresAt, mimetype: "image/webp", size: 400 } } },
      { type: "message.received", data: { ...base("N1"), type: "image", media: { mimetype: "image/png", size: 10 } } },
      { type: "message.received", data: { ...base("L1"), type: "location", location: { latitude: 52.52, longitude: 13.405, name: "Office", address: "Main St 1" } } },
      {
        type: "message.received",
        data: { ...base("C1"), type: "contact", contacts: [{ name: "Ada", vcard: "BEGIN:VCARD\nFN:Ada\nEND:VCARD" }, { name: "Ben", vcard: "BEGIN:VCARD\nFN:Ben\nEND:VCARD" }] },
      },
      { type: "message.received", data: { ...base("P1"), type: "poll", poll: { name: "Lunch?", options: ["Pizza", "Sushi"], selectableCount: 1 } } },
      { type: "message.received", data: { ...base("O1"), type: "other" } },
    ]);

    // What is kept: the message, what the download needs (the media key, base64, and the CDN path), and the file's details.
    expect(kept.map(({ messageId, type }) => [messageId, type])).toEqual([
      ["I1", "image"],
      ["V1", "video"],
      ["A1", "audio"],
      ["D1", "document"],
      ["S1", "sticker"],
    ]);
    expect(kept[3]).toMatchObject({ mimetype: "application/pdf", size: 3000, fileName: "invoice.pdf" });
    expect(JSON.parse(kept[0]!.source)).toEqual({ type: "image", mediaKey: MEDIA_KEY.toString("base64"), directPath: "/v/t62/img", url: "https://mmg.whatsapp.net/v/t62/img" });
    // The key never reaches an event (webhooks carry only the media id).
    expect(JSON.stringify(seen)).not.toContain(MEDIA_KEY.toString("base64"));
    await connection.end();
  });

  it("maps reactions, deletions for everyone, the account's own messages (append), calls, group member changes and presence", async () => {
    const { connection, sock, reported } = await openConnection("ins_fakeinbound02");
    sock.ev.emit("messages.upsert", {
      type: "notify",
      messages: [
        // Bea reacts in the group to a message of ours; Alice takes a reaction back, then deletes a message of hers.
        { key: from("R1", { remoteJid: GROUP, participant: BEA }), messageTimestamp: AT, message: { reactionMessage: { key: { id: "OUT7", remoteJid: GROUP, fromMe: true }, text: "👍", senderTimestampMs: AT * 1000 + 500 } } },
        { key: from("R2"), messageTimestamp: AT, message: { reactionMessage: { key: { id: "IN9", remoteJid: ALICE, fromMe: false }, text: "" } } },
        { key: from("X1"), messageTimestamp: AT, message: { protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: "IN8", remoteJid: ALICE, fromMe: false } } } },
        // An edit is neither (and not a new message).
        { key: from("E1"), messageTimestamp: AT, message: { protocolMessage: { type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT, key: { id: "IN8", remoteJid: ALICE, fromMe: false } } } },
      ],
    });
    // A send through the engine, then Baileys' `append` echo of it, a message the phone sent while this socket was
    // offline, and an offline message from someone else (what WhatsApp held: reported, marked offline).
    await connection.send({ id: "OUT9", jid: ALICE, content: { type: "text", text: "from the API" } });
    sock.ev.emit("messages.upsert", {
      type: "append",
      messages: [
        { key: { id: "OUT9", remoteJid: ALICE, fromMe: true }, messageTimestamp: AT, message: { conversation: "from the API" } },
        { key: { id: "PH1", remoteJid: ALICE, fromMe: true }, messageTimestamp: AT, message: { imageMessage: { caption: "sent from the phone", mimetype: "image/jpeg" } } },
        { key: from("OFF1"), messageTimestamp: AT, message: { conversation: "while you were away" } },
      ],
    });
    sock.ev.emit("call", [
      { chatId: ALICE, from: "123456789012345@lid", callerPn: ALICE, id: "CALL1", date: new Date(AT * 1000), isVideo: true, isGroup: false, status: "offer", offline: false },
      { chatId: ALICE, from: "123456789012345@lid", callerPn: ALICE, id: "CALL1", date: new Date(AT * 1000), status: "transport", offline: false },
    ]);
    sock.ev.emit("group-participants.update", { id: GROUP, author: "111111111111111@lid", authorPn: ME_JID, participants: [{ id: "222222222222222@lid", phoneNumber: "4915155555555@s.whatsapp.net" }, { id: "4915166666666@s.whatsapp.net" }], action: "add" });
    sock.ev.emit("group-participants.update", { id: GROUP, author: ME_JID, participants: [{ id: BEA }], action: "modify" });
    sock.ev.emit("presence.update", { id: ALICE, presences: { [ALICE]: { lastKnownPresence: "composing" } } });
    sock.ev.emit("presence.update", { id: GROUP, presences: { [BEA]: { lastKnownPresence: "unavailable", lastSeen: AT } } });
    await waitFor(() => reported().length >= 10, "ten events");
    await settle();

    expect(reported()).toEqual([
      { type: "message.reaction", data: { messageId: "OUT7", remoteJid: GROUP, from: BEA, emoji: "👍", timestamp: "2023-11-14T22:13:20.500Z" } },
      { type: "message.reaction", data: { messageId: "IN9", remoteJid: ALICE, from: ALICE, emoji: "", timestamp: AT_ISO } },
      { type: "message.deleted", data: { messageId: "IN8", remoteJid: ALICE, from: ALICE, timestamp: AT_ISO } },
      { type: "message.sent", data: { messageId: "OUT9", to: ALICE, text: "from the API", timestamp: expect.any(String) } },
      { type: "message.sent", data: { messageId: "PH1", to: ALICE, text: "sent from the phone", timestamp: AT_ISO } },
      { type: "message.received", data: { messageId: "OFF1", from: ALICE, text: "while you were away", timestamp: AT_ISO, chat: ALICE, fromMe: false, type: "text", offline: true } },
      { type: "call.received", data: { callId: "CALL1", from: ALICE, isVideo: true, isGroup: false, status: "offer", timestamp: AT_ISO } },
      {
        type: "group.participants",
        data: { groupJid: GROUP, action: "add", participants: ["4915155555555@s.whatsapp.net", "4915166666666@s.whatsapp.net"], author: ME_JID, timestamp: expect.any(String) },
      },
      { type: "presence.update", data: { jid: ALICE, presence: "composing", timestamp: expect.any(String) } },
      { type: "presence.update", data: { jid: BEA, chat: GROUP, presence: "unavailable", lastSeen: AT_ISO, timestamp: expect.any(String) } },
    ]);
    await connection.end();
  });

  it("reports the account's display name when it changes after open, once per change", async () => {
    const { connection, sock, seen } = await openConnection("ins_fakeinbound03");
    sock.ev.emit("creds.update", { me: { id: "4915111111111:3@s.whatsapp.net", name: "Shop" } });
    sock.ev.emit("creds.update", { me: { id: "4915111111111:3@s.whatsapp.net", name: "Shop & Café" } });
    sock.ev.emit("creds.update", { me: { id: "4915111111111:3@s.whatsapp.net", name: "Shop & Café" } });
    await waitFor(() => seen.length === 1, "the new name");
    await settle();
    expect(seen).toEqual([["pushName", "Shop & Café"]]);
    await connection.end();
  });

  it("downloads a kept file from WhatsApp's CDN and decrypts it with its media key, and never fetches from anywhere else", async () => {
    const { engine, connection, sock, kept } = await openConnection("ins_fakeinbound04");
    const plain = crypto.randomBytes(70_001);
    const mediaKey = crypto.randomBytes(32);
    const { cipherKey, iv } = await getMediaKeys(mediaKey, "document");
    const cipher = crypto.createCipheriv("aes-256-cbc", cipherKey, iv);
    // As WhatsApp stores it: the AES-CBC ciphertext and a 10-byte MAC.
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final(), crypto.randomBytes(10)]);
    const fetched: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string | URL) => {
        fetched.push(String(url));
        if (String(url).includes("/gone")) return new Response("", { status: 404 });
        if (String(url).includes("/broken")) return new Response("", { status: 500 });
        return new Response(encrypted);
      }),
    );
    try {
      const doc = (id: string, fields: Record<string, unknown>) => ({ key: from(id), messageTimestamp: AT, message: { documentMessage: { mediaKey, mimetype: "application/pdf", fileLength: plain.length, fileName: "a.pdf", ...fields } } });
      sock.ev.emit("messages.upsert", {
        type: "notify",
        messages: [
          doc("DL1", { directPath: "/v/t62.7119-24/enc?ccb=11-4", url: "https://media-fra5-1.cdn.whatsapp.net/v/t62.7119-24/enc?ccb=11-4" }),
          // A sender can write any URL into its message: neither a foreign host with the path nor a foreign URL alone is fetched.
          doc("DL2", { directPath: "/v/t62.7119-24/enc2", url: "https://attacker.example/steal" }),
          doc("DL3", { url: "http://169.254.169.254/latest/meta-data" }),
          doc("DL4", { directPath: "/gone" }),
          doc("DL5", { directPath: "/broken" }),
        ],
      });
      await waitFor(() => kept.length === 5, "five kept files");
      const open = (i: number) => engine.openMedia({ source: kept[i]!.source, content: null });

      const body = Buffer.concat(await (await open(0)).toArray());
      expect(body.equals(plain)).toBe(true);
      expect(fetched).toEqual(["https://media-fra5-1.cdn.whatsapp.net/v/t62.7119-24/enc?ccb=11-4"]);

      await (await open(1)).toArray();
      expect(fetched.at(-1)).toBe("https://mmg.whatsapp.net/v/t62.7119-24/enc2");
      await expect(open(2)).rejects.toMatchObject({ kind: "gone" });
      expect(fetched).toHaveLength(2);
      await expect(open(3)).rejects.toMatchObject({ kind: "gone", message: expect.stringMatching(/no longer have this file \(HTTP 404\)/) });
      await expect(open(4)).rejects.toMatchObject({ kind: "unavailable", message: expect.not.stringMatching(/whatsapp\.net|broken/) });
    } finally {
      vi.unstubAllGlobals();
      await connection.end();
    }
  });
});

describe("Baileys engine: the instance's behaviour settings (fake socket)", () => {
  const ALICE = "4915122222222@s.whatsapp.net";
  const GROUP = "120363000000000000@g.us";
  const CHANNEL = "120363000000000009@newsletter";
  const LIST = "1700000000@broadcast";
  const STATUS = "status@broadcast";

  /** An open connection whose settings the test changes in place (the engine reads them through the getter). */
  async function withSettings(instanceId: string, initial: Partial<BehaviourSettings>) {
    const settings: BehaviourSettings = { ...BEHAVIOUR_DEFAULTS, ...initial };
    const { factory, sockets } = fakeFactory();
    const engine = createBaileysEngine({ socketFactory: factory, version: VERSION });
    await createInstance(instanceId);
    const { seen, events } = recorder();
    const connection = engine.connect({ instanceId, browser: ["Support desk", "Chrome", "120.0"], auth: new AuthStateStore(database.db, instanceId, engine.authCodec), log, events, settings: () => settings });
    await waitFor(() => sockets.length === 1, "the socket");
    const sock = sockets[0]!;
    sock.ev.emit("creds.update", { me: { id: "4915111111111:3@s.whatsapp.net", name: "Shop" } });
    sock.ev.emit("connection.update", { connection: "open" });
    await waitFor(() => seen.some(([name]) => name === "open"), "open");
    const reported = () => seen.filter(([name]) => name === "message").map(([, event]) => event as EngineMessageEvent);
    return { settings, connection, sock, reported };
  }

  it("passes the socket options the settings ask for, and asks which chats to ignore on every stanza", async () => {
    const { settings, connection, sock } = await withSettings("ins_fakesettings01", {});
    expect(sock.config).toMatchObject({ browser: ["Support desk", "Chrome", "120.0"], markOnlineOnConnect: false, syncFullHistory: false });
    // Baileys' own default, which skips FULL history notifications, stays.
    expect(sock.config.shouldSyncHistoryMessage).toBeUndefined();
    const ignores = () => [GROUP, STATUS, CHANNEL, LIST, ALICE].map((jid) => sock.config.shouldIgnoreJid!(jid));
    expect(ignores()).toEqual([false, false, false, false, false]);
    // The same socket follows a change: Baileys calls shouldIgnoreJid for each stanza.
    Object.assign(settings, { ignoreGroups: true, ignoreNewsletters: true });
    expect(ignores()).toEqual([true, false, true, false, false]);
    Object.assign(settings, { ignoreGroups: false, ignoreNewsletters: false, ignoreStatus: true, ignoreBroadcasts: true });
    expect(ignores()).toEqual([false, true, false, true, false]);
    await connection.end();

    const { sock: next, connection: second } = await withSettings("ins_fakesettings02", { alwaysOnline: true, syncFullHistory: true });
    expect(next.config).toMatchObject({ markOnlineOnConnect: true, syncFullHistory: true });
    expect(next.config.shouldSyncHistoryMessage!(proto.Message.HistorySyncNotification.create({ syncType: proto.HistorySync.HistorySyncType.FULL }))).toBe(true);
    await second.end();
  });

  it("rejects a new call, reports it rejected, and sends the reply to the caller's number", async () => {
    const { settings, connection, sock, reported } = await withSettings("ins_fakesettings03", { rejectCalls: true, rejectCallMessage: "No calls, please write." });
    const call = (id: string, status: WACallUpdateType, extra: Record<string, unknown> = {}) => ({ chatId: ALICE, from: "123456789012345@lid", callerPn: ALICE, id, date: new Date(1_700_000_000_000), isVideo: false, isGroup: false, status, offline: false, ...extra });
    sock.ev.emit("call", [call("CALL1", "offer"), call("CALL1", "transport")]);
    await waitFor(() => reported().length === 2, "the call and the reply");
    expect(sock.rejectCall).toHaveBeenCalledTimes(1);
    // Baileys names the call's creator as WhatsApp did (here a LID); the reply goes to the phone number.
    expect(sock.rejectCall).toHaveBeenCalledWith("CALL1", "123456789012345@lid");
    expect(sock.sendMessage).toHaveBeenCalledTimes(1);
    const [to, content, options] = sock.sendMessage.mock.calls[0]!;
    expect([to, content]).toEqual([ALICE, { text: "No calls, please write.", linkPreview: null }]);
    expect(reported()).toEqual([
      { type: "call.received", data: { callId: "CALL1", from: ALICE, isVideo: false, isGroup: false, status: "offer", timestamp: "2023-11-14T22:13:20.000Z", rejected: true } },
      { type: "message.sent", data: { messageId: options!.messageId, to: ALICE, text: "No calls, please write.", timestamp: expect.any(String) } },
    ]);

    // Later updates of a call are not rejected again; a rejection WhatsApp refuses is reported as such, with no reply.
    sock.ev.emit("call", [call("CALL1", "terminate")]);
    sock.rejectCall.mockRejectedValueOnce(new Error("not-acceptable"));
    sock.ev.emit("call", [call("CALL2", "offer")]);
    await waitFor(() => reported().length === 4, "two more call events");
    expect(sock.rejectCall).toHaveBeenCalledTimes(2);
    expect(reported().slice(2).map((e) => e.data)).toEqual([
      expect.not.objectContaining({ rejected: expect.anything() }),
      expect.objectContaining({ callId: "CALL2", status: "offer", rejected: false }),
    ]);
    expect(sock.sendMessage).toHaveBeenCalledTimes(1);

    // Without a reply text: rejected, nothing sent. With rejectCalls off: neither, and no `rejected` field.
    settings.rejectCallMessage = null;
    sock.ev.emit("call", [call("CALL3", "offer")]);
    await waitFor(() => reported().length === 5, "the third call");
    expect(reported()[4]!.data).toMatchObject({ callId: "CALL3", rejected: true });
    settings.rejectCalls = false;
    sock.ev.emit("call", [call("CALL4", "offer")]);
    await waitFor(() => reported().length === 6, "the fourth call");
    await settle();
    expect(reported()[5]!.data).not.toHaveProperty("rejected");
    expect(sock.rejectCall).toHaveBeenCalledTimes(3);
    expect(sock.sendMessage).toHaveBeenCalledTimes(1);
    await connection.end();
  });

  it("marks received messages and status updates read in one batch per upsert, and nothing else", async () => {
    const { settings, connection, sock, reported } = await withSettings("ins_fakesettings04", { readMessages: true, readStatus: true });
    const key = (id: string, extra: Record<string, unknown> = {}) => ({ id, remoteJid: ALICE, fromMe: false, ...extra });
    sock.ev.emit("messages.upsert", {
      type: "notify",
      messages: [
        { key: key("IN1"), message: { conversation: "hi" } },
        { key: key("IN2", { remoteJid: GROUP, participant: ALICE }), message: { conversation: "in the group" } },
        { key: key("RX1"), message: { reactionMessage: { key: { id: "OUT1", remoteJid: ALICE, fromMe: true }, text: "👍" } } },
        { key: { id: "OWN1", remoteJid: ALICE, fromMe: true }, message: { conversation: "from the phone" } },
        { key: key("ST1", { remoteJid: STATUS, participant: ALICE }), message: { conversation: "my status" } },
      ],
    });
    sock.ev.emit("messages.upsert", { type: "append", messages: [{ key: key("OFF1"), message: { conversation: "while away" } }] });
    await waitFor(() => sock.readMessages.mock.calls.length === 2, "two batches of receipts");
    expect(sock.readMessages.mock.calls).toEqual([[[key("IN1"), key("IN2", { remoteJid: GROUP, participant: ALICE }), key("ST1", { remoteJid: STATUS, participant: ALICE })]], [[key("OFF1")]]]);
    // The status update is read, never reported.
    await waitFor(() => reported().length === 5, "the reported events");
    expect(reported().map((e) => [e.type, "messageId" in e.data ? e.data.messageId : undefined])).toEqual([
      ["message.received", "IN1"],
      ["message.received", "IN2"],
      ["message.reaction", "OUT1"],
      ["message.sent", "OWN1"],
      ["message.received", "OFF1"],
    ]);

    // Status updates are not read while ignored; nothing is read with both settings off.
    Object.assign(settings, { ignoreStatus: true });
    sock.ev.emit("messages.upsert", { type: "notify", messages: [{ key: key("ST2", { remoteJid: STATUS, participant: ALICE }), message: { conversation: "status" } }] });
    Object.assign(settings, { ignoreStatus: false, readMessages: false, readStatus: false });
    sock.ev.emit("messages.upsert", { type: "notify", messages: [{ key: key("IN3"), message: { conversation: "unread" } }, { key: key("ST3", { remoteJid: STATUS, participant: ALICE }), message: { conversation: "s" } }] });
    await waitFor(() => reported().length === 6, "IN3");
    await settle();
    expect(sock.readMessages).toHaveBeenCalledTimes(2);
    await connection.end();
  });

  it("reports nothing from an ignored chat even when Baileys passes it through, and direct chats as before", async () => {
    const { settings, connection, sock, reported } = await withSettings("ins_fakesettings05", { ignoreGroups: true, ignoreNewsletters: true, ignoreBroadcasts: true, readMessages: true });
    sock.ev.emit("messages.upsert", {
      type: "notify",
      messages: [
        { key: { id: "G1", remoteJid: GROUP, participant: ALICE, fromMe: false }, message: { conversation: "group" } },
        { key: { id: "G2", remoteJid: GROUP, participant: ALICE, fromMe: false }, message: { reactionMessage: { key: { id: "OUT1", remoteJid: GROUP, fromMe: true }, text: "👍" } } },
        { key: { id: "G3", remoteJid: GROUP, fromMe: true }, message: { conversation: "mine, in the group, from the phone" } },
        { key: { id: "N1", remoteJid: CHANNEL, fromMe: false }, message: { conversation: "channel post" } },
        { key: { id: "B1", remoteJid: LIST, participant: ALICE, fromMe: false }, message: { conversation: "through a list" } },
        { key: { id: "D1", remoteJid: ALICE, fromMe: false }, message: { conversation: "direct" } },
      ],
    });
    sock.ev.emit("group-participants.update", { id: GROUP, author: ALICE, participants: [{ id: "4915133333333@s.whatsapp.net" }], action: "add" });
    sock.ev.emit("presence.update", { id: GROUP, presences: { [ALICE]: { lastKnownPresence: "composing" } } });
    sock.ev.emit("messages.update", [{ key: { id: "OUT1", remoteJid: GROUP, fromMe: true }, update: { status: 4 } }]);
    sock.ev.emit("message-receipt.update", [{ key: { id: "OUT1", remoteJid: GROUP, fromMe: true }, receipt: { userJid: ALICE, readTimestamp: 1_700_000_100 } }]);
    sock.ev.emit("presence.update", { id: ALICE, presences: { [ALICE]: { lastKnownPresence: "composing" } } });
    await waitFor(() => reported().length === 2, "the direct message and presence");
    await settle();
    expect(reported().map((e) => e.type)).toEqual(["message.received", "presence.update"]);
    expect(reported()[0]!.data).toMatchObject({ messageId: "D1", chat: ALICE });
    // Ignored messages are not read either.
    await waitFor(() => sock.readMessages.mock.calls.length === 1, "the read receipt");
    expect(sock.readMessages).toHaveBeenCalledWith([{ id: "D1", remoteJid: ALICE, fromMe: false }]);

    // Back on: the same kinds arrive, a broadcast list's message with its sender.
    Object.assign(settings, { ignoreGroups: false, ignoreNewsletters: false, ignoreBroadcasts: false });
    sock.ev.emit("messages.upsert", {
      type: "notify",
      messages: [
        { key: { id: "G4", remoteJid: GROUP, participant: ALICE, fromMe: false }, message: { conversation: "group" } },
        { key: { id: "N2", remoteJid: CHANNEL, fromMe: false }, message: { conversation: "channel post" } },
        { key: { id: "B2", remoteJid: LIST, participant: ALICE, fromMe: false }, message: { conversation: "through a list" } },
      ],
    });
    await waitFor(() => reported().length === 5, "three more messages");
    expect(reported().slice(2).map((e) => e.data)).toEqual([
      expect.objectContaining({ messageId: "G4", chat: GROUP, participant: ALICE }),
      expect.objectContaining({ messageId: "N2", chat: CHANNEL, from: CHANNEL }),
      expect.objectContaining({ messageId: "B2", chat: LIST, participant: ALICE }),
    ]);
    // A send to an ignored chat still goes out and is reported by the send itself.
    Object.assign(settings, { ignoreGroups: true });
    await connection.send({ id: "OUT2", jid: GROUP, content: { type: "text", text: "to the group" } });
    await waitFor(() => reported().length === 6, "the send's message.sent");
    expect(reported()[5]).toMatchObject({ type: "message.sent", data: { messageId: "OUT2", to: GROUP } });
    await connection.end();
  });

  it("goes online only around sends unless alwaysOnline, and follows a change at once", async () => {
    const { settings, connection, sock } = await withSettings("ins_fakesettings06", {});
    const presences = () => sock.sendPresenceUpdate.mock.calls.map(([state]) => state);
    await connection.send({ id: "OUT1", jid: ALICE, content: { type: "text", text: "one" } });
    expect(presences()).toEqual(["available", "unavailable"]);
    // Online before the message leaves, offline after.
    const [availableAt, unavailableAt] = sock.sendPresenceUpdate.mock.invocationCallOrder;
    expect(availableAt).toBeLessThan(sock.sendMessage.mock.invocationCallOrder[0]!);
    expect(unavailableAt).toBeGreaterThan(sock.sendMessage.mock.invocationCallOrder[0]!);
    // Two sends at once: online once, offline when both are done.
    await Promise.all([connection.send({ id: "OUT2", jid: ALICE, content: { type: "text", text: "two" } }), connection.send({ id: "OUT3", jid: ALICE, content: { type: "text", text: "three" } })]);
    expect(presences()).toEqual(["available", "unavailable", "available", "unavailable"]);

    settings.alwaysOnline = true;
    await connection.settingsChanged();
    expect(presences().at(-1)).toBe("available");
    await connection.send({ id: "OUT4", jid: ALICE, content: { type: "text", text: "four" } });
    await connection.settingsChanged();
    expect(presences()).toEqual(["available", "unavailable", "available", "unavailable", "available"]);
    settings.alwaysOnline = false;
    await connection.settingsChanged();
    expect(presences().at(-1)).toBe("unavailable");
    expect(presences()).toHaveLength(6);
    await connection.end();
    // An ended connection announces nothing.
    settings.alwaysOnline = true;
    await connection.settingsChanged();
    expect(presences()).toHaveLength(6);
  });
});

describe("Baileys engine with a real Baileys socket against a local WebSocket server", () => {
  let url: string;
  const accepted: WebSocket[] = [];
  let behaviour: "drop" | "hold" | "silent" = "drop";

  beforeAll(async () => {
    server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("unexpected address");
    url = `ws://127.0.0.1:${address.port}/ws/chat`;
    server.on("connection", (socket) => {
      accepted.push(socket);
      socket.once("message", () => {
        if (behaviour === "drop") socket.terminate();
      });
    });
  });

  afterEach(() => {
    for (const socket of accepted) socket.terminate();
    accepted.length = 0;
  });

  const connectReal = async (id: string, connectTimeoutMs?: number): Promise<{ connection: EngineConnection; seen: Seen[] }> => {
    const instanceId = await createInstance(id);
    const engine = createBaileysEngine({ waWebSocketUrl: url, version: VERSION, connectTimeoutMs });
    const { seen, events } = recorder();
    const connection = engine.connect({ instanceId, browser, auth: new AuthStateStore(database.db, instanceId, engine.authCodec), log, events });
    return { connection, seen };
  };

  it("reports exactly one close with a reconnectable code when the server drops the socket, and never reconnects by itself", async () => {
    behaviour = "drop";
    const unhandledBefore = unhandled.length;
    const { connection, seen } = await connectReal("ins_realaaaaaaaa");
    await waitFor(() => seen.some(([name]) => name === "close"), "close", 10_000);
    const connectionsAtClose = accepted.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const closes = seen.filter(([name]) => name === "close");
    expect(closes).toHaveLength(1);
    const info = closes[0]![1] as { code?: number; reason: string; qrExpired?: boolean };
    expect(typeof info.code).toBe("number");
    expect([401, 403, 411, 440]).not.toContain(info.code);
    expect(info.code).toBe(428);
    expect(info.qrExpired).toBeUndefined();
    expect(seen[0]).toEqual(["connecting"]);
    expect(connectionsAtClose).toBe(1);
    expect(accepted).toHaveLength(1);
    expect(unhandled.slice(unhandledBefore)).toEqual([]);
    await connection.end();
    expect(seen.filter(([name]) => name === "close")).toHaveLength(1);
  });

  it("reports 408 (not QR expiry) when the server never answers the handshake", async () => {
    behaviour = "silent";
    const { connection, seen } = await connectReal("ins_realbbbbbbbb", 500);
    await waitFor(() => seen.some(([name]) => name === "close"), "close", 10_000);
    expect(seen.find(([name]) => name === "close")?.[1]).toMatchObject({ code: 408, qrExpired: false });
    await connection.end();
  });

  it("end() closes a live socket and reports nothing, not even Baileys' own close", async () => {
    behaviour = "hold";
    const { connection, seen } = await connectReal("ins_realcccccccc");
    await waitFor(() => accepted.length === 1 && seen.length >= 1, "the server connection");
    const serverSide = accepted[0]!;
    const serverClosed = new Promise<void>((resolve) => serverSide.once("close", () => resolve()));
    await connection.end();
    await serverClosed;
    await settle(100);
    expect(seen).toEqual([["connecting"]]);
    expect(accepted).toHaveLength(1);
  });
});
