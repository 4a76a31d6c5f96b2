import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { Webhook, WebhookList } from "@/contract/webhooks";
import { bffRequest } from "@/shared/lib/api-client";
import { webhookPaths } from "./gateway-paths";
import { mergeFetchedPage, type DeliveryPages } from "./delivery-cache";
import { normalizeDeliveryFilters, webhookKeys, type DeliveryFilters, type WebhookListFilters } from "./query-keys";

const MAX_ENDPOINTS = 5_000;
// Socket-fed keys: the socket keeps them fresh, so they rarely need a refetch of their own.
const LIVE_STALE_TIME = 5 * 60_000;
export const DELIVERY_PAGE_SIZE = 50;

/** Every endpoint (optionally those that receive one instance's events), page by page. */
export async function fetchAllWebhooks(filters: WebhookListFilters, signal?: AbortSignal): Promise<Webhook[]> {
  const items: Webhook[] = [];
  let cursor: string | null = null;
  do {
    const page: WebhookList = await bffRequest(`/bff${webhookPaths.list(filters, cursor)}`, { schema: (c) => c.WebhookList, signal });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_ENDPOINTS);
  return items;
}

export const webhookListQuery = (filters: WebhookListFilters = {}) =>
  queryOptions({
    queryKey: webhookKeys.list(filters),
    queryFn: ({ signal }) => fetchAllWebhooks(filters, signal),
    // Health (success rate, last delivery) moves with deliveries; the socket handler refetches it, throttled.
    staleTime: 30_000,
  });

function deliveriesUrl(filters: DeliveryFilters, cursor: string | null) {
  const params = new URLSearchParams({ limit: String(filters.limit ?? DELIVERY_PAGE_SIZE) });
  if (filters.webhookId) params.set("webhookId", filters.webhookId);
  if (filters.instanceId) params.set("instanceId", filters.instanceId);
  if (filters.status?.length) params.set("status", filters.status.join(","));
  if (filters.event?.length) params.set("event", filters.event.join(","));
  if (cursor) params.set("cursor", cursor);
  return `/bff/api/v1/webhooks/deliveries?${params.toString().replace(/%2C/gi, ",")}`;
}

/** Deliveries newest first, a page per cursor; live events are written into the loaded pages. */
export const deliveryListQuery = (raw: DeliveryFilters) => {
  const filters = normalizeDeliveryFilters(raw);
  return infiniteQueryOptions({
    queryKey: webhookKeys.deliveryList(filters),
    queryFn: async ({ pageParam, signal, client }) => {
      const fetched = await bffRequest(deliveriesUrl(filters, pageParam), { schema: (c) => c.WebhookDeliveryList, signal });
      return mergeFetchedPage(fetched, client.getQueryData<DeliveryPages>(webhookKeys.deliveryList(filters)), filters, pageParam === null);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: LIVE_STALE_TIME,
  });
};

/** One delivery with its body and attempt log; the socket handler refetches it when an attempt is recorded. */
export const deliveryDetailQuery = (id: string) =>
  queryOptions({
    queryKey: webhookKeys.deliveryDetail(id),
    queryFn: ({ signal }) => bffRequest(`/bff/api/v1/webhooks/deliveries/${encodeURIComponent(id)}`, { schema: (c) => c.WebhookDeliveryDetail, signal }),
    staleTime: LIVE_STALE_TIME,
  });
