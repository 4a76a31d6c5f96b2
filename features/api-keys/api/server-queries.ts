import "server-only";
import { ApiKeyList } from "@/contract/api-keys";
import type { ServerQuery } from "@/shared/lib/server/server-prefetch";
import { apiKeyPaths } from "./gateway-paths";
import { apiKeyKeys } from "./query-keys";

/**
 * The keys (all, or one instance's tokens), read by the panel's server for the page's first render (see
 * prefetchQueries) when they fit in one page; more are left to the browser, which reads every page.
 */
export const apiKeyListServerQuery = (instanceId?: string): ServerQuery => ({
  queryKey: apiKeyKeys.list(instanceId),
  load: async (get) => {
    const page = await get(apiKeyPaths.list(instanceId), ApiKeyList);
    return page.nextCursor ? undefined : page;
  },
});
