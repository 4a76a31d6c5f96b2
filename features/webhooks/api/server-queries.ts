import "server-only";
import { WebhookList } from "@/contract/webhooks";
import type { ServerQuery } from "@/shared/lib/server/server-prefetch";
import { webhookPaths } from "./gateway-paths";
import { webhookKeys, type WebhookListFilters } from "./query-keys";

/** The endpoint list, read by the panel's server when it fits in one page (see prefetchQueries). */
export const webhookListServerQuery = (filters: WebhookListFilters = {}): ServerQuery => ({
  queryKey: webhookKeys.list(filters),
  load: async (get) => {
    const page = await get(webhookPaths.list(filters), WebhookList);
    return page.nextCursor ? undefined : page.items;
  },
});
