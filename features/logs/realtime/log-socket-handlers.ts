import type { QueryClient } from "@tanstack/react-query";
import type { LogEntry } from "@/contract/logs";
import type { SocketFeature } from "@/shared/lib/realtime/event-router";
import { LIVE_QUERY_DEFAULTS, logKeys } from "../api/logs";
import { appendLive, EMPTY_LIVE_BUFFER, type LiveLogBuffer } from "../lib/log-view";

/**
 * Entries are written into the cache in batches, four times a second: at 1,000 entries/s one copy of the buffer
 * (and one re-render of the viewer) per entry would not keep up.
 */
export const LIVE_FLUSH_MS = 250;

const pending = new WeakMap<QueryClient, { entries: LogEntry[]; timer: ReturnType<typeof setTimeout> }>();
const configured = new WeakSet<QueryClient>();

/** The buffer's query options also hold when the handler writes before any viewer has mounted. */
function writeLive(queryClient: QueryClient, update: (buffer: LiveLogBuffer) => LiveLogBuffer): void {
  if (!configured.has(queryClient)) {
    queryClient.setQueryDefaults(logKeys.live(), LIVE_QUERY_DEFAULTS);
    configured.add(queryClient);
  }
  queryClient.setQueryData<LiveLogBuffer>(logKeys.live(), (buffer) => update(buffer ?? EMPTY_LIVE_BUFFER));
}

/** Writes what is queued into the live buffer now (the timer does it within LIVE_FLUSH_MS otherwise). */
export function flushLiveLogs(queryClient: QueryClient): void {
  const queued = pending.get(queryClient);
  if (!queued) return;
  clearTimeout(queued.timer);
  pending.delete(queryClient);
  writeLive(queryClient, (buffer) => appendLive(buffer, queued.entries));
}

/** Empties the live buffer (and drops what is queued): a new subscription starts from the history it fetches. */
export function resetLiveLogs(queryClient: QueryClient): void {
  const queued = pending.get(queryClient);
  if (queued) clearTimeout(queued.timer);
  pending.delete(queryClient);
  writeLive(queryClient, () => EMPTY_LIVE_BUFFER);
}

export const logSocketFeature: SocketFeature = {
  handlers: {
    "log.entry": (queryClient, entry) => {
      const queued = pending.get(queryClient);
      if (queued) {
        queued.entries.push(entry);
        return;
      }
      pending.set(queryClient, { entries: [entry], timer: setTimeout(() => flushLiveLogs(queryClient), LIVE_FLUSH_MS) });
    },
  },
  // After a reconnect the history is refetched: entries sent while offline are gone from the socket.
  liveKeys: [logKeys.lists()],
};
