import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/shared/lib/toast";
import type { CreateWebhookRequest, UpdateWebhookRequest, Webhook, WebhookEventType } from "@/contract/webhooks";
import { bffRequest } from "@/shared/lib/api-client";
import { storeDelivery, storeWebhook } from "./cache-writes";
import { webhookKeys } from "./query-keys";

const path = (id: string, suffix = "") => `/bff/api/v1/webhooks/${encodeURIComponent(id)}${suffix}`;

/** Create an endpoint; the response carries the secret, shown once by the caller. Errors are shown by the form. */
export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookRequest) => bffRequest(`/bff/api/v1/webhooks`, { method: "POST", body, schema: (c) => c.WebhookWithSecret }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.lists() });
      toast.success("Endpoint created", { description: "Copy its signing secret now: it is shown only once." });
    },
  });
}

/** Save the edit form; errors are shown by the form. */
export function useUpdateWebhook(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWebhookRequest) => bffRequest(path(id), { method: "PATCH", body, schema: (c) => c.Webhook }),
    onSuccess: (webhook) => {
      storeWebhook(queryClient, webhook);
      // The scope may have changed, and with it which instance's lists show the endpoint.
      void queryClient.invalidateQueries({ queryKey: webhookKeys.lists() });
      toast.success("Endpoint saved");
    },
  });
}

export function useSetWebhookEnabled(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) => bffRequest(path(id), { method: "PATCH", body: { enabled }, schema: (c) => c.Webhook }),
    onSuccess: (webhook) => {
      storeWebhook(queryClient, webhook);
      // Held deliveries are queued again (or held): their rows change state.
      void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries() });
      toast.success(webhook.enabled ? "Endpoint enabled" : "Endpoint disabled", {
        description: webhook.enabled ? "Held deliveries are sent again." : "New events are not delivered; queued deliveries are held until you enable it.",
      });
    },
    onError: (error) => toast.error("Could not change the endpoint", { description: error.message }),
  });
}

export function useDeleteWebhook(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => bffRequest<void>(path(id), { method: "DELETE" }),
    onSuccess: () => {
      queryClient.setQueriesData<Webhook[]>({ queryKey: webhookKeys.lists() }, (list) => list?.filter((w) => w.id !== id));
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
      toast.success("Endpoint deleted", { description: "Its delivery log is gone too." });
    },
    onError: (error) => toast.error("Could not delete the endpoint", { description: error.message }),
  });
}

export function useRotateSecret(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (graceSeconds: number) => bffRequest(path(id, "/rotate-secret"), { method: "POST", body: { graceSeconds }, schema: (c) => c.RotateSecretResponse }),
    onSuccess: ({ webhook }) => {
      storeWebhook(queryClient, webhook);
      toast.success("Secret rotated", { description: "Copy the new secret now: it is shown only once." });
    },
    onError: (error) => toast.error("Could not rotate the secret", { description: error.message }),
  });
}

/** Sends a signed sample now; the receiver's answer (or the error) comes back in the result. */
export function useTestWebhook(id: string) {
  return useMutation({
    mutationFn: (event: WebhookEventType) => bffRequest(path(id, "/test"), { method: "POST", body: { event }, schema: (c) => c.TestWebhookResponse }),
    onSuccess: (result) =>
      result.ok
        ? toast.success(`Test delivered: HTTP ${result.statusCode} in ${result.latencyMs} ms`)
        : toast.error("The test delivery failed", { description: result.error ?? `HTTP ${result.statusCode}` }),
    onError: (error) => toast.error("Could not send the test", { description: error.message }),
  });
}

/** Sends a delivery's event again (same body, same webhook-id) as a new delivery. */
export function useReplayDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => bffRequest(`/bff/api/v1/webhooks/deliveries/${encodeURIComponent(deliveryId)}/replay`, { method: "POST", schema: (c) => c.WebhookDelivery }),
    onSuccess: (delivery) => {
      storeDelivery(queryClient, delivery);
      toast.success("Replay queued", { description: `Same webhook-id ${delivery.eventId}, sent as a new delivery.` });
    },
    onError: (error) => toast.error("Could not replay the delivery", { description: error.message }),
  });
}
