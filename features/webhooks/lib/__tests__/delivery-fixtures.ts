import type { WebhookDelivery, WebhookDeliveryList } from "@/contract/webhooks";
import type { DeliveryPages } from "../delivery-cache";

/** Deliveries for the webhooks feature's tests, each newer than the last, and infinite-query pages of them. */
export const at = (s: number) => new Date(Date.UTC(2026, 0, 15, 10, 0, s)).toISOString();
let counter = 0;
export function delivery(created: number, extra: Partial<WebhookDelivery> = {}): WebhookDelivery {
  counter += 1;
  return {
    id: `whd_${String(counter).padStart(12, "0")}`,
    webhookId: "whk_aaaaaaaaaaaa",
    eventId: `msg_${String(counter).padStart(12, "0")}`,
    event: "instance.status",
    instanceId: "ins_aaaaaaaaaaaa",
    status: "pending",
    attempts: 0,
    test: false,
    createdAt: at(created),
    updatedAt: at(created),
    ...extra,
  };
}
export const pages = (...lists: WebhookDeliveryList[]): DeliveryPages => ({ pages: lists, pageParams: lists.map((_, i) => (i === 0 ? null : `c${i}`)) });
export const ids = (data: DeliveryPages) => data.pages.map((p) => p.items.map((d) => d.id));
