import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { jsonSchemaTransform, jsonSchemaTransformObject, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { OpenAPIV3_1 } from "openapi-types";
import { z } from "zod";
import { ERROR_EXAMPLES, OPENAPI_EXAMPLES } from "../../../contract/examples";
import { ErrorBody } from "../../../contract/errors";
import { WEBHOOK_EVENT_SAMPLES, WEBHOOK_EVENT_TYPES, webhookEventSchemaName, type WebhookEventType } from "../../../contract/webhooks";
import { GATEWAY_VERSION } from "../version";
import type { RouteAuth } from "./auth";

const CREDENTIALS: Record<Exclude<RouteAuth, "public">, string> = {
  session: "An operator session (sign in first); API keys are refused",
  operator: "An operator session or an admin API key",
  instance: "An operator session, an admin API key, or an instance token for this instance",
  credential: "Any valid credential: an operator session, an admin API key or an instance token",
  metrics: "METRICS_TOKEN, or an API key of scope metrics (operator sessions and other keys are refused)",
};

type OpenApiDocument = OpenAPIV3_1.Document;
type Response = OpenAPIV3_1.ResponseObject;
type Media = OpenAPIV3_1.MediaTypeObject;

const REF = /"#\/components\/schemas\/([A-Za-z0-9_]+)"/g;
const ERROR_REF = "#/components/schemas/Error";

/** Every tag an operation may use, with what it groups; tags no operation uses are left out of the document. */
const TAGS: OpenAPIV3_1.TagObject[] = [
  { name: "Instances", description: "WhatsApp numbers: create, link by QR code or pairing code, start, restart, log out, reset, rename, delete; status and its history." },
  { name: "Messages", description: "Send every kind of message through a connected instance from a durable, paced queue; read its status, edit or delete it for everyone; mark received messages as read; download received files. Delivery and read receipts follow as `message.status` webhooks." },
  { name: "Contacts", description: "Which numbers have WhatsApp, and the account's presence (typing, recording, online)." },
  { name: "Profile", description: "The linked account's own WhatsApp profile: display name, about text, profile picture (uploaded, cropped to a square by the gateway), and its privacy settings." },
  { name: "Groups", description: "The groups the instance's account is in, with their participants and admin flags." },
  { name: "Webhooks", description: "Endpoints that receive signed event deliveries (Standard Webhooks): create and edit them, read the delivery log, replay a delivery, send a test, rotate the signing secret." },
  { name: "Webhook events", description: "What the gateway POSTs to your webhook endpoints: one entry per event type in `webhooks`, with its payload and a sample." },
  { name: "Alerts", description: "Rules that watch instances, webhook endpoints and gateway nodes; the channels their notices go to (e-mail, Slack, Discord, Telegram, a signed webhook) with a test button; the history, and acknowledging." },
  { name: "Proxies", description: "Proxies for the instances' WhatsApp sockets and media: a pool of named proxies with caps and health checks, a test that connects through any proxy, and each instance's proxy (set one by one, in bulk, or at creation). Passwords are stored encrypted and never returned." },
  { name: "Templates", description: "Settings templates: named sets of instance settings, a proxy policy and webhook subscriptions, applied to every new instance (the default, or the one named at creation) or to many instances at once with one result each." },
  { name: "API keys", description: "Admin API keys and instance tokens for integrations. Only hashes are stored; a key is shown once, when it is created." },
  { name: "Auth", description: "Operator sign-in and sessions, the live socket's tickets, and who a credential is (whoami)." },
  { name: "Logs", description: "The gateway's structured log: filter, page, count per level and export." },
  { name: "System", description: "Health for load balancers, Prometheus metrics, and this document." },
  { name: "Sandbox", description: "Only with `WA_ENGINE=sandbox`: simulate what a phone would do (scan the QR, drop the connection) and what its contacts do (write, send files, react, delete, call, change groups, type)." },
];

/** The common error responses (components.responses), by status: the one error shape with an example. */
const ERROR_RESPONSES: Record<keyof typeof ERROR_EXAMPLES, { name: string; description: string }> = {
  400: { name: "BadRequest", description: "The request is not valid (a parameter, the query or the body); `error.details.issues` names each field" },
  401: { name: "Unauthorized", description: "No credential, or one that is not valid: an ended session, a revoked or expired key" },
  403: { name: "Forbidden", description: "The credential is valid but may not do this: an API key on an operator-only route, an instance token on another instance, or a missing permission" },
  404: { name: "NotFound", description: "Nothing with that id" },
  409: { name: "Conflict", description: "Not possible in the current state" },
  413: { name: "PayloadTooLarge", description: "The body is larger than the operation allows: 1 MiB unless its description names another limit" },
  414: { name: "UriTooLong", description: "A path segment is longer than 512 characters" },
  429: { name: "TooManyRequests", description: "Too many attempts; try again after the Retry-After seconds" },
  503: { name: "Unavailable", description: "The gateway is shutting down; try again shortly" },
};

const RETRY_AFTER: OpenAPIV3_1.HeaderObject = {
  description: "Seconds to wait before trying again",
  schema: { type: "integer", minimum: 0 },
  example: 30,
};

/** Examples of operations whose schemas are inline rather than named components. */
const INLINE_EXAMPLES: Record<string, Record<string, unknown>> = {
  getOpenApi: { "application/json": { openapi: "3.1.0", info: { title: "WhatsApp API Manager gateway", version: GATEWAY_VERSION }, paths: {} } },
  sandboxInbound: { "application/json": { messageId: "3EB0C0FFEE0000000003" } },
  getReceivedMedia: { "application/octet-stream": "(the file's bytes)" },
  getProfilePicture: { "image/jpeg": "(the picture's bytes)" },
  getMetrics: {
    "text/plain": [
      "# HELP wam_instances Instances by status: those this node runs, or would (cluster mode: sum over nodes for the whole cluster)",
      "# TYPE wam_instances gauge",
      'wam_instances{status="CONNECTED"} 42',
      'wam_instances{status="QR_REQUIRED"} 3',
      "",
    ].join("\n"),
  },
  exportLogs: {
    "application/x-ndjson": `${JSON.stringify(OPENAPI_EXAMPLES.LogList.items[0])}\n`,
    "text/csv": `time,level,source,instanceId,message,context,id\r\n2026-01-15T10:30:00.000Z,info,engine,ins_3kq9x2m1v8r4,Connected as +4915123456789,"{""status"":""CONNECTED""}",log_01jh8x2k9m4n\r\n`,
  },
};

const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  "instance.status": "The instance's status changed (INIT, QR_REQUIRED, CONNECTED, RECONNECTING, DISCONNECTED, ERROR), with WhatsApp's reason code when there is one. `seq` grows with every change.",
  "instance.qr": "A new QR code to scan. Each one expires at `expiresAt`; after `maxAttempts` the instance stops asking (DISCONNECTED).",
  "message.received":
    "A message arrived at the instance's number: its kind (`type`), the chat and, in groups, the participant who wrote it, the text or caption, the message it replies to and who it mentions. For a file: its MIME type, size and a `mediaId` to download it with (GET /api/v1/instances/{id}/media/{mediaId}) until `expiresAt`.",
  "message.sent": "The instance sent a message: through this API or from the phone itself.",
  "message.status": "A sent message's delivery status changed: server_ack, delivered, read or played; or failed (with the reason) when it could not be sent.",
  "message.reaction": "Someone reacted to a message; an empty `emoji` means the reaction was removed.",
  "message.deleted": "A message was deleted for everyone.",
  "call.received": "A call to the instance's number, as it goes: offer, ringing, accept, reject, timeout, terminate. With the instance's `rejectCalls` setting on, the offer says `rejected: true`: the gateway declined it.",
  "group.participants": "Members of a group were added, removed, promoted or demoted.",
  "presence.update": "A contact's presence changed: available, unavailable, composing (typing), recording or paused.",
};

