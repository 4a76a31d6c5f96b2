import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Instance, StatusHistoryList } from "../../../contract/instances";
import { LogEntry, LogList, type LogsSubscriptionAck } from "../../../contract/logs";
import { instanceLoggerFactory } from "../../src/modules/logs/instance-logger";
import { MAX_LOG_SUBSCRIPTIONS } from "../../src/modules/logs/log-socket";
import { FAST_SANDBOX, api, connect, login, startGateway, waitUntil, type RunningGateway, type TestSocket } from "../support/gateway";

// A real gateway (sandbox engine): entries come from what actually happens, read back over the HTTP API.
let gw: RunningGateway;
let token: string;

const call = (method: string, url: string, body?: unknown) => api(gw.url, method, url, { token, body });
const logs = async (query: string) => {
  const res = await call("GET", `/api/v1/logs?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return LogList.parse(res.body);
};
const get = async (id: string) => Instance.parse((await call("GET", `/api/v1/instances/${id}`)).body);
const waitStatus = (id: string, status: string) => waitUntil(() => get(id), (i) => i.status === status, `${id} to be ${status}`);

async function subscribedSocket(payload: unknown): Promise<TestSocket> {
  const ticket = (await api(gw.url, "POST", "/api/v1/auth/socket-ticket", { token })).body.ticket as string;
  const socket = await connect(gw.url, { ticket });
  if (payload !== null) {
    const ack = await socket.emitWithAck("logs.subscribe", payload);
    expect(ack).toEqual({ ok: true });
  }
  return socket;
}
const liveEntries = (socket: TestSocket) => socket.received.filter((e) => e.event === "log.entry").map((e) => LogEntry.parse(e.payload));

beforeAll(async () => {
  gw = await startGateway(FAST_SANDBOX);
  token = await login(gw.url);
});
afterAll(() => gw.stop());

describe("what the gateway writes into its log", () => {
  it("one entry per status change, each reconnect attempt at warn with its code and attempt, QR codes at debug", async () => {
    const created = await call("POST", "/api/v1/instances", { name: "Logged line" });
    const instance = Instance.parse(created.body);
    await waitStatus(instance.id, "QR_REQUIRED");
    await call("POST", `/api/v1/sandbox/instances/${instance.id}/scan`, { number: "4915100000777" });
    await waitStatus(instance.id, "CONNECTED");
    // Each round waits for a CONNECTED newer than the one before its disconnect (the status may be written after
    // the simulation call answers).
    instance.seq = (await get(instance.id)).seq;
    for (let round = 0; round < 2; round += 1) {
      await call("POST", `/api/v1/sandbox/instances/${instance.id}/disconnect`, { code: 428 });
      await waitUntil(() => get(instance.id), (i) => i.status === "CONNECTED" && i.statusCode === undefined && i.seq > instance.seq, "reconnected");
      instance.seq = (await get(instance.id)).seq;
    }

    const history = StatusHistoryList.parse((await call("GET", `/api/v1/instances/${instance.id}/status-history`)).body).items;
    const entries = (await logs(`instanceId=${instance.id}&limit=1000`)).items;
    const statusEntries = entries.filter((e) => typeof e.context.status === "string");
    // Every stored status change has exactly one entry, carrying the same seq, status and code.
    expect(statusEntries.map((e) => e.context.seq).sort()).toEqual(history.map((h) => h.seq).sort());
    for (const h of history) {
      const entry = statusEntries.find((e) => e.context.seq === h.seq)!;
      expect(entry.context.status).toBe(h.status);
      expect(entry.context.code).toBe(h.statusCode);
      expect(entry.time).toBe(h.at);
    }

    const reconnects = statusEntries.filter((e) => e.context.attempt !== undefined).reverse();
    expect(reconnects.map((e) => [e.level, e.context.code, e.context.attempt, e.context.maxAttempts])).toEqual([
      ["warn", 428, 1, 10],
      ["warn", 428, 2, 10],
    ]);
    expect(reconnects[0]!.message).toBe("Reconnect attempt 1 of 10 after close 428: Connection closed");
    const restart = statusEntries.find((e) => e.context.code === 515);
    expect(restart).toMatchObject({ level: "info", context: { status: "RECONNECTING" } });

    const qr = entries.filter((e) => e.message.startsWith("QR code issued"));
    expect(qr.length).toBeGreaterThan(0);
    expect(qr.every((e) => e.level === "debug" && !("qr" in e.context))).toBe(true);
    expect(entries.find((e) => e.source === "gateway" && e.message === 'Instance "Logged line" created')).toBeDefined();
    // Newest first.
    expect(entries.map((e) => `${e.time}|${e.id}`)).toEqual(entries.map((e) => `${e.time}|${e.id}`).sort().reverse());
  });

  it("logs webhook delivery failures from the outbox's delivery events, and anything handed to logs.write", async () => {
    const at = new Date().toISOString();
    const delivery = { id: "whd_abcdefghij12", webhookId: "whk_abcdefghij12", eventId: "msg_abcdefghij12", event: "instance.status", instanceId: "ins_abcdefghij12", attempts: 3, test: false, createdAt: at, updatedAt: at, at };
    const emit = (payload: Record<string, unknown>) => (gw.gateway.app.events.emit as (name: string, p: unknown) => void)("webhook.delivery", { ...delivery, ...payload });
    emit({ status: "retrying", lastStatusCode: 503, lastLatencyMs: 41, nextAttemptAt: at });
    emit({ status: "failed", lastError: "connect ECONNREFUSED 127.0.0.1:9" });
    emit({ status: "pending" });
    gw.gateway.app.logs.write({ level: "error", source: "webhook", message: "endpoint unreachable", context: { host: "hooks.example.com" } });

    const entries = (await logs("source=webhook")).items;
    expect(entries.map((e) => [e.level, e.message])).toEqual([
      ["error", "endpoint unreachable"],
      ["error", "Webhook instance.status delivery failed (connect ECONNREFUSED 127.0.0.1:9); giving up"],
      ["warn", "Webhook instance.status delivery failed (HTTP 503); will retry"],
    ]);
    expect(entries[2]).toMatchObject({ instanceId: "ins_abcdefghij12", context: { webhookId: "whk_abcdefghij12", deliveryId: "whd_abcdefghij12", statusCode: 503, attempts: 3 } });
  });

  it("strips secrets from messages and context before storing", async () => {
    const apiKey = `wam_${"A".repeat(40)}`;
    const session = `wgs_${"b".repeat(43)}`;
    const entry = gw.gateway.app.logs.write({
      level: "info",
      source: "gateway",
      message: `called with ${apiKey} and Bearer ${session}`,
      context: { password: "hunter2hunter2", headers: { Authorization: `Bearer ${session}`, cookie: "a=b" }, apiKey, nested: { note: `key ${apiKey}`, secretValue: "x", hint: "wam_…AAAA" }, ok: 1 },
    })!;
    const [stored] = (await logs(`q=${encodeURIComponent("called with")}`)).items;
    expect(stored!.id).toBe(entry.id);
    const text = JSON.stringify(stored);
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(session);
    expect(text).not.toContain("hunter2");
    expect(stored!.message).toBe("called with wam_[redacted] and Bearer [redacted]");
    expect(stored!.context).toEqual({ headers: {}, nested: { note: "key wam_[redacted]", hint: "wam_…AAAA" }, ok: 1 });
  });

  it("captures engine output per instance at BAILEYS_LOG_LEVEL, also passing it to the gateway's own log", async () => {
    const lines: string[] = [];
    const base = pino({ level: "info", base: { service: "gateway" } }, { write: (line: string) => void lines.push(line) });
    const logFor = instanceLoggerFactory(base, gw.gateway.app.logs, "warn");
    const baileys = logFor("ins_baileysout0001").child({ engine: "baileys" });
    baileys.warn({ attrs: { from: "s.whatsapp.net" }, creds: { token: "abc" } }, "stream errored out");
    baileys.info("info from Baileys stays out of the store");
    baileys.error({ err: new Error("boom") }, "unexpected error in 'handling frame'");

    const entries = (await logs("instanceId=ins_baileysout0001")).items;
    expect(entries.map((e) => [e.level, e.source, e.message])).toEqual([
      ["error", "engine", "unexpected error in 'handling frame'"],
      ["warn", "engine", "stream errored out"],
    ]);
    expect(entries[1]!.context).toEqual({ engine: "baileys", attrs: { from: "s.whatsapp.net" } }); // creds dropped whole
    expect(entries[0]!.context.err).toEqual({ type: "Error", message: "boom" });
    // The gateway's own output still gets every line at its own level (info here), with pino's redaction.
    expect(lines).toHaveLength(3);
    expect(lines.join("\n")).not.toContain('"abc"');

    // A silent gateway log still feeds the store.
    const quiet = instanceLoggerFactory(pino({ level: "silent" }, { write: (line: string) => void lines.push(line) }), gw.gateway.app.logs, "warn");
    quiet("ins_baileysout0002").warn("only in the store");
    expect((await logs("instanceId=ins_baileysout0002")).items.map((e) => e.message)).toEqual(["only in the store"]);
    expect(lines).toHaveLength(3);
  });
});

describe("live log.entry events", () => {
  it("go only to sockets that subscribed: everything, or one instance", async () => {
    const all = await subscribedSocket({});
    const one = await subscribedSocket({ instanceId: "ins_liveone000001" });
    const none = await subscribedSocket(null);
    const write = (instanceId?: string) => gw.gateway.app.logs.write({ level: "info", source: "gateway", message: `live ${instanceId ?? "gateway"}`, ...(instanceId ? { instanceId } : {}) })!;
    const written = [write("ins_liveone000001"), write("ins_livetwo000002"), write()];
    await waitUntil(async () => liveEntries(all).filter((e) => e.message.startsWith("live ")).length, (n) => n === 3, "3 live entries");
    await new Promise((r) => setTimeout(r, 300));
    expect(liveEntries(all).filter((e) => e.message.startsWith("live ")).map((e) => e.id)).toEqual(written.map((e) => e.id));
    expect(liveEntries(one).map((e) => e.message)).toEqual(["live ins_liveone000001"]);
    expect(liveEntries(none)).toEqual([]);
    expect(liveEntries(all)[0]).toEqual(written[0]);

    expect(await one.emitWithAck("logs.unsubscribe", { instanceId: "ins_liveone000001" })).toEqual({ ok: true });
    write("ins_liveone000001");
    await waitUntil(async () => liveEntries(all).length, (n) => n >= 4, "the 4th entry");
    await new Promise((r) => setTimeout(r, 300));
    expect(liveEntries(one)).toHaveLength(1);
    for (const s of [all, one, none]) s.close();
  });

  it("subscribes and unsubscribes a client that sends no ack (the ack is optional)", async () => {
    const socket = await subscribedSocket(null);
    socket.emit("logs.subscribe", { instanceId: "ins_noackfollow01" });
    // A round trip after it (events on one connection are handled in order): the subscription is in place.
    expect(await socket.emitWithAck("logs.subscribe", { instanceId: "ins_noackother001" })).toEqual({ ok: true });
    const first = gw.gateway.app.logs.write({ level: "info", source: "gateway", message: "no ack, followed", instanceId: "ins_noackfollow01" })!;
    await waitUntil(async () => liveEntries(socket).map((e) => e.id), (ids) => ids.includes(first.id), "the followed entry", 5000);
    socket.emit("logs.unsubscribe", { instanceId: "ins_noackfollow01" });
    expect(await socket.emitWithAck("logs.unsubscribe", { instanceId: "ins_noackother001" })).toEqual({ ok: true });
    gw.gateway.app.logs.write({ level: "info", source: "gateway", message: "no ack, left", instanceId: "ins_noackfollow01" });
    await gw.gateway.app.logs.flush();
    await new Promise((r) => setTimeout(r, 300));
    expect(liveEntries(socket).map((e) => e.message)).toEqual(["no ack, followed"]);
    socket.close();
  });

  it("follows at most MAX_LOG_SUBSCRIPTIONS instances on one connection, and all logs besides", async () => {
    const socket = await subscribedSocket(null);
    const id = (n: number) => `ins_${String(n).padStart(12, "0")}`;
    for (let n = 0; n < MAX_LOG_SUBSCRIPTIONS; n++) expect(await socket.emitWithAck("logs.subscribe", { instanceId: id(n) })).toEqual({ ok: true });
    // Again for one it follows: no new room, still fine; a new one is refused, and all logs are not an instance.
    expect(await socket.emitWithAck("logs.subscribe", { instanceId: id(0) })).toEqual({ ok: true });
    const over = await socket.emitWithAck("logs.subscribe", { instanceId: id(MAX_LOG_SUBSCRIPTIONS) });
    expect(over).toEqual({ ok: false, error: { code: "bad_request", message: expect.stringContaining(`already follows ${MAX_LOG_SUBSCRIPTIONS} instances' logs`) } });
    expect(await socket.emitWithAck("logs.subscribe", {})).toEqual({ ok: true });
    expect(await socket.emitWithAck("logs.unsubscribe", { instanceId: id(1) })).toEqual({ ok: true });
    expect(await socket.emitWithAck("logs.subscribe", { instanceId: id(MAX_LOG_SUBSCRIPTIONS) })).toEqual({ ok: true });
    socket.close();
  });

  it("answers a bad subscription through the ack and joins nothing", async () => {
    const socket = await subscribedSocket(null);
    const bad = (await socket.emitWithAck("logs.subscribe", { instanceId: "../etc" })) as LogsSubscriptionAck;
    expect(bad).toEqual({ ok: false, error: { code: "bad_request", message: expect.stringMatching(/^Invalid subscription: instanceId must be an instance id/) } });
    expect(await socket.emitWithAck("logs.subscribe", { instanceId: "ins_abcdefghij12", extra: 1 })).toMatchObject({ ok: false });
    expect(await socket.emitWithAck("logs.subscribe", "everything")).toMatchObject({ ok: false });
    // null is not {} (every entry): the old gateway read it as {} and joined the all-logs room.
    expect(await socket.emitWithAck("logs.subscribe", null)).toMatchObject({ ok: false, error: { code: "bad_request" } });
    socket.emit("logs.subscribe", 42); // no ack: nothing breaks
    // An ack in the payload's place is answered (it was never called: the client waited for ever).
    const asPayload = await Promise.race([
      new Promise((resolve) => (socket.emit as (event: string, ack: (answer: unknown) => void) => void)("logs.subscribe", resolve)),
      new Promise((resolve) => setTimeout(() => resolve("no answer"), 2000)),
    ]);
    expect(asPayload).toEqual({ ok: false, error: { code: "bad_request", message: "Invalid subscription: payload is required ({} or { instanceId })" } });
    // An event nobody handles is answered through its ack (it was dropped in silence).
    expect(await socket.timeout(2000).emitWithAck("logs.subscribeX" as "logs.subscribe", {})).toEqual({
      ok: false,
      error: { code: "bad_request", message: 'Unknown event "logs.subscribeX": a client may send logs.subscribe or logs.unsubscribe' },
    });
    gw.gateway.app.logs.write({ level: "info", source: "gateway", message: "nobody listens" });
    await gw.gateway.app.logs.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(liveEntries(socket)).toEqual([]);
    expect(socket.connected).toBe(true);
    socket.close();
  });
});
