import { infiniteQueryOptions, mutationOptions, queryOptions, type QueryClient, type QueryKey } from "@tanstack/react-query";
import {
  RotateSecretResponse,
  TestWebhookResponse,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryList,
  WebhookList,
  WebhookWithSecret,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  type WebhookEventType,
} from "@/contract/webhooks";
import { bffTransport, readAllPages, type Transport } from "@/shared/lib/api-client";
import { applyDeliveryEvent, isLaterState, mergeFetchedPage, normalizeDeliveryFilters, type DeliveryFilters, type DeliveryPages } from "../lib/delivery-cache";

// The webhooks resource (endpoints and their deliveries), once for the browser and the panel's server: gateway
// paths, fetchers (given a transport), query keys, query options and mutations.

/** Which endpoints a list shows: all of them, or those that receive one instance's events (bound to it, or global). */
export type WebhookListFilters = { instanceId?: string };

export const DELIVERY_PAGE_SIZE = 50;

const at = (id: string, suffix = "") => `/api/v1/webhooks/${encodeURIComponent(id)}${suffix}`;

const webhookPaths = {
  /** One page of endpoints (optionally those that receive one instance's events). */
  list: (filters: WebhookListFilters, cursor: string | null) => {
    const params = new URLSearchParams({ limit: "500" });
    if (filters.instanceId) params.set("instanceId", filters.instanceId);
    if (cursor) params.set("cursor", cursor);
    return `/api/v1/webhooks?${params}`;
  },
  create: () => "/api/v1/webhooks",
  detail: (id: string) => at(id),
  test: (id: string) => at(id, "/test"),
  rotateSecret: (id: string) => at(id, "/rotate-secret"),
  deliveries: (filters: DeliveryFilters, cursor: string | null) => {
    const params = new URLSearchParams({ limit: String(filters.limit ?? DELIVERY_PAGE_SIZE) });
    if (filters.webhookId) params.set("webhookId", filters.webhookId);
    if (filters.instanceId) params.set("instanceId", filters.instanceId);
    if (filters.status?.length) params.set("status", filters.status.join(","));
    if (filters.event?.length) params.set("event", filters.event.join(","));
    if (cursor) params.set("cursor", cursor);
    return `/api/v1/webhooks/deliveries?${params.toString().replace(/%2C/gi, ",")}`;
  },
  delivery: (id: string) => `/api/v1/webhooks/deliveries/${encodeURIComponent(id)}`,
  replay: (id: string) => `/api/v1/webhooks/deliveries/${encodeURIComponent(id)}/replay`,
};

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

const MAX_ENDPOINTS = 5_000;
// Socket-fed keys: the socket keeps them fresh, so they rarely need a refetch of their own.
const LIVE_STALE_TIME = 5 * 60_000;
/** Endpoint health is computed by the gateway: while deliveries have outdated it, refetch it at most this often. */
const HEALTH_REFRESH_MS = 3_000;

/** Every endpoint (optionally those that receive one instance's events). */
export const webhookListOptions = (filters: WebhookListFilters = {}, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: webhookKeys.list(filters),
    queryFn: ({ signal }) => readAllPages(transport, (cursor) => webhookPaths.list(filters, cursor), WebhookList, { max: MAX_ENDPOINTS, signal }),
    staleTime: 30_000,
    // Health (success rate, last delivery) moves with deliveries: live.ts marks the list invalidated on each attempt.
    refetchInterval: (query) => (query.state.isInvalidated ? HEALTH_REFRESH_MS : false),
  });

/** Deliveries newest first, a page per cursor; live events are written into the loaded pages. */
export const deliveryListOptions = (raw: DeliveryFilters, transport: Transport = bffTransport) => {
  const filters = normalizeDeliveryFilters(raw);
  return infiniteQueryOptions({
    queryKey: webhookKeys.deliveryList(filters),
    queryFn: async ({ pageParam, signal, client }) => {
      const fetched = await transport.request(webhookPaths.deliveries(filters, pageParam), { schema: WebhookDeliveryList, signal });
      return mergeFetchedPage(fetched, client.getQueryData<DeliveryPages>(webhookKeys.deliveryList(filters)), filters, pageParam === null);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: LIVE_STALE_TIME,
  });
};

/** One delivery with its body and attempt log; the socket handler refetches it when an attempt is recorded. */
export const deliveryDetailOptions = (id: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: webhookKeys.deliveryDetail(id),
    queryFn: ({ signal }) => transport.request(webhookPaths.delivery(id), { schema: WebhookDeliveryDetail, signal }),
    staleTime: LIVE_STALE_TIME,
  });

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
  const state = queryClient.getQueryState<WebhookDeliveryDetail>(detailKey);
  const detail = state?.data;
  if (detail && isLaterState(delivery, detail)) {
    queryClient.setQueryData<WebhookDeliveryDetail>(detailKey, { ...detail, ...delivery });
    // A new attempt (or a change of state) means new rows in the attempt log, which only the gateway has.
    void queryClient.invalidateQueries({ queryKey: detailKey, exact: true });
  } else if (!detail && state?.fetchStatus === "fetching") {
    // Being fetched for the first time (a drawer just opened it, as after a replay): that answer may be from before
    // this event, and no later event would correct it. Fetch it again: a refetch alone would join the fetch in flight.
    void queryClient.cancelQueries({ queryKey: detailKey, exact: true }).then(() => queryClient.invalidateQueries({ queryKey: detailKey, exact: true }));
  }
}

