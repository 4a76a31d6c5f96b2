import type { QueryClient } from "@tanstack/react-query";
import type { SocketFeature } from "@/shared/lib/realtime/event-router";
import { storeDelivery, webhookKeys } from "../api/webhooks";

/** Endpoint health (success rate, last delivery) is computed by the gateway: refetch it at most this often. */
export const HEALTH_REFRESH_MS = 3_000;
const healthTimers = new WeakMap<QueryClient, ReturnType<typeof setTimeout>>();

function refreshHealthSoon(queryClient: QueryClient) {
  if (healthTimers.has(queryClient)) return;
  healthTimers.set(
    queryClient,
    setTimeout(() => {
      healthTimers.delete(queryClient);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.lists() });
    }, HEALTH_REFRESH_MS),
  );
}

export const webhookSocketHandlers: SocketFeature["handlers"] = {
  "webhook.delivery": (queryClient, { at: _at, ...delivery }) => {
    storeDelivery(queryClient, delivery);
    // Held rows mean the endpoint was just disabled (e.g. 410 Gone): show that now.
    if (delivery.status === "disabled") void queryClient.invalidateQueries({ queryKey: webhookKeys.lists() });
    // Test deliveries never count towards health; queued ones have not been attempted yet.
    else if (!delivery.test && delivery.attempts > 0) refreshHealthSoon(queryClient);
  },
};

export const webhookSocketFeature: SocketFeature = {
  handlers: webhookSocketHandlers,
  liveKeys: [webhookKeys.all],
};