/** A route's own 404 or 409 shows a message of its kind (the common examples name an instance and a send). */
const NOT_FOUND_BY_PATH: Array<[string, string]> = [
  ["/api/v1/instances/{id}/media/", "No received file med_7Yq2mVx9LkP3sT8wZ1bN4cRf for instance ins_3kq9x2m1v8r4"],
  ["/api/v1/webhooks/deliveries/", "No webhook delivery whd_7hj2k9d0s1a3"],
  ["/api/v1/webhooks/", "No webhook whk_3kq9x2m1v8r4"],
  ["/api/v1/api-keys/", "No API key key_8fj2k4l9m0q1"],
  ["/api/v1/alerts/rules/", "No alert rule alr_5tq8w1n3k7p2"],
  ["/api/v1/alerts/channels/", "No alert channel alc_2mv7x9q4r1s8"],
  ["/api/v1/alerts/history/", "No alert alt_9fk3j6d2h8l1"],
  ["/api/v1/proxies/", "No proxy prx_7Hk2mQ9xL4pR"],
  ["/api/v1/templates/", "No template tpl_4Hq8mZ2xK7pW"],
  ["/metrics", "No route GET /metrics"],
];
const CONFLICT_BY_OPERATION: Record<string, string> = {
  connectInstance: "The instance is already running (CONNECTED); use restart to start over.",
  logoutInstance: "Only a connected instance can log out; this one is QR_REQUIRED. Use reset to forget the device instead.",
  getInstanceQr: "No QR to show: the instance is CONNECTED.",
  requestPairingCode: "A pairing code can only be requested while the instance waits for a QR scan; it is CONNECTED.",
  acknowledgeAlert: "The alert is resolved already; there is nothing to acknowledge.",
  createProxy: 'A proxy named "Frankfurt 1" already exists (prx_7Hk2mQ9xL4pR): choose another name',
  updateProxy: 'A proxy named "Frankfurt 1" already exists (prx_7Hk2mQ9xL4pR): choose another name',
  deleteProxy: "3 instances use this proxy: assign them another proxy (or none) first, e.g. POST /api/v1/proxies/assign",
  setInstanceProxy: 'Proxy "Frankfurt 1" has no room: 10 of 10 instances use it',
  createTemplate: 'A template named "Support desks" already exists (tpl_4Hq8mZ2xK7pW): choose another name',
  updateTemplate: 'A template named "Support desks" already exists (tpl_4Hq8mZ2xK7pW): choose another name',
  replayWebhookDelivery: "The endpoint is disabled; enable it before replaying deliveries to it.",
  sandboxScan: "Nothing to scan: the simulated session is open, not waiting for a QR scan.",
  sandboxDisconnect: "The simulated session is already closed.",
  sandboxInbound: "Inbound messages need a connected session; it is closed.",
  sandboxReaction: "Reactions need a connected session; it is closed.",
  sandboxRevoke: "Deletions need a connected session; it is closed.",
  sandboxCall: "Calls need a connected session; it is closed.",
  sandboxGroupParticipants: "Group changes need a connected session; it is closed.",
  sandboxPresence: "Presence updates need a connected session; it is closed.",
};

