import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { Instance, StatusHistoryList } from "@/contract/instances";
import { routeSocketEvent } from "@/shared/lib/realtime/socket-bridge";
import { instanceKeys, type CachedQr } from "../api/instances";
import { instancesLive } from "../live";

const ID = "ins_abcdefghij12";
const at = (n: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, n)).toISOString();
const base: Instance = { id: ID, name: "Sales", status: "INIT", seq: 1, engine: "sandbox", createdAt: at(0), updatedAt: at(0) };
const other: Instance = { ...base, id: "ins_zzzzzzzzzz99", name: "Other" };

function setup() {
  const qc = new QueryClient();
  qc.setQueryData(instanceKeys.list(), [base, other]);
  qc.setQueryData(instanceKeys.detail(ID), base);
  qc.setQueryData<StatusHistoryList>(instanceKeys.history(ID), { items: [{ seq: 1, status: "INIT", at: at(0) }], nextCursor: null });
  const send = (name: string, payload: unknown) => routeSocketEvent([instancesLive], qc, name, payload);
  return { qc, send };
}

const status = (seq: number, s: Instance["status"], extra: Record<string, unknown> = {}) => ({ instanceId: ID, status: s, seq, at: at(seq), ...extra });

describe("instance socket handlers", () => {
  it("end at the newest state whatever order and duplication the events arrive in", () => {
    const { qc, send } = setup();
    const events = [status(2, "QR_REQUIRED"), status(3, "RECONNECTING", { statusCode: 515 }), status(4, "CONNECTED", { statusReason: "Connected" })];
    // Newest first, then the older ones, then duplicates of everything.
    for (const e of [events[2], events[0], events[1], events[2], events[0], events[1]]) send("instance.status", e);
    const detail = qc.getQueryData<Instance>(instanceKeys.detail(ID))!;
    const row = qc.getQueryData<Instance[]>(instanceKeys.list())!.find((i) => i.id === ID)!;
    for (const instance of [detail, row]) {
      expect(instance).toMatchObject({ status: "CONNECTED", seq: 4, statusReason: "Connected" });
      expect(instance.statusCode).toBeUndefined();
    }
    // The other row is untouched, by identity.
    expect(qc.getQueryData<Instance[]>(instanceKeys.list())![1]).toBe(other);
  });

  it("keeps history sorted newest first without duplicates", () => {
    const { qc, send } = setup();
    for (const e of [status(3, "RECONNECTING"), status(2, "QR_REQUIRED"), status(3, "RECONNECTING"), status(4, "CONNECTED")]) send("instance.status", e);
    const history = qc.getQueryData<StatusHistoryList>(instanceKeys.history(ID))!;
    expect(history.items.map((h) => h.seq)).toEqual([4, 3, 2, 1]);
  });

  it("takes a full snapshot with the same seq as its status event (metadata arrives with it)", () => {
    const { qc, send } = setup();
    send("instance.status", status(5, "CONNECTED"));
    const snapshot: Instance = { ...base, status: "CONNECTED", seq: 5, number: "4915112345678", pushName: "Shop", connectedAt: at(5), updatedAt: at(5) };
    send("instance.updated", { instance: snapshot, seq: 5, at: at(5) });
    // An older snapshot arriving late is ignored.
    send("instance.updated", { instance: { ...base, seq: 3 }, seq: 3, at: at(3) });
    expect(qc.getQueryData<Instance>(instanceKeys.detail(ID))).toMatchObject({ number: "4915112345678", pushName: "Shop", seq: 5 });
    expect(qc.getQueryData<Instance[]>(instanceKeys.list())![0]).toMatchObject({ number: "4915112345678", seq: 5 });
  });

  it("takes the node a status event names (cluster mode: a moved instance reports from its new node) and keeps it when none is named", () => {
    const { qc, send } = setup();
    send("instance.status", { ...status(2, "INIT"), node: "node-a" });
    send("instance.status", status(3, "CONNECTED"));
    expect(qc.getQueryData<Instance>(instanceKeys.detail(ID))).toMatchObject({ node: "node-a", status: "CONNECTED" });
    expect(qc.getQueryData<Instance[]>(instanceKeys.list())![0]).toMatchObject({ node: "node-a" });
  });

  it("swaps the QR only for a newer one and drops it once the instance moved on", () => {
    const { qc, send } = setup();
    send("instance.status", status(2, "QR_REQUIRED"));
    const qr = (seq: number, attempt: number) => ({ instanceId: ID, qr: `qr-${attempt}`, expiresAt: at(60), attempt, maxAttempts: 6, seq, at: at(seq) });
    send("instance.qr", qr(4, 2));
    send("instance.qr", qr(3, 1)); // late, older
    expect(qc.getQueryData<CachedQr>(instanceKeys.qr(ID))).toMatchObject({ qr: "qr-2", attempt: 2 });
    send("instance.status", status(5, "CONNECTED"));
    expect(qc.getQueryData(instanceKeys.qr(ID))).toBeNull();
    send("instance.qr", qr(4, 2)); // duplicate after connecting: stays gone
    expect(qc.getQueryData(instanceKeys.qr(ID))).toBeNull();
  });

  it("has a reconnect catch up on what its events keep fresh, and only that", () => {
    // As the socket bridge does on every connect: each liveKey is invalidated.
    const qc = new QueryClient();
    const fed = [instanceKeys.list(), instanceKeys.detail(ID), instanceKeys.qr(ID), instanceKeys.history(ID), instanceKeys.uptime(ID, "24h")];
    const notFed = [instanceKeys.settings(ID), instanceKeys.watchdog(ID), instanceKeys.profile(ID), instanceKeys.sendQueue(ID)];
    for (const key of [...fed, ...notFed]) qc.setQueryData(key, {});
    for (const queryKey of instancesLive.liveKeys ?? []) void qc.invalidateQueries({ queryKey });
    expect(fed.map((key) => qc.getQueryState(key)!.isInvalidated)).toEqual(fed.map(() => true));
    expect(notFed.map((key) => qc.getQueryState(key)!.isInvalidated)).toEqual(notFed.map(() => false));
  });

  it("ignores payloads that do not match the contract", () => {
    const { qc, send } = setup();
    expect(send("instance.status", { instanceId: ID, status: "ONLINE", seq: 9, at: at(9) })).toBe(false);
    expect(send("instance.status", { instanceId: ID, status: "CONNECTED", seq: "9", at: at(9) })).toBe(false);
    expect(qc.getQueryData<Instance>(instanceKeys.detail(ID))!.seq).toBe(1);
  });

  it("removes a deleted instance from the list and its detail caches", () => {
    const { qc, send } = setup();
    send("instance.deleted", { instanceId: ID, seq: 9, at: at(9) });
    expect(qc.getQueryData<Instance[]>(instanceKeys.list())!.map((i) => i.id)).toEqual([other.id]);
    expect(qc.getQueryData(instanceKeys.detail(ID))).toBeUndefined();
  });

  it("leaves the caches untouched by an event that brings nothing new, and never creates an entry nobody reads", () => {
    const { qc, send } = setup();
    send("instance.status", status(3, "CONNECTED"));
    const list = qc.getQueryData<Instance[]>(instanceKeys.list());
    const detail = qc.getQueryData<Instance>(instanceKeys.detail(ID));
    send("instance.status", status(2, "RECONNECTING"));
    send("instance.status", status(3, "CONNECTED"));
    expect(qc.getQueryData(instanceKeys.list())).toBe(list);
    expect(qc.getQueryData(instanceKeys.detail(ID))).toBe(detail);
    // The other instance has no entry of its own yet: its row seeds one from the list when it shows.
    send("instance.status", { ...status(4, "ERROR"), instanceId: other.id });
    expect(qc.getQueryData(instanceKeys.detail(other.id))).toBeUndefined();
    expect(qc.getQueryData<Instance[]>(instanceKeys.list())![1]).toMatchObject({ status: "ERROR", seq: 4 });
  });
});
