import type { QueryClient } from "@tanstack/react-query";
import type { Instance, StatusHistoryList } from "@/contract/instances";
import type { ServerEventPayload } from "@/contract/socket-events";
import type { SocketFeature } from "@/shared/lib/realtime/event-router";
import { instanceKeys, type CachedQr } from "../api/instances";
import { instanceIndexOf, shareInstanceIndex } from "../api/instance-list-index";

type StatusEvent = ServerEventPayload<"instance.status">;

function applyStatus(instance: Instance, event: StatusEvent): Instance {
  // Older or duplicate events change nothing: the cache already holds something at least as new.
  if (event.seq <= instance.seq) return instance;
  const { statusCode: _code, statusReason: _reason, connectedAt, ...rest } = instance;
  return {
    ...rest,
    status: event.status,
    ...(event.statusCode !== undefined ? { statusCode: event.statusCode } : {}),
    ...(event.statusReason !== undefined ? { statusReason: event.statusReason } : {}),
    // "Connected since" only means something while connected; the next snapshot brings the new time.
    ...(event.status === "CONNECTED" && connectedAt ? { connectedAt } : {}),
    seq: event.seq,
    updatedAt: event.at,
  };
}

function replaceIfNewer(current: Instance, incoming: Instance): Instance {
  // A full snapshot with the same seq as a status event carries that event's metadata: take it.
  return incoming.seq >= current.seq ? incoming : current;
}

type ListUpdate = { id: string; update: (instance: Instance) => Instance };
const pendingListUpdates = new WeakMap<QueryClient, ListUpdate[]>();
// Live storms bring hundreds of events a second: the 5,000-row list is copied (and the table re-derived) once
// per batch instead of once per event.
const LIST_BATCH_MS = 50;

/** Applies every queued row update to the list cache in one immutable copy. Exported for tests. */
export function flushInstanceListUpdates(queryClient: QueryClient): void {
  const queue = pendingListUpdates.get(queryClient);
  if (!queue) return;
  pendingListUpdates.delete(queryClient);
  let before: Instance[] | undefined;
  queryClient.setQueryData<Instance[]>(instanceKeys.list(), (list) => {
    before = list;
    if (!list) return list;
    const index = instanceIndexOf(list);
    let copy: Instance[] | null = null;
    for (const { id, update } of queue) {
      const n = index.get(id);
      const current = n === undefined ? undefined : (copy ?? list)[n];
      if (n === undefined || current?.id !== id) continue;
      const next = update(current);
      if (next === current) continue;
      copy ??= list.slice();
      copy[n] = next;
    }
    return copy ?? list;
  });
  // Rows were replaced in place: the new version of the list can reuse the id → position index.
  if (before) shareInstanceIndex(before, queryClient.getQueryData<Instance[]>(instanceKeys.list()));
}

function updateInstance(queryClient: QueryClient, id: string, update: (instance: Instance) => Instance) {
  queryClient.setQueryData<Instance>(instanceKeys.detail(id), (old) => (old ? update(old) : old));
  const queue = pendingListUpdates.get(queryClient);
  if (queue) {
    queue.push({ id, update });
    return;
  }
  pendingListUpdates.set(queryClient, [{ id, update }]);
  setTimeout(() => flushInstanceListUpdates(queryClient), LIST_BATCH_MS);
}

export const instanceSocketHandlers: SocketFeature["handlers"] = {
  "instance.status": (queryClient, event) => {
    updateInstance(queryClient, event.instanceId, (i) => applyStatus(i, event));
    if (event.status !== "QR_REQUIRED") {
      queryClient.setQueryData<CachedQr | null>(instanceKeys.qr(event.instanceId), (qr) => (qr && qr.seq < event.seq ? null : qr));
    } else if (queryClient.getQueryData(instanceKeys.qr(event.instanceId)) === null) {
      // A page may have cached "no QR" earlier; the gateway holds one now.
      void queryClient.invalidateQueries({ queryKey: instanceKeys.qr(event.instanceId) });
    }
    queryClient.setQueryData<StatusHistoryList>(instanceKeys.history(event.instanceId), (history) => {
      if (!history || history.items.some((h) => h.seq === event.seq)) return history;
      const entry = {
        seq: event.seq,
        status: event.status,
        ...(event.statusCode !== undefined ? { statusCode: event.statusCode } : {}),
        ...(event.statusReason !== undefined ? { statusReason: event.statusReason } : {}),
        at: event.at,
      };
      return { ...history, items: [entry, ...history.items].sort((a, b) => b.seq - a.seq) };
    });
  },
  "instance.qr": (queryClient, event) => {
    const instance = queryClient.getQueryData<Instance>(instanceKeys.detail(event.instanceId));
    // A QR older than the instance's latest known state (e.g. it connected since) is stale.
    if (instance && instance.seq > event.seq && instance.status !== "QR_REQUIRED") return;
    queryClient.setQueryData<CachedQr | null>(instanceKeys.qr(event.instanceId), (qr) =>
      qr && qr.seq >= event.seq ? qr : { qr: event.qr, expiresAt: event.expiresAt, attempt: event.attempt, maxAttempts: event.maxAttempts, seq: event.seq },
    );
  },
  "instance.updated": (queryClient, { instance }) => {
    updateInstance(queryClient, instance.id, (current) => replaceIfNewer(current, instance));
    queryClient.setQueryData<Instance>(instanceKeys.detail(instance.id), (old) => (old ? replaceIfNewer(old, instance) : old));
  },
  // Additions and deletions change list membership: refetch rather than guess.
  "instance.created": (queryClient) => void queryClient.invalidateQueries({ queryKey: instanceKeys.list() }),
  "instance.deleted": (queryClient, { instanceId }) => {
    queryClient.setQueryData<Instance[]>(instanceKeys.list(), (list) => list?.filter((i) => i.id !== instanceId));
    queryClient.removeQueries({ queryKey: instanceKeys.detail(instanceId) });
    queryClient.removeQueries({ queryKey: instanceKeys.qr(instanceId) });
    queryClient.removeQueries({ queryKey: instanceKeys.history(instanceId) });
    void queryClient.invalidateQueries({ queryKey: instanceKeys.list() });
  },
};

export const instanceSocketFeature: SocketFeature = {
  handlers: instanceSocketHandlers,
  liveKeys: [instanceKeys.all],
};