function errorExample(status: keyof typeof ERROR_EXAMPLES, path: string, operationId = ""): ErrorBody {
  const message = status === 404 ? NOT_FOUND_BY_PATH.find(([prefix]) => path.startsWith(prefix))?.[1] : status === 409 ? CONFLICT_BY_OPERATION[operationId] : undefined;
  const example = ERROR_EXAMPLES[status];
  return message ? { error: { ...example.error, message } } : example;
}

const componentName = (schema: unknown) => {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === "string" && ref.startsWith("#/components/schemas/") ? ref.slice(21).replace(/Input$/, "") : undefined;
};

/** The example of a request body or response whose schema is a named component (see contract/examples.ts). */
const exampleOf = (schema: unknown): unknown => (OPENAPI_EXAMPLES as Record<string, unknown>)[componentName(schema) ?? ""];

/**
 * Everything a client generator, linter or docs page expects that the routes do not state one by one, added in one
 * place: every 4xx a route can answer with, in the one error shape (400 everywhere; 401 and 403 where a credential is
 * needed; 404 and 414 where the path names something; 413 where a body is taken; 503 while the gateway shuts down;
 * a route's own description for a status wins), Retry-After on 429 and on a route's own 503, an example for every
 * request body and response, optional bodies marked as such, the tags in use, and the `webhooks` section.
 */
