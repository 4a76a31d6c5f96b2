import { queryOptions } from "@tanstack/react-query";
import type { Instance, InstanceList, InstanceQr } from "@/contract/instances";
import { ApiClientError, bffRequest } from "@/shared/lib/api-client";
import { instancePaths } from "./gateway-paths";
import { instanceKeys } from "./query-keys";

/** The QR as cached: the payload plus the seq of the event that brought it (0 when fetched). */
export type CachedQr = InstanceQr & { seq: number };

const MAX_INSTANCES = 20_000;

/** Every instance, page by page: the table sorts, filters and counts facets on the client. */
export async function fetchAllInstances(signal?: AbortSignal): Promise<Instance[]> {
  const items: Instance[] = [];
  let cursor: string | null = null;
  do {
    const page: InstanceList = await bffRequest(`/bff${instancePaths.list(cursor)}`, { schema: (c) => c.InstanceList, signal });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_INSTANCES);
  return items;
}

// Socket-fed keys: the socket keeps them fresh, so they rarely need a refetch of their own.
const LIVE_STALE_TIME = 5 * 60_000;

/** Keeps whichever copy is newer: socket events that landed while a fetch was in flight must not be undone. */
function newer(fetched: Instance, cached: Instance | undefined): Instance {
  return cached && cached.seq > fetched.seq ? cached : fetched;
}

export const instanceListQuery = () =>
  queryOptions({
    queryKey: instanceKeys.list(),
    queryFn: async ({ signal, client }) => {
      const fetched = await fetchAllInstances(signal);
      const cached = new Map((client.getQueryData<Instance[]>(instanceKeys.list()) ?? []).map((i) => [i.id, i]));
      return fetched.map((i) => newer(i, cached.get(i.id)));
    },
    staleTime: LIVE_STALE_TIME,
  });

export const instanceDetailQuery = (id: string) =>
  queryOptions({
    queryKey: instanceKeys.detail(id),
    queryFn: async ({ signal, client }) =>
      newer(await bffRequest(`/bff${instancePaths.detail(id)}`, { schema: (c) => c.Instance, signal }), client.getQueryData<Instance>(instanceKeys.detail(id))),
    staleTime: LIVE_STALE_TIME,
  });

export const instanceQrQuery = (id: string) =>
  queryOptions({
    queryKey: instanceKeys.qr(id),
    queryFn: async ({ signal }): Promise<CachedQr | null> => {
      try {
        return { ...(await bffRequest(`/bff${instancePaths.qr(id)}`, { schema: (c) => c.InstanceQr, signal })), seq: 0 };
      } catch (error) {
        // 409: not waiting for a scan right now; that is a state, not an error.
        if (error instanceof ApiClientError && error.status === 409) return null;
        throw error;
      }
    },
    staleTime: LIVE_STALE_TIME,
  });

export const instanceHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: instanceKeys.history(id),
    queryFn: ({ signal }) => bffRequest(`/bff${instancePaths.history(id)}`, { schema: (c) => c.StatusHistoryList, signal }),
    staleTime: LIVE_STALE_TIME,
  });
