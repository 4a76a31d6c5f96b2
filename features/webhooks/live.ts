import type { LiveFeature } from "@/shared/lib/realtime/socket-bridge";
import { storeDelivery, webhookKeys } from "./api/webhooks";

export const webhooksLive: LiveFeature = {
  handlers: {
    "webhook.delivery": (queryClient, { at: _at, ...delivery }) => {
      storeDelivery(queryClient, delivery);
      // Held rows mean the endpoint was just disabled (e.g. 410 Gone): show that now.
      if (delivery.status === "disabled") void queryClient.invalidateQueries({ queryKey: webhookKeys.lists() });
      // Endpoint health (success rate, last delivery) is the gateway's to compute: mark it out of date, and the
      // list query refetches it on its own schedule (webhookListOptions). Test deliveries never count; queued ones
      // have not been attempted yet.
      else if (!delivery.test && delivery.attempts > 0) void queryClient.invalidateQueries({ queryKey: webhookKeys.lists(), refetchType: "none" });
    },
  },
  liveKeys: [webhookKeys.all],
};
