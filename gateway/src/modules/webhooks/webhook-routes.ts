import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  CreateWebhookRequest,
  ListAllDeliveriesQuery,
  ListDeliveriesQuery,
  ListWebhooksQuery,
  RotateSecretRequest,
  RotateSecretResponse,
  TestWebhookRequest,
  TestWebhookResponse,
  UpdateWebhookRequest,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryIdParams,
  WebhookDeliveryList,
  WebhookEventTypeList,
  WebhookIdParams,
  WebhookList,
  WebhookWithSecret,
} from "../../../../contract/webhooks";
import { json, problem } from "../../plugins/openapi";

const TAGS = ["Webhooks"];
const operator = { auth: "operator" } as const;
const notFound = problem("No such webhook");
const noDelivery = problem("No such delivery");

/** Webhook endpoints, their deliveries, the test tool, replays and secret rotation. */
export default async function webhookRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { webhooks } = app;

  r.get(
    "/api/v1/webhooks",
    {
      config: operator,
      schema: {
        operationId: "listWebhooks",
        summary: "List webhook endpoints with their health (secrets and header values are never shown)",
        description: "Newest first, each with its health over the last 24 h. Signing secrets and custom header values are never shown again after they are saved. Filter by instance (endpoints bound to it, and global ones). Cursor paging.",
        tags: TAGS,
        querystring: ListWebhooksQuery,
        response: { 200: json("A page of endpoints", WebhookList) },
      },
    },
    async (request) => webhooks.endpoints.list(request.query),
  );

  r.post(
    "/api/v1/webhooks",
    {
      config: operator,
      schema: {
        operationId: "createWebhook",
        summary: "Create an endpoint; the response carries its signing secret (whsec_…) — the only time it is shown",
        description: "The URL must use http or https; deliveries never go to private, loopback or cloud-metadata addresses (checked again after DNS). The response carries the signing secret (`whsec_…`) — the only time it is shown; verify each delivery's signature with it.",
        tags: TAGS,
        body: CreateWebhookRequest,
        response: { 201: json("Created, with the secret", WebhookWithSecret) },
      },
    },
    async (request, reply) => reply.code(201).send(await webhooks.endpoints.create(request.body)),
  );

  r.get(
    "/api/v1/webhooks/event-types",
    {
      config: operator,
      schema: {
        operationId: "listWebhookEventTypes",
        summary: "Every event type with its group and a sample payload",
        description: "Every event type an endpoint can subscribe to, its group, and a sample payload exactly as it is delivered.",
        tags: TAGS,
        response: { 200: json("Event types", WebhookEventTypeList) },
      },
    },
    async () => webhooks.deliveries.eventTypes(),
  );

  r.get(
    "/api/v1/webhooks/deliveries",
    {
      config: operator,
      schema: {
        operationId: "listAllWebhookDeliveries",
        summary: "Deliveries across endpoints, newest first: filter by endpoint, instance, status, event and time; cursor paging",
        description: "Deliveries of every endpoint, newest first: filter by endpoint, instance, status, event type and time range. Cursor paging.",
        tags: TAGS,
        querystring: ListAllDeliveriesQuery,
        response: { 200: json("A page of deliveries", WebhookDeliveryList) },
      },
    },
    async (request) => webhooks.deliveries.list(request.query),
  );

  r.get(
    "/api/v1/webhooks/deliveries/:id",
    {
      config: operator,
      schema: {
        operationId: "getWebhookDelivery",
        summary: "One delivery with its body and every attempt (status, latency, response excerpt, request headers)",
        description: "The exact body sent and every attempt: when, to which URL, the status code or error, the latency, the response headers and first 1 KiB of its body, and the request headers (custom header values masked).",
        tags: TAGS,
        params: WebhookDeliveryIdParams,
        response: { 200: json("The delivery", WebhookDeliveryDetail), 404: noDelivery },
      },
    },
    async (request) => webhooks.deliveries.get(request.params.id),
  );

  r.post(
    "/api/v1/webhooks/deliveries/:id/replay",
    {
      config: operator,
      schema: {
        operationId: "replayWebhookDelivery",
        summary: "Send a delivery's event again (same body, same webhook-id) as a new delivery with a fresh retry schedule",
        description: "Sends the same body with the same webhook-id again, as a new delivery with its own retry schedule; the receiver can tell it is a duplicate by the id. 409 when the endpoint is disabled.",
        tags: TAGS,
        params: WebhookDeliveryIdParams,
        response: { 202: json("Queued", WebhookDelivery), 404: noDelivery, 409: problem("The endpoint is disabled") },
      },
    },
    async (request, reply) => reply.code(202).send(await webhooks.deliveries.replay(request.params.id)),
  );

  r.get(
    "/api/v1/webhooks/:id",
    {
      config: operator,
      schema: {
        operationId: "getWebhook",
        summary: "One endpoint with its health",
        description: "One endpoint with its events, instance binding, masked headers, secret hint and health over the last 24 h.",
        tags: TAGS,
        params: WebhookIdParams,
        response: { 200: json("The endpoint", Webhook), 404: notFound },
      },
    },
    async (request) => webhooks.endpoints.get(request.params.id),
  );

  r.patch(
    "/api/v1/webhooks/:id",
    {
      config: operator,
      schema: {
        operationId: "updateWebhook",
        summary: "Change URL, events, instance, headers (omit a value to keep it), description or enabled",
        description: "Change any of URL, events, instance binding, description, enabled and headers. `headers` replaces the list; a header sent without a value (or with the mask) keeps its saved value. Re-enabling clears the disabled reason.",
        tags: TAGS,
        params: WebhookIdParams,
        body: UpdateWebhookRequest,
        response: { 200: json("Updated", Webhook), 404: notFound },
      },
    },
    async (request) => webhooks.endpoints.update(request.params.id, request.body),
  );

  r.delete(
    "/api/v1/webhooks/:id",
    {
      config: operator,
      schema: {
        operationId: "deleteWebhook",
        summary: "Delete an endpoint and its delivery log",
        description: "Deletes the endpoint and its delivery log, pending deliveries included.",
        tags: TAGS,
        params: WebhookIdParams,
        response: { 204: z.undefined().describe("Deleted"), 404: notFound },
      },
    },
    async (request, reply) => {
      await webhooks.endpoints.remove(request.params.id);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/v1/webhooks/:id/test",
    {
      config: operator,
      schema: {
        operationId: "testWebhook",
        summary: "Send a signed sample of an event type now and return the receiver's answer (recorded as a test delivery)",
        description: "Signs a sample of the chosen event type with the endpoint's secret, POSTs it now and returns what the receiver answered. It is recorded in the delivery log as a test delivery and never retried.",
        tags: TAGS,
        params: WebhookIdParams,
        body: TestWebhookRequest,
        response: { 200: json("What the receiver answered (ok is false on any non-2xx or error)", TestWebhookResponse), 404: notFound },
      },
    },
    async (request) => webhooks.deliveries.test(request.params.id, request.body.event),
  );

  r.post(
    "/api/v1/webhooks/:id/rotate-secret",
    {
      config: operator,
      schema: {
        operationId: "rotateWebhookSecret",
        summary: "New signing secret, shown once; the old one keeps signing too for the grace period (default 24 h)",
        description: "Returns the new signing secret (shown once). For the grace period (`graceSeconds`, default 24 h) deliveries carry signatures from both secrets, so the receiver can switch without losing any.",
        tags: TAGS,
        params: WebhookIdParams,
        // Optional: Fastify hands a validator null when no body was sent.
        body: z.nullish(RotateSecretRequest),
        response: { 200: json("Rotated", RotateSecretResponse), 404: notFound },
      },
    },
    async (request) => webhooks.endpoints.rotateSecret(request.params.id, request.body?.graceSeconds ?? 24 * 3600),
  );

  r.get(
    "/api/v1/webhooks/:id/deliveries",
    {
      config: operator,
      schema: {
        operationId: "listWebhookDeliveries",
        summary: "An endpoint's deliveries, newest first: filter by status, event, instance and time; cursor paging",
        description: "One endpoint's deliveries, newest first: filter by status, event type, instance and time range. Cursor paging.",
        tags: TAGS,
        params: WebhookIdParams,
        querystring: ListDeliveriesQuery,
        response: { 200: json("A page of deliveries", WebhookDeliveryList), 404: notFound },
      },
    },
    async (request) => webhooks.deliveries.list({ ...request.query, webhookId: request.params.id }),
  );
}
