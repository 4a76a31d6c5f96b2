import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { Webhook, WebhookDelivery, WebhookDeliveryDetail } from "@/contract/webhooks";
import { applyDeliveryEvent, isLaterState, type DeliveryPages } from "./delivery-cache";
import { webhookKeys, type DeliveryFilters } from "./query-keys";

function filtersOf(key: QueryKey): DeliveryFilters {
  const filters = key[3];
  return typeof filters === "object" && filters !== null ? (filters as DeliveryFilters) : {};
}

/** Writes a delivery's new state into every cached deliveries list and its detail (refetching the attempt log). */
export function storeDelivery(queryClient: QueryClient, delivery: WebhookDelivery) {
  for (const [key, data] of queryClient.getQueriesData<DeliveryPages>({ queryKey: webhookKeys.deliveryLists() })) {
    if (!data) continue;
    const result = applyDeliveryEvent(data, filtersOf(key), delivery);
    if (result.data !== data) queryClient.setQueryData(key, result.data);
    if (result.refetch) void queryClient.invalidateQueries({ queryKey: key, exact: true });
  }
  const detailKey = webhookKeys.deliveryDetail(delivery.id);
  const detail = queryClient.getQueryData<WebhookDeliveryDetail>(detailKey);
  if (detail && isLaterState(delivery, detail)) {
    queryClient.setQueryData<WebhookDeliveryDetail>(detailKey, { ...detail, ...delivery });
    // A new attempt (or a change of state) means new rows in the attempt log, which only the gateway has.
    void queryClient.invalidateQueries({ queryKey: detailKey, exact: true });
  }
}

/** Replaces an endpoint in every cached list that holds it. */
export function storeWebhook(queryClient: QueryClient, webhook: Webhook) {
  queryClient.setQueriesData<Webhook[]>({ queryKey: webhookKeys.lists() }, (list) => (list?.some((w) => w.id === webhook.id) ? list.map((w) => (w.id === webhook.id ? webhook : w)) : list));
}