function completeDocument(doc: OpenApiDocument): OpenApiDocument {
  const responses: Record<string, Response> = {};
  const common = (status: keyof typeof ERROR_RESPONSES): OpenAPIV3_1.ReferenceObject => {
    const { name, description } = ERROR_RESPONSES[status];
    responses[name] ??= { description, content: { "application/json": { schema: { $ref: ERROR_REF }, example: ERROR_EXAMPLES[status] } } };
    return { $ref: `#/components/responses/${name}` };
  };
  const used = new Set<string>();

  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "put", "post", "delete", "patch"] as const) {
      const op = item?.[method];
      if (!op) continue;
      for (const tag of op.tags ?? []) used.add(tag);
      const secured = !(Array.isArray(op.security) && op.security.length === 0);
      const body = op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      const wanted: Array<keyof typeof ERROR_RESPONSES> = [400];
      if (secured) wanted.push(401, 403);
      if (path.includes("{")) wanted.push(404, 414);
      if (body) wanted.push(413);
      wanted.push(503);
      const declared = (op.responses ??= {}) as Record<string, Response | OpenAPIV3_1.ReferenceObject>;
      for (const status of wanted) declared[status] ??= common(status);

      for (const [status, response] of Object.entries(declared)) {
        if ("$ref" in response) continue;
        const code = Number(status);
        for (const [type, media] of Object.entries(response.content ?? {}) as Array<[string, Media]>) {
          const isError = (media.schema as { $ref?: string } | undefined)?.$ref === ERROR_REF;
          if (isError && code in ERROR_EXAMPLES) media.example ??= errorExample(code as keyof typeof ERROR_EXAMPLES, path, op.operationId);
          else if (code < 300) media.example ??= exampleOf(media.schema) ?? INLINE_EXAMPLES[op.operationId ?? ""]?.[type];
          if (isError && (code === 429 || code === 503)) response.headers = { "Retry-After": { $ref: "#/components/headers/RetryAfter" } };
        }
      }

      if (body) {
        for (const media of Object.values(body.content ?? {})) {
          // `X.nullish()`: the body may be left out (Fastify hands the validator null); say so, and describe X alone.
          const anyOf = (media.schema as { anyOf?: unknown[] } | undefined)?.anyOf;
          const object = anyOf?.length === 2 && anyOf.some((s) => (s as { type?: unknown }).type === "null") ? anyOf.find((s) => (s as { type?: unknown }).type !== "null") : undefined;
          if (object) {
            body.required = false;
            media.schema = object as OpenAPIV3_1.SchemaObject;
          }
          media.example ??= exampleOf(media.schema);
        }
      }
    }
  }

  used.add("Webhook events");
  return {
    ...doc,
    tags: TAGS.filter((t) => used.has(t.name)),
    webhooks: webhookEvents(),
    components: {
      ...doc.components,
      responses: { ...doc.components?.responses, ...responses },
      headers: { ...doc.components?.headers, RetryAfter: RETRY_AFTER },
    },
  };
}

