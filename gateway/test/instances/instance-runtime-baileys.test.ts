import { EventEmitter } from "node:events";
/**
 * The real InstanceRuntime + InstanceRepository + AuthStateStore (SQLite) + GatewayEvents + the real Baileys engine,
 * with only the Baileys socket faked (on Baileys' own makeEventBuffer). Drives the status machine of
 * docs/architecture.md §3 close code by close code, under fake timers so every backoff delay is asserted exactly.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeEventBuffer, type AnyMessageContent, type AuthenticationCreds, type UserFacingSocketConfig, type WAMessage } from "baileys";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import type { InstanceStatus } from "../../../contract/instances";
import type { ServerEventName, ServerEventPayload } from "../../../contract/socket-events";
import { openDatabase, type OpenedDatabase } from "../../src/db/database";
import { baileysAuthCodec, createBaileysEngine, type BaileysSocketLike } from "../../src/engines/baileys/baileys-engine";
import { GatewayEvents } from "../../src/events/gateway-events";
import { AuthStateStore } from "../../src/modules/instances/auth-state-store";
import { InstanceRepository } from "../../src/modules/instances/instance-repository";
import { InstanceRuntime } from "../../src/modules/instances/instance-runtime";
import { unusedOwnProfileCalls } from "../support/baileys-own-profile";

const log = pino({ level: "silent" });
const browser: [string, string, string] = ["WAM", "Chrome", "1.0"];
const VERSION: [number, number, number] = [2, 3000, 1015901307];
const INSTANCE_ID = "ins_runtimetest0001";
const T0 = new Date("2030-01-01T00:00:00.000Z");
const ME = { id: "4915111111111:3@s.whatsapp.net", name: "Shop" };
/** What Baileys' pair-success writes next to `me` (the engine treats `me` without `account` as an unfinished pairing). */
const ACCOUNT = { details: Buffer.from([1]), accountSignatureKey: Buffer.from([2]), accountSignature: Buffer.from([3]), deviceSignature: Buffer.from([4]) };
const TEN_MINUTES = 10 * 60_000;

// ---- the fake Baileys socket ---------------------------------------------------------------------

/** A Boom-shaped error as Baileys puts into lastDisconnect. */
const boom = (message: string, statusCode?: number) => Object.assign(new Error(message), statusCode === undefined ? {} : { output: { statusCode } });

interface FakeSocket extends BaileysSocketLike {
  index: number;
  ev: ReturnType<typeof makeEventBuffer>;
  config: UserFacingSocketConfig;
  /** True once this socket emitted connection: close (by itself, or via end/logout). */
  closed: boolean;
  end: Mock<(error: Error | undefined) => Promise<void>>;
  logout: Mock<() => Promise<void>>;
  requestPairingCode: Mock<(phone: string) => Promise<string>>;
  sendMessage: Mock<(jid: string, content: AnyMessageContent) => Promise<WAMessage | undefined>>;
}

/** Like makeSocket: `ev` is Baileys' own event buffer, creds merge on creds.update, end() emits exactly one close. */
function fakeSockets() {
  const sockets: FakeSocket[] = [];
  /** Sockets that were still live when a newer one was created (must stay empty: one connection at a time). */
  const overlaps: Array<{ created: number; live: number[] }> = [];
  const factory = (config: UserFacingSocketConfig): FakeSocket => {
    const live = sockets.filter((s) => !s.closed).map((s) => s.index);
    if (live.length > 0) overlaps.push({ created: sockets.length, live });
    const ev = makeEventBuffer(log);
    ev.on("creds.update", (update) => Object.assign(config.auth.creds, update));
    const end = vi.fn(async (error: Error | undefined) => {
      if (sock.closed) return;
      ev.emit("connection.update", { connection: "close", lastDisconnect: { error, date: new Date() } });
    });
    const sock: FakeSocket = {
      index: sockets.length,
      ev,
      config,
      closed: false,
      authState: config.auth,
      end,
      logout: vi.fn(async () => {
        await end(boom("Intentional Logout", 401));
      }),
      requestPairingCode: vi.fn(async () => "ABCD1234"),
      sendMessage: vi.fn(async (jid: string) => ({ key: { id: "OUT", remoteJid: jid, fromMe: true }, message: { conversation: "x" } })),
      // Account-level calls: not what this file tests (gateway/test/engines/baileys-engine.test.ts does).
      onWhatsApp: async () => [],
      groupFetchAllParticipating: async () => ({}),
      groupMetadata: async () => Promise.reject(new Error("not used here")),
      sendPresenceUpdate: async () => undefined,
      readMessages: async () => undefined,
      rejectCall: async () => undefined,
      profilePictureUrl: async () => undefined,
      fetchStatus: async () => [],
      getBusinessProfile: async () => undefined,
      ...unusedOwnProfileCalls(),
      ws: new EventEmitter(),
      query: async () => undefined,
      generateMessageTag: () => "tag",
    };
    ev.on("connection.update", (update) => {
      if (update.connection === "close") sock.closed = true;
    });
    sockets.push(sock);
    return sock;
  };
  return { factory, sockets, overlaps };
}

