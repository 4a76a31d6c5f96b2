import type { QueryClient } from "@tanstack/react-query";
import type { Instance, StatusHistoryList } from "@/contract/instances";
import type { ServerEventPayload } from "@/contract/socket-events";
import { UPTIME_RANGES } from "@/contract/stats";
import type { LiveFeature } from "@/shared/lib/realtime/socket-bridge";
import { instanceKeys, type CachedQr } from "./api/instances";

// Pure cache writes, one per event, all idempotent: each instance's events carry an increasing `seq`, and a write
// changes nothing unless it brings something newer than what the cache holds.

type StatusEvent = ServerEventPayload<"instance.status">;

function applyStatus(instance: Instance, event: StatusEvent): Instance {
  if (event.seq <= instance.seq) return instance;
  const { statusCode: _code, statusReason: _reason, connectedAt, ...rest } = instance;
  return {
    ...rest,
    status: event.status,
    ...(event.statusCode !== undefined ? { statusCode: event.statusCode } : {}),
    ...(event.statusReason !== undefined ? { statusReason: event.statusReason } : {}),
    ...(event.node !== undefined ? { node: event.node } : {}),
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

/**
 * Writes one instance's new state into its own entry (what its row and page read) and into the list (what the
 * table sorts, filters and counts). An entry nobody has read yet is not created: a row seeds it from the list.
 * Returning undefined from an updater leaves the query untouched, so nothing re-renders for a stale event.
 */
function updateInstance(queryClient: QueryClient, id: string, update: (instance: Instance) => Instance) {
  queryClient.setQueryData<Instance>(instanceKeys.detail(id), (old) => {
    const next = old && update(old);
    return next === old ? undefined : next;
  });
  queryClient.setQueryData<Instance[]>(instanceKeys.list(), (list) => {
    const n = list?.findIndex((instance) => instance.id === id) ?? -1;
    const next = n >= 0 ? update(list![n]!) : undefined;
    return next === undefined || next === list![n] ? undefined : list!.with(n, next);
  });
}

export const instancesLive: LiveFeature = {
  handlers: {
    "instance.status": (queryClient, event) => {
      updateInstance(queryClient, event.instanceId, (instance) => applyStatus(instance, event));
      if (event.status !== "QR_REQUIRED") {
        queryClient.setQueryData<CachedQr | null>(instanceKeys.qr(event.instanceId), (qr) => (qr && qr.seq < event.seq ? null : undefined));
      } else if (queryClient.getQueryData(instanceKeys.qr(event.instanceId)) === null) {
        // A page may have cached "no QR" earlier; the gateway holds one now.
        void queryClient.invalidateQueries({ queryKey: instanceKeys.qr(event.instanceId) });
      }
      queryClient.setQueryData<StatusHistoryList>(instanceKeys.history(event.instanceId), (history) => {
        if (!history || history.items.some((h) => h.seq === event.seq)) return undefined;
        const entry = {
          seq: event.seq,
          status: event.status,
          ...(event.statusCode !== undefined ? { statusCode: event.statusCode } : {}),
          ...(event.statusReason !== undefined ? { statusReason: event.statusReason } : {}),
          at: event.at,
        };
        return { ...history, items: [entry, ...history.items].sort((a, b) => b.seq - a.seq) };
      });
      // Uptime is computed from that history by the gateway: read again where it is cached (the instance page). Looked
      // up by exact key first: a prefix invalidation would scan the whole cache on every status event of a storm.
      for (const range of UPTIME_RANGES) {
        const queryKey = instanceKeys.uptime(event.instanceId, range);
        if (queryClient.getQueryState(queryKey)) void queryClient.invalidateQueries({ queryKey, exact: true });
      }
    },
    "instance.qr": (queryClient, event) => {
      const instance = queryClient.getQueryData<Instance>(instanceKeys.detail(event.instanceId));
      // A QR older than the instance's latest known state (e.g. it connected since) is stale.
      if (instance && instance.seq > event.seq && instance.status !== "QR_REQUIRED") return;
      queryClient.setQueryData<CachedQr | null>(instanceKeys.qr(event.instanceId), (qr) =>
        qr && qr.seq >= event.seq ? undefined : { qr: event.qr, expiresAt: event.expiresAt, attempt: event.attempt, maxAttempts: event.maxAttempts, seq: event.seq },
      );
    },
    "instance.updated": (queryClient, { instance }) => updateInstance(queryClient, instance.id, (current) => replaceIfNewer(current, instance)),
    // Additions and deletions change list membership: refetch rather than guess.
    "instance.created": (queryClient) => void queryClient.invalidateQueries({ queryKey: instanceKeys.list() }),
    "instance.deleted": (queryClient, { instanceId }) => {
      queryClient.setQueryData<Instance[]>(instanceKeys.list(), (list) => list?.filter((i) => i.id !== instanceId));
      // A page showing the instance refetches it and gets the gateway's 404, which it shows as "deleted"; entries
      // nothing shows are dropped.
      void queryClient.invalidateQueries({ queryKey: instanceKeys.detail(instanceId) });
      queryClient.removeQueries({ queryKey: instanceKeys.detail(instanceId), predicate: (query) => !query.isActive() });
      for (const queryKey of [instanceKeys.qr(instanceId), instanceKeys.history(instanceId)]) queryClient.removeQueries({ queryKey });
      void queryClient.invalidateQueries({ queryKey: instanceKeys.list() });
    },
  },
  // What the events above keep fresh (an uptime is computed from the status history). Settings, the watchdog, the
  // WhatsApp profile and the send queue are not socket-fed: a reconnect has nothing to catch up on there.
  liveKeys: [instanceKeys.list(), instanceKeys.details(), instanceKeys.qrs(), instanceKeys.histories(), instanceKeys.allUptimes()],
};
