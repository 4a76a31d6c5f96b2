import "server-only";
import { Instance, InstanceList, InstanceQr, StatusHistoryList } from "@/contract/instances";
import { GatewayReadError, type ServerQuery } from "@/shared/lib/server/server-prefetch";
import { instancePaths } from "./gateway-paths";
import type { CachedQr } from "./instance-queries";
import { instanceKeys } from "./query-keys";

// The panel's server reads what an instance page shows first, so its HTML carries the data (see prefetchQueries).

/** The instance list, when it fits in one page; a longer list is left to the browser, so a big fleet does not swell the HTML. */
export const instanceListServerQuery = (): ServerQuery => ({
  queryKey: instanceKeys.list(),
  load: async (get) => {
    const page = await get(instancePaths.list(), InstanceList);
    return page.nextCursor ? undefined : page.items;
  },
});

export const instanceDetailServerQuery = (id: string): ServerQuery => ({
  queryKey: instanceKeys.detail(id),
  load: (get) => get(instancePaths.detail(id), Instance),
});

export const instanceQrServerQuery = (id: string): ServerQuery => ({
  queryKey: instanceKeys.qr(id),
  load: async (get): Promise<CachedQr | null> => {
    try {
      return { ...(await get(instancePaths.qr(id), InstanceQr)), seq: 0 };
    } catch (error) {
      // 409: not waiting for a scan right now, as in the browser's query.
      if (error instanceof GatewayReadError && error.status === 409) return null;
      throw error;
    }
  },
});

export const instanceHistoryServerQuery = (id: string): ServerQuery => ({
  queryKey: instanceKeys.history(id),
  load: (get) => get(instancePaths.history(id), StatusHistoryList),
});