/** Replaces an endpoint in every cached list that holds it. */
function storeWebhook(queryClient: QueryClient, webhook: Webhook) {
  queryClient.setQueriesData<Webhook[]>({ queryKey: webhookKeys.lists() }, (list) => (list?.some((w) => w.id === webhook.id) ? list.map((w) => (w.id === webhook.id ? webhook : w)) : list));
}

/** Create an endpoint; the response carries the secret, shown once by the caller. Errors are shown by the form. */
export const createWebhookMutation = () =>
  mutationOptions({
    mutationFn: (body: CreateWebhookRequest) => bffTransport.request(webhookPaths.create(), { method: "POST", body, schema: WebhookWithSecret }),
    onSuccess: (_created, _body, _result, { client }) => void client.invalidateQueries({ queryKey: webhookKeys.lists() }),
    meta: { successToast: () => ({ title: "Endpoint created", description: "Copy its signing secret now: it is shown only once." }) },
  });

/** Save the edit form; errors are shown by the form. */
export const updateWebhookMutation = (id: string) =>
  mutationOptions({
    mutationFn: (body: UpdateWebhookRequest) => bffTransport.request(webhookPaths.detail(id), { method: "PATCH", body, schema: Webhook }),
    onSuccess: (webhook, _body, _result, { client }) => {
      storeWebhook(client, webhook);
      // The scope may have changed, and with it which instance's lists show the endpoint.
      void client.invalidateQueries({ queryKey: webhookKeys.lists() });
    },
    meta: { successToast: () => "Endpoint saved" },
  });

export const setWebhookEnabledMutation = (id: string) =>
  mutationOptions({
    mutationFn: (enabled: boolean) => bffTransport.request(webhookPaths.detail(id), { method: "PATCH", body: { enabled }, schema: Webhook }),
    onSuccess: (webhook, _enabled, _result, { client }) => {
      storeWebhook(client, webhook);
      // Held deliveries are queued again (or held): their rows change state.
      void client.invalidateQueries({ queryKey: webhookKeys.deliveries() });
    },
    meta: {
      successToast: (webhook: Webhook) =>
        webhook.enabled
          ? { title: "Endpoint enabled", description: "Held deliveries are sent again." }
          : { title: "Endpoint disabled", description: "New events are not delivered; queued deliveries are held until you enable it." },
      errorToast: (error) => ({ title: "Could not change the endpoint", description: error.message }),
    },
  });

export const deleteWebhookMutation = (id: string) =>
  mutationOptions({
    mutationFn: () => bffTransport.request<void>(webhookPaths.detail(id), { method: "DELETE" }),
    onSuccess: (_data, _variables, _result, { client }) => {
      client.setQueriesData<Webhook[]>({ queryKey: webhookKeys.lists() }, (list) => list?.filter((w) => w.id !== id));
      void client.invalidateQueries({ queryKey: webhookKeys.all });
    },
    meta: {
      successToast: () => ({ title: "Endpoint deleted", description: "Its delivery log is gone too." }),
      errorToast: (error) => ({ title: "Could not delete the endpoint", description: error.message }),
    },
  });

export const rotateSecretMutation = (id: string) =>
  mutationOptions({
    mutationFn: (graceSeconds: number) => bffTransport.request(webhookPaths.rotateSecret(id), { method: "POST", body: { graceSeconds }, schema: RotateSecretResponse }),
    onSuccess: ({ webhook }, _grace, _result, { client }) => storeWebhook(client, webhook),
    meta: {
      successToast: () => ({ title: "Secret rotated", description: "Copy the new secret now: it is shown only once." }),
      errorToast: (error) => ({ title: "Could not rotate the secret", description: error.message }),
    },
  });

/** Sends a signed sample now; the receiver's answer (or the error) comes back in the result. */
export const testWebhookMutation = (id: string) =>
  mutationOptions({
    mutationFn: (event: WebhookEventType) => bffTransport.request(webhookPaths.test(id), { method: "POST", body: { event }, schema: TestWebhookResponse }),
    meta: {
      successToast: (result: TestWebhookResponse) =>
        result.ok ? `Test delivered: HTTP ${result.statusCode} in ${result.latencyMs} ms` : { title: "The test delivery failed", description: result.error ?? `HTTP ${result.statusCode}`, tone: "error" },
      errorToast: (error) => ({ title: "Could not send the test", description: error.message }),
    },
  });

/** Sends a delivery's event again (same body, same webhook-id) as a new delivery. */
export const replayDeliveryMutation = () =>
  mutationOptions({
    mutationFn: (deliveryId: string) => bffTransport.request(webhookPaths.replay(deliveryId), { method: "POST", schema: WebhookDelivery }),
    onSuccess: (delivery, _id, _result, { client }) => storeDelivery(client, delivery),
    meta: {
      successToast: (delivery: WebhookDelivery) => ({ title: "Replay queued", description: `Same webhook-id ${delivery.eventId}, sent as a new delivery.` }),
      errorToast: (error) => ({ title: "Could not replay the delivery", description: error.message }),
    },
  });
