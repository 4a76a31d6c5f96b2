import { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeEventBuffer, type AuthenticationCreds, type UserFacingSocketConfig } from "baileys";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type Mock } from "vitest";
import { openDatabase, type OpenedDatabase } from "../../src/db/database";
import { baileysAuthCodec, createBaileysEngine, type BaileysSocketLike } from "../../src/engines/baileys/baileys-engine";
import type { ConnectionEvents, EngineConnection } from "../../src/engines/engine";
import { AuthStateStore } from "../../src/modules/instances/auth-state-store";
import type { OwnProfileCalls } from "../support/baileys-own-profile";
import { whatsappAnswered } from "../support/baileys-errors";

// The account's own profile and privacy through the Baileys engine, with a fake socket standing in for WhatsApp's
// servers (unreachable from here): each call must reach the right Baileys function with the right arguments, and
// Baileys' answers and refusals must come back as the gateway's. WhatsApp's CDN is stubbed through global fetch.

const log = pino({ level: "silent" });
const browser: [string, string, string] = ["WAM", "Chrome", "1.0"];
const ME = "4915111111111:3@s.whatsapp.net";
const ME_JID = "4915111111111@s.whatsapp.net";
const PICTURE_URL = "https://pps.whatsapp.net/v/t61.24694-24/own.jpg?oh=token&oe=123";
/** The first bytes of a JPEG, enough for the gateway to tell it is one. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7)]);

let dataDir: string;
let database: OpenedDatabase;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-baileys-profile-"));
  database = await openDatabase({ dataDir });
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => vi.unstubAllGlobals());

/** A Boom of Baileys' own: no answer (408 Timed Out), a lost connection (428 Connection Closed). */
const boom = (message: string, statusCode: number) => Object.assign(new Error(message), { output: { statusCode } });
const notUsed = async (): Promise<never> => Promise.reject(new Error("not used here"));

type Calls = { [K in keyof OwnProfileCalls]: Mock<OwnProfileCalls[K]> };
type FakeSocket = BaileysSocketLike & Calls & { ev: ReturnType<typeof makeEventBuffer>; profilePictureUrl: Mock<BaileysSocketLike["profilePictureUrl"]>; fetchStatus: Mock<BaileysSocketLike["fetchStatus"]> };

