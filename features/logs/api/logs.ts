import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { LogCounts, LogList } from "@/contract/logs";
import { bffTransport, type Transport } from "@/shared/lib/api-client";
import { gatewayLogParams, type LogScope, type LogViewFilters } from "../lib/log-filters";
import { EMPTY_LIVE_BUFFER, type LiveLogBuffer } from "../lib/log-view";

// The gateway's log, once for the browser and the panel's server: paths, fetchers (given a transport), query keys
// and query options; the live buffer is written by live.ts from `log.entry` events.

const logPaths = {
  list: (params: URLSearchParams) => `/api/v1/logs?${params}`,
  counts: (params: URLSearchParams) => `/api/v1/logs/counts?${params}`,
};

/** Log query keys, most generic to most specific (TkDodo's key factory). */
export const logKeys = {
  all: ["logs"] as const,
  lists: () => [...logKeys.all, "list"] as const,
  /** Every filter, levels included, is the gateway's: each set of filters is its own list. */
  list: (filters: LogViewFilters) => [...logKeys.lists(), filters] as const,
  recent: (instanceId: string) => [...logKeys.lists(), "recent", instanceId] as const,
  counts: () => [...logKeys.all, "counts"] as const,
  count: (scope: LogScope) => [...logKeys.counts(), scope] as const,
  /** Entries that arrived over the socket since the viewer subscribed (newest 50,000). */
  live: () => [...logKeys.all, "live"] as const,
};

const LOG_PAGE_SIZE = 500;
const RECENT_SIZE = 25;
/** A preset range ("last 24 h") slides: its counts are taken again this often (the viewer's window tick). */
const COUNTS_REFRESH_MS = 60_000;

function fetchLogPage(transport: Transport, filters: LogViewFilters, cursor: string | null, signal: AbortSignal, limit = LOG_PAGE_SIZE): Promise<LogList> {
  const params = gatewayLogParams(filters, Date.now());
  params.set("limit", String(limit));
  if (cursor) params.set("cursor", cursor);
  return transport.request(logPaths.list(params), { schema: LogList, signal });
}

/**
 * The stored log for the filters, newest first, a page at a time ("Load older" fetches the next). Always
 * refetched on mount: the live buffer starts empty when the viewer subscribes, so history must reach up to now.
 * While new filters load, the previous rows stay (the viewer narrows them to what still matches at once).
 */
export const logHistoryOptions = (filters: LogViewFilters, transport: Transport = bffTransport) =>
  infiniteQueryOptions({
    queryKey: logKeys.list(filters),
    queryFn: ({ pageParam, signal }) => fetchLogPage(transport, filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });

/** Per level, every stored entry that matches the other filters in the time range: what the level chips show. */
export const logCountsOptions = (scope: LogScope, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: logKeys.count(scope),
    queryFn: ({ signal }) => transport.request(logPaths.counts(gatewayLogParams(scope, Date.now())), { schema: LogCounts, signal }),
    staleTime: 0,
    refetchInterval: COUNTS_REFRESH_MS,
    placeholderData: keepPreviousData,
  });

/** One instance's newest entries, for its page. */
export const recentInstanceLogOptions = (instanceId: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: logKeys.recent(instanceId),
    queryFn: ({ signal }) => fetchLogPage(transport, { instanceId, levels: [], sources: [], range: "7d", q: "" }, null, signal, RECENT_SIZE),
    staleTime: 0,
  });

/** Entries streamed since the viewer subscribed, written by live.ts one event at a time; never fetched. */
export const liveLogOptions = () =>
  queryOptions({
    queryKey: logKeys.live(),
    queryFn: (): LiveLogBuffer => EMPTY_LIVE_BUFFER,
    initialData: EMPTY_LIVE_BUFFER,
    staleTime: Infinity,
    gcTime: Infinity,
    // Every write is a new buffer sharing all but one chunk with the last: nothing for structural sharing to find.
    structuralSharing: false,
  });
