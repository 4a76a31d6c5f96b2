import type { DeliveryStatus, WebhookEventType } from "@/contract/webhooks";

/** Which endpoints a list shows: all of them, or those that receive one instance's events (bound to it, or global). */
export type WebhookListFilters = { instanceId?: string };

/** Server-side filters of a deliveries list; `limit` is the page size. */
export type DeliveryFilters = {
  webhookId?: string;
  instanceId?: string;
  status?: DeliveryStatus[];
  event?: WebhookEventType[];
  limit?: number;
};

/** Same filters, same key: drops empty values and sorts the lists so `[a,b]` and `[b,a]` share one cache entry. */
export function normalizeDeliveryFilters(filters: DeliveryFilters): DeliveryFilters {
  return {
    ...(filters.webhookId ? { webhookId: filters.webhookId } : {}),
    ...(filters.instanceId ? { instanceId: filters.instanceId } : {}),
    ...(filters.status?.length ? { status: [...new Set(filters.status)].sort() } : {}),
    ...(filters.event?.length ? { event: [...new Set(filters.event)].sort() } : {}),
    ...(filters.limit ? { limit: filters.limit } : {}),
  };
}

/** Webhook query keys, most generic to most specific (TkDodo's key factory). */
export const webhookKeys = {
  all: ["webhooks"] as const,
  lists: () => [...webhookKeys.all, "list"] as const,
  list: (filters: WebhookListFilters = {}) => [...webhookKeys.lists(), filters.instanceId ? { instanceId: filters.instanceId } : {}] as const,
  deliveries: () => [...webhookKeys.all, "deliveries"] as const,
  deliveryLists: () => [...webhookKeys.deliveries(), "list"] as const,
  deliveryList: (filters: DeliveryFilters) => [...webhookKeys.deliveryLists(), normalizeDeliveryFilters(filters)] as const,
  deliveryDetails: () => [...webhookKeys.deliveries(), "detail"] as const,
  deliveryDetail: (id: string) => [...webhookKeys.deliveryDetails(), id] as const,
};