/** WhatsApp's side of one account: its about text, whether it has a picture, its privacy categories (Baileys' names). */
function fakeFactory() {
  const sockets: FakeSocket[] = [];
  const account = { about: "Available", aboutSetAt: new Date(1_700_000_000_000), picture: true, privacy: { last: "contacts", online: "all", profile: "all", status: "contacts", readreceipts: "all", groupadd: "contacts", calladd: "all", messages: "all" } as Record<string, string> };
  const factory = (config: UserFacingSocketConfig): FakeSocket => {
    const ev = makeEventBuffer(log);
    ev.on("creds.update", (update) => Object.assign(config.auth.creds, update));
    let closed = false;
    const privacy = (category: string) => vi.fn(async (value: string) => void (account.privacy[category] = value));
    const sock = {
      ev,
      ws: new EventEmitter(),
      authState: config.auth,
      end: vi.fn(async (error: Error | undefined) => {
        if (closed) return;
        closed = true;
        ev.emit("connection.update", { connection: "close", lastDisconnect: { error, date: new Date() } });
      }),
      logout: notUsed,
      requestPairingCode: notUsed,
      sendMessage: notUsed,
      onWhatsApp: notUsed,
      groupFetchAllParticipating: notUsed,
      groupMetadata: notUsed,
      sendPresenceUpdate: notUsed,
      readMessages: notUsed,
      getBusinessProfile: notUsed,
      query: notUsed,
      generateMessageTag: () => "tag",
      // WhatsApp answers 404 (item-not-found) for an account without a picture.
      profilePictureUrl: vi.fn(async () => {
        if (!account.picture) throw whatsappAnswered(404, "item-not-found");
        return PICTURE_URL;
      }),
      fetchStatus: vi.fn(async (jid: string) => [{ id: jid, status: { status: account.about, setAt: account.aboutSetAt } }]),
      updateProfileName: vi.fn(async () => undefined),
      updateProfileStatus: vi.fn(async (status: string) => {
        account.about = status;
      }),
      updateProfilePicture: vi.fn(async () => void (account.picture = true)),
      removeProfilePicture: vi.fn(async () => void (account.picture = false)),
      fetchPrivacySettings: vi.fn(async () => ({ ...account.privacy })),
      updateLastSeenPrivacy: privacy("last"),
      updateOnlinePrivacy: privacy("online"),
      updateProfilePicturePrivacy: privacy("profile"),
      updateStatusPrivacy: privacy("status"),
      updateReadReceiptsPrivacy: privacy("readreceipts"),
      updateGroupsAddPrivacy: privacy("groupadd"),
    } as unknown as FakeSocket;
    sockets.push(sock);
    return sock;
  };
  return { factory, sockets, account };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A connection of a fresh instance, opened as the account 4915111111111 named "Shop". */
async function openAccount(instanceId: string) {
  const now = new Date().toISOString();
  await database.db.insertInto("instances").values({ id: instanceId, name: instanceId, engine: "baileys", status: "INIT", seq: 0, desired_state: "stopped", created_at: now, updated_at: now }).execute();
  const { factory, sockets, account } = fakeFactory();
  const engine = createBaileysEngine({ socketFactory: factory, version: [2, 3000, 1015901307] });
  const auth = new AuthStateStore(database.db, instanceId, engine.authCodec);
  const seen: Array<[string, unknown?]> = [];
  const events: ConnectionEvents = {
    connecting: () => undefined,
    qr: () => undefined,
    open: (identity) => seen.push(["open", identity]),
    close: (info) => seen.push(["close", info]),
    message: () => undefined,
    pushName: (name) => seen.push(["pushName", name]),
  };
  const connection: EngineConnection = engine.connect({ instanceId, browser, auth, log, events });
  await waitFor(() => sockets.length === 1, "the socket");
  const sock = sockets[0]!;
  await expect(connection.ownProfile()).rejects.toThrow(/not open/);
  sock.ev.emit("creds.update", { me: { id: ME, name: "Shop" } });
  sock.ev.emit("connection.update", { connection: "open" });
  await waitFor(() => seen.some(([name]) => name === "open"), "open");
  return { connection, sock, account, seen, instanceId };
}

describe("the account's own profile through Baileys (fake socket)", () => {
  it("reads name (from the creds), about (fetchStatus) and picture (profilePictureUrl, 'image') of the account's own JID", async () => {
    const { connection, sock, account } = await openAccount("ins_ownprofile0001");
    await expect(connection.ownProfile()).resolves.toEqual({ name: "Shop", about: "Available", aboutSetAt: "2023-11-14T22:13:20.000Z", hasPicture: true });
    expect(sock.fetchStatus).toHaveBeenCalledWith(ME_JID);
    expect(sock.profilePictureUrl).toHaveBeenCalledWith(ME_JID, "image");
    // No picture: WhatsApp's 404 is "none", not an error; an empty about is null.
    account.picture = false;
    account.about = "";
    await expect(connection.ownProfile()).resolves.toEqual({ name: "Shop", about: null, hasPicture: false });
    await connection.end();
  });

  it("sets the name with updateProfileName; creds and push name follow before it resolves, and Baileys' own echo is not reported again", async () => {
    const { connection, sock, seen, instanceId } = await openAccount("ins_ownprofile0002");
    await connection.setName("Shop & Café");
    expect(sock.updateProfileName).toHaveBeenCalledWith("Shop & Café");
    expect(seen.filter(([name]) => name === "pushName")).toEqual([["pushName", "Shop & Café"]]);
    await expect(connection.ownProfile()).resolves.toMatchObject({ name: "Shop & Café" });
    const stored = await new AuthStateStore(database.db, instanceId, baileysAuthCodec).loadCreds<AuthenticationCreds>();
    expect(stored?.me).toEqual({ id: ME, name: "Shop & Café" });
    // Baileys learns the name back from its own app-state patch (emitOwnEvents): already reported.
    sock.ev.emit("creds.update", { me: { id: ME, name: "Shop & Café" } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.filter(([name]) => name === "pushName")).toHaveLength(1);
    await connection.end();
  });

  it("sets the about text, sets and removes the picture on the account's own JID", async () => {
    const { connection, sock } = await openAccount("ins_ownprofile0003");
    await connection.setAbout("Back Monday");
    expect(sock.updateProfileStatus).toHaveBeenCalledWith("Back Monday");
    await connection.setPicture(JPEG);
    expect(sock.updateProfilePicture).toHaveBeenCalledWith(ME_JID, JPEG);
    await connection.removePicture();
    expect(sock.removeProfilePicture).toHaveBeenCalledWith(ME_JID);
    await expect(connection.ownProfile()).resolves.toMatchObject({ about: "Back Monday", hasPicture: false });
    await connection.end();
  });

  it("fetches the picture's bytes from WhatsApp's CDN only, and never from an address outside it", async () => {
    const { connection, sock, account } = await openAccount("ins_ownprofile0004");
    const fetched: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string | URL) => {
        fetched.push(String(url));
        return String(url).includes("/gone") ? new Response("", { status: 404 }) : new Response(JPEG);
      }),
    );
    expect((await connection.ownPicture())?.equals(JPEG)).toBe(true);
    expect(fetched).toEqual([PICTURE_URL]);
    expect(sock.profilePictureUrl).toHaveBeenLastCalledWith(ME_JID, "image");

    sock.profilePictureUrl.mockResolvedValueOnce("https://attacker.example/own.jpg");
    await expect(connection.ownPicture()).rejects.toMatchObject({ kind: "unavailable", message: expect.stringMatching(/outside its own servers/) });
    sock.profilePictureUrl.mockResolvedValueOnce("https://pps.whatsapp.net/gone");
    await expect(connection.ownPicture()).rejects.toMatchObject({ kind: "unavailable", message: expect.stringMatching(/answered 404/) });
    expect(fetched).toHaveLength(2);

    account.picture = false;
    await expect(connection.ownPicture()).resolves.toBeNull();
    expect(fetched).toHaveLength(2);
    await connection.end();
  });

  it("reads privacy with fetchPrivacySettings(true), mapped from Baileys' categories; a value it does not know is null", async () => {
    const { connection, sock, account } = await openAccount("ins_ownprofile0005");
    await expect(connection.privacy()).resolves.toEqual({ lastSeen: "contacts", online: "all", profilePicture: "all", about: "contacts", readReceipts: "all", groupsAdd: "contacts" });
    expect(sock.fetchPrivacySettings).toHaveBeenCalledWith(true);
    account.privacy.last = "close_friends";
    delete account.privacy.groupadd;
    await expect(connection.privacy()).resolves.toMatchObject({ lastSeen: null, groupsAdd: null });
    await connection.end();
  });

  it("changes each privacy setting with its own Baileys call, only those named", async () => {
    const { connection, sock } = await openAccount("ins_ownprofile0006");
    await connection.setPrivacy({ lastSeen: "none", online: "match_last_seen", profilePicture: "contacts", about: "contact_blacklist", readReceipts: "none", groupsAdd: "contact_blacklist" });
    expect(sock.updateLastSeenPrivacy).toHaveBeenCalledWith("none");
    expect(sock.updateOnlinePrivacy).toHaveBeenCalledWith("match_last_seen");
    expect(sock.updateProfilePicturePrivacy).toHaveBeenCalledWith("contacts");
    expect(sock.updateStatusPrivacy).toHaveBeenCalledWith("contact_blacklist");
    expect(sock.updateReadReceiptsPrivacy).toHaveBeenCalledWith("none");
    expect(sock.updateGroupsAddPrivacy).toHaveBeenCalledWith("contact_blacklist");
    await expect(connection.privacy()).resolves.toEqual({ lastSeen: "none", online: "match_last_seen", profilePicture: "contacts", about: "contact_blacklist", readReceipts: "none", groupsAdd: "contact_blacklist" });

    vi.clearAllMocks();
    await connection.setPrivacy({ readReceipts: "all" });
    expect(sock.updateReadReceiptsPrivacy).toHaveBeenCalledWith("all");
    for (const other of [sock.updateLastSeenPrivacy, sock.updateOnlinePrivacy, sock.updateProfilePicturePrivacy, sock.updateStatusPrivacy, sock.updateGroupsAddPrivacy]) expect(other).not.toHaveBeenCalled();
    await connection.end();
  });

  it("turns WhatsApp's refusals into 422 and its silence into 503, saying which settings were already set", async () => {
    const { connection, sock } = await openAccount("ins_ownprofile0007");
    sock.updateOnlinePrivacy.mockRejectedValueOnce(whatsappAnswered(400, "bad-request"));
    await expect(connection.setPrivacy({ lastSeen: "all", online: "all", readReceipts: "none" })).rejects.toMatchObject({
      kind: "unprocessable",
      message: "WhatsApp refused to set online to all (400: bad-request). Already set: lastSeen",
    });
    expect(sock.updateReadReceiptsPrivacy).not.toHaveBeenCalled();
    sock.updateProfileStatus.mockRejectedValueOnce(boom("Timed Out", 408));
    await expect(connection.setAbout("x")).rejects.toMatchObject({ kind: "unavailable", retryAfterSeconds: 5, message: expect.stringMatching(/did not answer while trying to set the about text/) });
    sock.updateProfilePicture.mockRejectedValueOnce(whatsappAnswered(406, "not-acceptable"));
    await expect(connection.setPicture(JPEG)).rejects.toMatchObject({ kind: "unprocessable", message: expect.stringMatching(/refused to set the profile picture \(406/) });
    // A failed name change reports no push name.
    sock.updateProfileName.mockRejectedValueOnce(boom("Connection Closed", 428));
    await expect(connection.setName("Never")).rejects.toMatchObject({ kind: "unavailable" });
    await expect(connection.ownProfile()).resolves.toMatchObject({ name: "Shop" });
    await connection.end();
    await expect(connection.privacy()).rejects.toThrow(/not open/);
  });
});