/** OAS 3.1 `webhooks`: what the gateway POSTs to an endpoint for each event type, signed per Standard Webhooks. */
function webhookEvents(): Record<string, OpenAPIV3_1.PathItemObject> {
  const header = (name: string, description: string, example: string): OpenAPIV3_1.ParameterObject => ({ name, in: "header", required: true, description, schema: { type: "string" }, example });
  const sample = (type: WebhookEventType) => WEBHOOK_EVENT_SAMPLES[type];
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type): [string, OpenAPIV3_1.PathItemObject] => [
      type,
      {
        post: {
          operationId: `${webhookEventSchemaName(type).replace(/^./, (c) => c.toLowerCase())}Webhook`,
          summary: `${type}: ${WEBHOOK_EVENT_DESCRIPTIONS[type].split(/[.:;]/)[0]}`,
          description:
            `${WEBHOOK_EVENT_DESCRIPTIONS[type]}\n\nSent to every enabled endpoint subscribed to \`${type}\` (bound to this instance, or global). ` +
            "Verify the signature over `${webhook-id}.${webhook-timestamp}.${body}` with the endpoint's secret before trusting the body. " +
            "Any 2xx answer within the timeout counts as delivered; anything else is retried (10 attempts over about 3 days), and the same `webhook-id` comes with every attempt, so use it to drop duplicates.",
          tags: ["Webhook events"],
          security: [],
          parameters: [
            header("webhook-id", "The event id: the same on every attempt and replay", sample(type).id),
            header("webhook-timestamp", "Unix seconds when this attempt was signed; refuse old ones to stop replays", "1768473000"),
            header("webhook-signature", "`v1,<base64 HMAC-SHA256>`, space-separated when two secrets sign during a rotation", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="),
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: `#/components/schemas/${webhookEventSchemaName(type)}` }, example: sample(type) } },
          },
          responses: {
            "200": { description: "Any 2xx: delivered. The body is not read beyond its first 1 KiB, kept in the delivery log" },
            "410": { description: "Gone: the gateway disables the endpoint and sends it nothing more" },
            "429": { description: "Retried, no sooner than Retry-After asks (at most 24 h)", headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } } },
            "503": { description: "Retried, no sooner than Retry-After asks (at most 24 h)", headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } } },
          },
        },
      },
    ]),
  );
}

/**
 * fastify-type-provider-zod emits every registered schema twice: `X` as the server sends it (output) and `XInput`
 * as it accepts it (input). Keep what the document uses, and where only one of the two is used, its plain name,
 * so a generated client gets one type per shape (`LoginRequest`, not `LoginRequestInput`).
 */
function tidyComponents(doc: OpenApiDocument): OpenApiDocument {
  const schemas: Record<string, unknown> = doc.components?.schemas ?? {};
  const { components, ...rest } = doc;
  const used = new Set<string>();
  const visit = (value: unknown) => {
    for (const [, name] of JSON.stringify(value).matchAll(REF)) {
      if (name && !used.has(name)) {
        used.add(name);
        visit(schemas[name]);
      }
    }
  };
  visit({ ...rest, components: { ...components, schemas: {} } });
  const same = (n: string) => JSON.stringify(schemas[n]) === JSON.stringify(schemas[n.slice(0, -5)]);
  const rename = new Map([...used].filter((n) => n.endsWith("Input") && (!used.has(n.slice(0, -5)) || same(n))).map((n) => [n, n.slice(0, -5)]));
  const kept = Object.fromEntries([...used].sort().filter((n) => !(rename.has(n) && used.has(rename.get(n)!))).map((n) => [rename.get(n) ?? n, schemas[n]]));
  const text = JSON.stringify({ ...rest, components: { ...components, schemas: kept } }).replace(REF, (ref, name: string) => (rename.has(name) ? `"#/components/schemas/${rename.get(name)}"` : ref));
  return JSON.parse(text) as OpenApiDocument;
}