const emitConnecting = (sock: FakeSocket) => sock.ev.emit("connection.update", { connection: "connecting", receivedPendingNotifications: false, qr: undefined });
const emitQr = (sock: FakeSocket, qr: string) => sock.ev.emit("connection.update", { qr });
const emitOpen = (sock: FakeSocket) => sock.ev.emit("connection.update", { connection: "open" });
const emitClose = (sock: FakeSocket, error: Error | undefined) =>
  sock.ev.emit("connection.update", { connection: "close", lastDisconnect: { error, date: new Date() } });

// ---- waiting without advancing fake time -----------------------------------------------------------

/** setImmediate is not faked: one real macrotask turn, which drains every pending promise and sync SQLite call. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(check: () => boolean | Promise<boolean>, what: string, turns = 500): Promise<void> {
  for (let i = 0; i < turns; i += 1) {
    if (await check()) return;
    await tick();
  }
  throw new Error(`never happened: ${what}`);
}

async function settle(turns = 30): Promise<void> {
  for (let i = 0; i < turns; i += 1) await tick();
}

// ---- the harness ---------------------------------------------------------------------------------

type Recorded = { [E in ServerEventName]: [E, ServerEventPayload<E>] }[ServerEventName];

interface Harness {
  runtime: InstanceRuntime;
  repo: InstanceRepository;
  auth: AuthStateStore;
  sockets: FakeSocket[];
  overlaps: Array<{ created: number; live: number[] }>;
  events: Recorded[];
  statusEvents(): ServerEventPayload<"instance.status">[];
  qrEvents(): ServerEventPayload<"instance.qr">[];
  /** Every stored status change (oldest first), the initial "Created" row included. */
  history(): Promise<Array<{ status: InstanceStatus; statusCode?: number; statusReason?: string }>>;
  authRows(): Promise<Array<{ category: string; key_id: string }>>;
}

let dataDir: string;
let database: OpenedDatabase;
let harness: Harness | undefined;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-runtime-"));
  database = await openDatabase({ dataDir });
  unhandled.length = 0;
  process.on("unhandledRejection", onUnhandled);
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"], now: T0 });
});