/**
 * jsonSchemaTransform, also for a body with a schema per content type (`body: { content: { [type]: { schema } } }`,
 * Fastify's own form, e.g. JSON or a multipart form on one route), which it does not know.
 */
const transformRoute: typeof jsonSchemaTransform = (input) => {
  const content = (input.schema?.body as { content?: Record<string, { schema: unknown }> } | undefined)?.content;
  if (!content) return jsonSchemaTransform(input);
  const out = jsonSchemaTransform({ ...input, schema: { ...input.schema, body: undefined } });
  const bodies = Object.entries(content).map(([type, { schema }]) => [type, { schema: jsonSchemaTransform({ ...input, schema: { body: schema } }).schema.body }]);
  return { ...out, schema: { ...out.schema, body: { content: Object.fromEntries(bodies) } } };
};

/** A JSON response with its description, keeping the schema's component reference in the document. */
export function json<T extends z.core.$ZodType>(description: string, schema: T) {
  return { description, content: { "application/json": { schema } } };
}

/** An error response in the one error shape, for statuses a route returns beyond the common ones. */
export function problem(description: string) {
  return json(description, ErrorBody);
}

/**
 * The OpenAPI 3.1 document at GET /openapi.json, made by @fastify/swagger from the routes' zod schemas (the
 * contract), and Swagger UI at /docs from its npm package (no CDN, a strict CSP).
 */
async function openapi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "WhatsApp API Manager gateway",
        version: GATEWAY_VERSION,
        description: [
          "HTTP API of the WhatsApp gateway. Credentials travel only as `Authorization: Bearer <token>`: an operator session, an admin API key, or an instance token (`x-credentials` on each operation says which it takes; `GET /api/v1/auth/whoami` tells a credential who it is).",
          "Every error has one shape, `{ \"error\": { \"code\", \"message\", \"details\"? } }`; a 400 names each field in `details.issues`, and 429 and busy 503 answers say when to come back in `Retry-After`.",
          "Lists are newest first and cursor-paged: pass a page's `nextCursor` back as `cursor` (with the same filters) until it is null.",
          "Events reach your own endpoints as signed webhooks (`webhooks` below).",
        ].join("\n\n"),
        // package.json: private, no licence granted (npm's UNLICENSED); an SPDX LicenseRef names such a licence.
        license: { name: "UNLICENSED: private, no licence is granted", identifier: "LicenseRef-UNLICENSED" },
      },
      servers: [{ url: "/", description: "This gateway (the address this document was fetched from)" }],
      security: [{ bearerAuth: [] }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: "http",
            scheme: "bearer",
            description: "An operator session token (POST /api/v1/auth/login), an admin API key, or an instance token (`wam_…`); for GET /metrics, METRICS_TOKEN or a metrics key. Never put it in a URL.",
          },
        },
      },
    },
    transform: (input) => {
      const out = transformRoute(input);
      const { auth, permission } = input.route.config ?? {};
      const extra = auth === "public" ? { security: [] } : auth ? { "x-credentials": permission ? `${CREDENTIALS[auth]} created with the ${permission} permission` : CREDENTIALS[auth] } : {};
      return { ...out, schema: { ...out.schema, ...extra } };
    },
    transformObject: (input) => tidyComponents(completeDocument(jsonSchemaTransformObject(input) as OpenApiDocument)),
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    staticCSP: true,
    uiConfig: { deepLinking: true, persistAuthorization: false, tryItOutEnabled: false },
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    "/openapi.json",
    {
      config: { auth: "public" },
      schema: {
        operationId: "getOpenApi",
        summary: "This API as an OpenAPI 3.1 document",
        description: "This document: OpenAPI 3.1, made from the same schemas the gateway validates requests and responses with. Feed it to a client generator, a linter or a mock server.",
        tags: ["System"],
        response: { 200: z.record(z.string(), z.unknown()).describe("OpenAPI 3.1 document") },
      },
    },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
}

export default fp(openapi, { name: "openapi" });