afterEach(async () => {
  try {
    if (harness) {
      await harness.runtime.shutdown();
      expect(harness.overlaps, "a socket was created while another was still live").toEqual([]);
    }
    expect(unhandled).toEqual([]);
  } finally {
    harness = undefined;
    vi.useRealTimers();
    process.off("unhandledRejection", onUnhandled);
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

async function setup(): Promise<Harness> {
  const { factory, sockets, overlaps } = fakeSockets();
  const engine = createBaileysEngine({ socketFactory: factory, version: VERSION });
  const repo = new InstanceRepository(database.db, database.dialect);
  await repo.insert({ id: INSTANCE_ID, name: "Runtime test", engine: "baileys", browser, desired: "stopped", node: "test-node", at: new Date().toISOString() });
  const auth = new AuthStateStore(database.db, INSTANCE_ID, engine.authCodec);
  const gatewayEvents = new GatewayEvents();
  const events: Recorded[] = [];
  gatewayEvents.onServerEvent((name, payload) => events.push([name, payload] as Recorded));
  const runtime = new InstanceRuntime({ instanceId: INSTANCE_ID, engine, repo, auth, events: gatewayEvents, log, browser, status: "INIT", random: () => 0.5 });
  harness = {
    runtime,
    repo,
    auth,
    sockets,
    overlaps,
    events,
    statusEvents: () => events.flatMap(([name, payload]) => (name === "instance.status" ? [payload as ServerEventPayload<"instance.status">] : [])),
    qrEvents: () => events.flatMap(([name, payload]) => (name === "instance.qr" ? [payload as ServerEventPayload<"instance.qr">] : [])),
    history: async () => (await repo.history(INSTANCE_ID, 1000)).items.reverse().map(({ status, statusCode, statusReason }) => ({ status, statusCode, statusReason })),
    authRows: () => database.db.selectFrom("instance_auth").select(["category", "key_id"]).where("instance_id", "=", INSTANCE_ID).execute(),
  };
  return harness;
}

/** connect(), then wait until the first socket exists. */
async function started(): Promise<Harness> {
  const h = await setup();
  await h.runtime.connect();
  await until(() => h.sockets.length === 1, "the first socket");
  return h;
}

/** Drives the current socket to CONNECTED (linked as ME). */
async function openCurrent(h: Harness): Promise<FakeSocket> {
  const sock = h.sockets.at(-1)!;
  const before = h.statusEvents().length;
  sock.ev.emit("creds.update", { me: ME, account: ACCOUNT, platform: "android" });
  emitOpen(sock);
  await until(() => h.statusEvents().length === before + 1 && h.runtime.currentStatus === "CONNECTED", "CONNECTED");
  return sock;
}

/**
 * Closes the current socket and waits until the runtime has recorded the resulting status and, for a backoff,
 * armed its timer (it becomes `running` again only through a new connection or the retry timer).
 */
async function closeCurrent(h: Harness, error: Error | undefined, expectRunning: boolean): Promise<ServerEventPayload<"instance.status">> {
  const sock = h.sockets.at(-1)!;
  const before = h.statusEvents().length;
  emitClose(sock, error);
  await until(() => h.statusEvents().length === before + 1 && h.runtime.running === expectRunning, "the status change after close");
  await settle(5);
  return h.statusEvents().at(-1)!;
}

/** Exactly `delay` ms of fake time must pass before the next socket exists; returns it. */
async function expectReconnectAfter(h: Harness, delay: number): Promise<FakeSocket> {
  const count = h.sockets.length;
  await vi.advanceTimersByTimeAsync(delay - 1);
  await settle();
  expect(h.sockets, `no new socket ${delay - 1} ms into a ${delay} ms backoff`).toHaveLength(count);
  await vi.advanceTimersByTimeAsync(1);
  await until(() => h.sockets.length === count + 1, `the socket after ${delay} ms`);
  await settle();
  expect(h.sockets).toHaveLength(count + 1);
  return h.sockets.at(-1)!;
}

async function expectNoMoreSockets(h: Harness, ms = TEN_MINUTES): Promise<void> {
  const count = h.sockets.length;
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
  expect(h.sockets).toHaveLength(count);
  expect(h.runtime.running).toBe(false);
}

// ---- scenarios -------------------------------------------------------------------------------------

describe("InstanceRuntime over the real Baileys engine (fake socket, fake timers)", () => {
  it("1. connecting → qr → creds.update(me) → open: INIT → QR_REQUIRED → CONNECTED with the identity from creds.me", async () => {
    const h = await started();
    const sock = h.sockets[0]!;
    expect(sock.config).toMatchObject({ browser, version: VERSION });

    emitConnecting(sock);
    emitQr(sock, "2@qr-one");
    await until(() => h.qrEvents().length === 1, "the first QR");
    expect(h.runtime.currentStatus).toBe("QR_REQUIRED");
    const firstQr = h.qrEvents()[0]!;
    expect(firstQr).toMatchObject({ instanceId: INSTANCE_ID, qr: "2@qr-one", attempt: 1, maxAttempts: 6 });
    expect(Date.parse(firstQr.expiresAt) - Date.now()).toBe(60_000);
    expect(h.runtime.currentQr()).toMatchObject({ qr: "2@qr-one", attempt: 1 });

    // A rotation 20 s later: attempt 2, living 20 s, no new status.
    await vi.advanceTimersByTimeAsync(20_000);
    emitQr(sock, "2@qr-two");
    await until(() => h.qrEvents().length === 2, "the second QR");
    expect(h.qrEvents()[1]).toMatchObject({ qr: "2@qr-two", attempt: 2 });
    expect(Date.parse(h.qrEvents()[1]!.expiresAt) - Date.now()).toBe(20_000);

    await openCurrent(h);
    expect(h.statusEvents().map((e) => e.status)).toEqual(["INIT", "QR_REQUIRED", "CONNECTED"]);
    expect((await h.history()).map((e) => e.status)).toEqual(["INIT", "INIT", "QR_REQUIRED", "CONNECTED"]);
    const instance = await h.repo.get(INSTANCE_ID);
    expect(instance).toMatchObject({ status: "CONNECTED", number: "4915111111111", pushName: "Shop", platform: "android", connectedAt: new Date().toISOString() });
    expect(() => h.runtime.currentQr()).toThrow(/No QR/);
    // seq strictly increases across status and QR events; an instance.updated snapshot carries its status event's seq.
    const ordered = h.events.flatMap(([name, payload]) => (name === "instance.status" || name === "instance.qr" ? [payload.seq] : []));
    expect(ordered.every((seq, i) => i === 0 || seq > ordered[i - 1]!)).toBe(true);
    const statusSeqs = new Set(h.statusEvents().map((e) => e.seq));
    for (const [name, payload] of h.events) if (name === "instance.updated") expect(statusSeqs.has((payload as ServerEventPayload<"instance.updated">).seq)).toBe(true);
    const connected = h.events.filter(([name]) => name === "instance.updated").at(-1)![1] as ServerEventPayload<"instance.updated">;
    expect(connected.instance).toMatchObject({ status: "CONNECTED", number: "4915111111111", pushName: "Shop" });
    // The linked identity landed in the stored creds.
    expect((await h.auth.loadCreds<AuthenticationCreds>())?.me?.id).toBe(ME.id);
    expect(h.sockets).toHaveLength(1);
  });

  it("2. close 515: RECONNECTING and a new socket at once, not counted as a retry; the old socket's late events are ignored", async () => {
    const h = await started();
    const first = await openCurrent(h);

    const reconnecting = await closeCurrent(h, boom("Stream Errored (restart required)", 515), true);
    expect(reconnecting).toMatchObject({ status: "RECONNECTING", statusCode: 515, statusReason: "Restart required after pairing" });
    // No timer involved: the second socket already exists without any fake time passing.
    await until(() => h.sockets.length === 2, "the socket after 515");
    const second = h.sockets[1]!;
    expect(first.closed).toBe(true);
    expect(second.config.auth.creds.me?.id).toBe(ME.id);

    await openCurrent(h);
    const eventsAfterOpen = h.events.length;
    const historyAfterOpen = (await h.history()).length;

    // Late events from the replaced socket change nothing.
    emitClose(first, boom("Connection Terminated", 428));
    emitQr(first, "2@stale");
    emitOpen(first);
    await settle();
    await vi.advanceTimersByTimeAsync(TEN_MINUTES);
    await settle();
    expect(h.events).toHaveLength(eventsAfterOpen);
    expect(await h.history()).toHaveLength(historyAfterOpen);
    expect(h.runtime.currentStatus).toBe("CONNECTED");
    expect(h.sockets).toHaveLength(2);

    expect(h.statusEvents().map((e) => e.status)).toEqual(["INIT", "CONNECTED", "RECONNECTING", "CONNECTED"]);
  });

  it("2b. a 515 between failed reconnects does not count: 428 (attempt 1, 1 s) → 515 (at once) → 428 (attempt 2, 2 s)", async () => {
    const h = await started();
    const first = await closeCurrent(h, boom("Connection Terminated", 428), true);
    expect(first.statusReason).toMatch(/attempt 1 of 10/);
    await expectReconnectAfter(h, 1000);

    await closeCurrent(h, boom("Stream Errored (restart required)", 515), true);
    await until(() => h.sockets.length === 3, "the socket after 515");

    const third = await closeCurrent(h, boom("Connection Terminated", 428), true);
    expect(third.statusReason).toMatch(/attempt 2 of 10/);
    await expectReconnectAfter(h, 2000);
  });

  describe.each([
    { label: "428", error: () => boom("Connection Terminated", 428), code: 428, reason: "Connection closed" },
    { label: "408 (lost connection)", error: () => boom("Connection was lost", 408), code: 408, reason: "Connection timed out" },
    { label: "503", error: () => boom("Stream Errored (service unavailable)", 503), code: 503, reason: "WhatsApp service unavailable" },
    { label: "no code", error: () => new Error("socket hang up"), code: undefined, reason: "Connection lost: socket hang up" },
  ])("3. close $label", ({ error, code, reason }) => {
    it("RECONNECTING with backoff 1 s, 2 s, 4 s, 8 s (random 0.5) and exactly one new socket after each delay", async () => {
      const h = await started();
      for (const [attempt, delay] of [1000, 2000, 4000, 8000].entries()) {
        const event = await closeCurrent(h, error(), true);
        expect(event.status).toBe("RECONNECTING");
        expect(event.statusCode).toBe(code);
        expect(event.statusReason).toBe(`${reason}; reconnecting (attempt ${attempt + 1} of 10)`);
        expect(h.runtime.currentStatus).toBe("RECONNECTING");
        await expectReconnectAfter(h, delay);
        // Only the newest socket is live.
        expect(h.sockets.filter((s) => !s.closed).map((s) => s.index)).toEqual([h.sockets.length - 1]);
      }
      const instance = await h.repo.get(INSTANCE_ID);
      expect(instance.lastError).toMatchObject({ reason: expect.stringContaining(reason) });
      expect(h.sockets).toHaveLength(5);
    });
  });

  it("4. after 10 failed reconnects: ERROR (gave up), and no socket is created even 10 minutes later", async () => {
    const h = await started();
    const delays = [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000];
    for (const [i, delay] of delays.entries()) {
      const event = await closeCurrent(h, boom("Connection Terminated", 428), true);
      expect(event).toMatchObject({ status: "RECONNECTING", statusReason: expect.stringContaining(`attempt ${i + 1} of 10`) });
      await expectReconnectAfter(h, delay);
    }
    expect(h.sockets).toHaveLength(11);

    const last = await closeCurrent(h, boom("Connection Terminated", 428), false);
    expect(last).toMatchObject({ status: "ERROR", statusCode: 428 });
    expect(last.statusReason).toMatch(/gave up/);
    expect(h.runtime.currentStatus).toBe("ERROR");
    await expectNoMoreSockets(h);
    expect(h.sockets).toHaveLength(11);
    const row = await h.repo.find(INSTANCE_ID);
    expect(row).toMatchObject({ status: "ERROR", desired_state: "stopped" });
    expect(row?.last_error_reason).toMatch(/gave up/);
  });

  it("5. the retry count resets only after CONNECTED was stable for 60 s", async () => {
    const h = await started();
    await openCurrent(h);

    await closeCurrent(h, boom("Connection Terminated", 428), true);
    await expectReconnectAfter(h, 1000);
    await openCurrent(h);

    // Dropped again within a minute: the backoff continues (attempt 2, 2 s).
    await vi.advanceTimersByTimeAsync(59_000);
    const early = await closeCurrent(h, boom("Connection Terminated", 428), true);
    expect(early.statusReason).toMatch(/attempt 2 of 10/);
    await expectReconnectAfter(h, 2000);
    await openCurrent(h);

    // Stable for 60 s: the next drop starts over (attempt 1, 1 s).
    await vi.advanceTimersByTimeAsync(60_000);
    const late = await closeCurrent(h, boom("Connection Terminated", 428), true);
    expect(late.statusReason).toMatch(/attempt 1 of 10/);
    await expectReconnectAfter(h, 1000);
  });

  it("6. close 401: QR_REQUIRED, instance_auth wiped, number cleared, and a new socket on fresh creds", async () => {
    const h = await started();
    const first = await openCurrent(h);
    const keyPair = { public: Buffer.from([1, 2, 3]), private: Buffer.from([4, 5, 6]) };
    await first.config.auth.keys.set({ "pre-key": { "1": keyPair, "2": keyPair }, session: { "4915122222222.0": Buffer.from([7]) } });
    await settle();
    expect((await h.authRows()).length).toBe(4);
    const oldCreds = (await h.auth.loadCreds<AuthenticationCreds>())!;
    expect(oldCreds.me?.id).toBe(ME.id);

    const event = await closeCurrent(h, boom("Intentional Logout", 401), true);
    expect(event).toMatchObject({ status: "QR_REQUIRED", statusCode: 401, statusReason: "Logged out from the phone" });
    await until(() => h.sockets.length === 2, "the socket after 401");
    await settle();

    const second = h.sockets[1]!;
    expect(second.config.auth.creds.me).toBeUndefined();
    expect(Buffer.from(second.config.auth.creds.noiseKey.public).equals(Buffer.from(oldCreds.noiseKey.public))).toBe(false);
    // Only the fresh creds row is left: every key of the old device is gone.
    expect(await h.authRows()).toEqual([{ category: "creds", key_id: "" }]);
    const stored = await new AuthStateStore(database.db, INSTANCE_ID, baileysAuthCodec).loadCreds<AuthenticationCreds>();
    expect(stored?.me).toBeUndefined();

    // A late write from the logged-out socket must not resurrect the old device.
    first.ev.emit("creds.update", { me: ME });
    await first.config.auth.keys.set({ "pre-key": { "9": keyPair } });
    await settle();
    expect(await h.authRows()).toEqual([{ category: "creds", key_id: "" }]);

    const instance = await h.repo.get(INSTANCE_ID);
    expect(instance.status).toBe("QR_REQUIRED");
    expect(instance.number).toBeUndefined();
    expect(instance.pushName).toBeUndefined();
    expect(instance.connectedAt).toBeUndefined();
    expect(h.runtime.running).toBe(true);

    // The new socket asks for a QR like a first link.
    emitQr(second, "2@relink");
    await until(() => h.qrEvents().length === 1, "the relink QR");
    expect(h.qrEvents()[0]).toMatchObject({ attempt: 1, qr: "2@relink" });
  });

  it("7. close 500 three times (each with its backoff) then a fourth: QR_REQUIRED with the auth wiped", async () => {
    const h = await started();
    await openCurrent(h);
    const oldNoise = Buffer.from((await h.auth.loadCreds<AuthenticationCreds>())!.noiseKey.public);
    await h.sockets[0]!.config.auth.keys.set({ session: { "4915122222222.0": Buffer.from([7]) } });
    await settle();

    for (const [i, delay] of [1000, 2000, 4000].entries()) {
      const event = await closeCurrent(h, boom("Stream Errored (bad session)", 500), true);
      expect(event).toMatchObject({ status: "RECONNECTING", statusCode: 500, statusReason: `Bad session; reconnecting (attempt ${i + 1} of 10)` });
      await expectReconnectAfter(h, delay);
    }
    expect(h.sockets).toHaveLength(4);
    expect((await h.authRows()).length).toBe(2);

    const fourth = await closeCurrent(h, boom("Stream Errored (bad session)", 500), true);
    expect(fourth).toMatchObject({ status: "QR_REQUIRED", statusCode: 500 });
    expect(fourth.statusReason).toMatch(/persisted/);
    await until(() => h.sockets.length === 5, "the socket after the persisting 500");
    await settle();
    expect(await h.authRows()).toEqual([{ category: "creds", key_id: "" }]);
    const fresh = (await h.auth.loadCreds<AuthenticationCreds>())!;
    expect(fresh.me).toBeUndefined();
    expect(Buffer.from(fresh.noiseKey.public).equals(oldNoise)).toBe(false);
    expect((await h.repo.get(INSTANCE_ID)).number).toBeUndefined();
  });

  it("7b. a 500 after another close code starts the 500 count over", async () => {
    const h = await started();
    await closeCurrent(h, boom("Stream Errored (bad session)", 500), true);
    await expectReconnectAfter(h, 1000);
    await closeCurrent(h, boom("Stream Errored (bad session)", 500), true);
    await expectReconnectAfter(h, 2000);
    await closeCurrent(h, boom("Connection Terminated", 428), true);
    await expectReconnectAfter(h, 4000);
    for (const delay of [8000, 16_000, 30_000]) {
      const event = await closeCurrent(h, boom("Stream Errored (bad session)", 500), true);
      expect(event.status).toBe("RECONNECTING");
      await expectReconnectAfter(h, delay);
    }
  });

  describe.each([
    { label: "403", error: () => boom("Connection Failure", 403), status: "ERROR", code: 403, reason: /Forbidden/ },
    { label: "411", error: () => boom("Multi-device beta not joined", 411), status: "ERROR", code: 411, reason: /Multi-device mismatch/ },
    { label: "440", error: () => boom("Stream Errored (conflict)", 440), status: "DISCONNECTED", code: 440, reason: /Replaced/ },
    { label: "408 QR refs attempts ended", error: () => boom("QR refs attempts ended", 408), status: "DISCONNECTED", code: 408, reason: /QR expired/ },
  ] as const)("8. close $label", ({ error, status, code, reason }) => {
    it(`${status}, no new socket ever`, async () => {
      const h = await started();
      emitQr(h.sockets[0]!, "2@qr");
      await until(() => h.qrEvents().length === 1, "the QR");

      const event = await closeCurrent(h, error(), false);
      expect(event).toMatchObject({ status, statusCode: code });
      expect(event.statusReason).toMatch(reason);
      expect(h.runtime.currentStatus).toBe(status);
      await expectNoMoreSockets(h);
      expect(h.sockets).toHaveLength(1);
      const row = await h.repo.find(INSTANCE_ID);
      expect(row).toMatchObject({ status, status_code: code, desired_state: "stopped" });
      expect(row?.last_error_reason).toMatch(reason);
      // The auth state is kept: these are not logouts.
      expect((await h.auth.loadCreds<AuthenticationCreds>())?.noiseKey).toBeDefined();
      // And the operator can start it again.
      await h.runtime.connect();
      await until(() => h.sockets.length === 2, "the socket after connect()");
    });
  });

  it("9. shutdown() ends the current socket without logout and without recording a status change", async () => {
    const h = await started();
    const sock = await openCurrent(h);
    const eventsBefore = h.events.length;
    const historyBefore = await h.history();

    await h.runtime.shutdown();
    expect(sock.end).toHaveBeenCalledTimes(1);
    expect(sock.end).toHaveBeenCalledWith(undefined);
    expect(sock.logout).not.toHaveBeenCalled();
    expect(sock.closed).toBe(true);
    expect(h.runtime.running).toBe(false);

    await vi.advanceTimersByTimeAsync(TEN_MINUTES);
    await settle();
    expect(h.events).toHaveLength(eventsBefore);
    expect(await h.history()).toEqual(historyBefore);
    expect((await h.repo.get(INSTANCE_ID)).status).toBe("CONNECTED");
    expect(h.sockets).toHaveLength(1);
    // The auth state survives for the next start.
    expect((await h.auth.loadCreds<AuthenticationCreds>())?.me?.id).toBe(ME.id);
  });

  it("9b. shutdown() during a backoff cancels the pending reconnect", async () => {
    const h = await started();
    await closeCurrent(h, boom("Connection Terminated", 428), true);
    const eventsBefore = h.events.length;
    await h.runtime.shutdown();
    await vi.advanceTimersByTimeAsync(TEN_MINUTES);
    await settle();
    expect(h.sockets).toHaveLength(1);
    expect(h.events).toHaveLength(eventsBefore);
  });

  it("10. a display name Baileys learns after open updates the instance and emits instance.updated, once per change", async () => {
    const h = await started();
    const sock = await openCurrent(h);
    expect((await h.repo.get(INSTANCE_ID)).pushName).toBe("Shop");
    const updates = () => h.events.flatMap(([name, payload]) => (name === "instance.updated" ? [payload as ServerEventPayload<"instance.updated">] : []));
    const before = updates().length;
    const seqBefore = (await h.repo.get(INSTANCE_ID)).seq;

    // What Baileys emits when a message from the account's own phone carries a new pushName.
    sock.ev.emit("creds.update", { me: { ...ME, name: "Shop & Café" } });
    await until(() => updates().length === before + 1, "instance.updated");
    const update = updates().at(-1)!;
    expect(update.instance).toMatchObject({ id: INSTANCE_ID, pushName: "Shop & Café", status: "CONNECTED" });
    expect(update.seq).toBe(seqBefore + 1);
    expect((await h.repo.get(INSTANCE_ID)).pushName).toBe("Shop & Café");

    // The same name again (every own message repeats it) changes nothing.
    sock.ev.emit("creds.update", { me: { ...ME, name: "Shop & Café" } });
    await settle(20);
    expect(updates()).toHaveLength(before + 1);
  });
});
