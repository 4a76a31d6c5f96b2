import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from "fastify";
import { validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { InstanceIdParams } from "../../../../contract/instances";
import {
  EditMessageRequest,
  IdempotencyHeaders,
  Message,
  MessageIdParams,
  SendMediaUploadRequest,
  SendMessageRequest,
  SendMessageResponse,
  type SendMessage,
} from "../../../../contract/messages";
import { SendQueueInfo, UpdateSendQueueRequest } from "../../../../contract/send-queue";
import { DomainError, invalidInput } from "../../domain-error";
import { json, problem } from "../../plugins/openapi";
import type { MediaUploads } from "./media-uploads";

const TAGS = ["Messages"];
const notFound = problem("No such instance, or no such message sent by it");
const conflict = problem("Not possible in the message's or the instance's current state");
const MULTIPART = "multipart/form-data";

/** The gateway's validation, except for a multipart form: the handler checks that with the same schemas as it reads it. */
export const exceptForms: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === "body" && route.contentType === MULTIPART ? () => ({ value: undefined }) : validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);

/** Who holds an idempotency key: the API key, or the operator account. */
function callerOf(request: FastifyRequest): string {
  if (request.apiKey) return `key:${request.apiKey.keyId}`;
  if (request.session) return `operator:${request.session.operator.id}`;
  throw new DomainError("unauthenticated", "Sign in, or send a credential as Authorization: Bearer <token>.");
}

/** Outbound messages: send (queued and paced), read the status, edit, delete for everyone; the send queue's rate. */
export default async function messageRoutes(app: FastifyInstance, { uploads }: { uploads: MediaUploads }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { messages } = app;

  // The send route alone takes multipart/form-data. The parser only marks the request; the handler reads the form as
  // it streams in, so the cluster's preHandler can still pass the raw body on to the instance's node untouched.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: uploads.formLimits, throwFileSizeLimit: false });
    scope.withTypeProvider<ZodTypeProvider>().post(
      "/api/v1/instances/:id/messages",
      {
        config: { auth: "instance", instanceAction: true },
        schema: {
          operationId: "sendMessage",
          summary: "Send a message: text, image, video, audio, document, sticker, location, contact, poll or reaction",
          description: [
            "Queues one message and answers at once with its id: `202 {id, status: \"pending\"}`. `type` picks the kind (a body without `type` is a text, as in the first version of this API); `replyTo` quotes an earlier message.",
            "Messages leave at the instance's send rate (default 1 per second, with a little jitter; see `GET …/send-queue`) from a durable queue that survives a gateway restart; only when the queue holds more than its cap is a send refused, with `429` and `Retry-After`. 409 unless the instance is CONNECTED when asked (once accepted, a message waits through reconnects).",
            "Media are fetched from `url` when their turn comes, from public addresses only (a URL whose host is a private, loopback or link-local address is a 400 at once; a name that resolves to one fails the message later), with their content type checked and size caps (16 MiB images and stickers, 64 MiB video and audio, 100 MiB documents by default). A message that cannot be sent becomes `failed` with the reason, announced as a `message.status` webhook.",
            "Or upload the file instead: send the same fields as `multipart/form-data` with the file as a part named `file` (and no `url`), e.g. `curl -F type=image -F to=4915123456789 -F file=@photo.jpg`. `mentions` is one field per entry, `voiceNote` is `true` or `false`, a document's `fileName` defaults to the file's name. The file's content type is checked as a URL's is (400), and a file over its kind's cap is refused with 413 as it arrives; either way nothing is queued. The gateway keeps the file until the message is sent or has failed.",
            "`Idempotency-Key`: repeating a send with the same key (from the same credential, for the same instance) within 24 h returns the first answer (with `Idempotent-Replayed: true`) and sends nothing; the same key with a different body (for an upload: other fields or another file) is a `422`.",
          ].join("\n\n"),
          tags: TAGS,
          params: InstanceIdParams,
          headers: IdempotencyHeaders,
          body: { content: { "application/json": { schema: SendMessageRequest }, [MULTIPART]: { schema: SendMediaUploadRequest } } },
          response: {
            202: json("Queued; the message id to follow it by", SendMessageResponse),
            404: notFound,
            409: conflict,
            413: problem("An uploaded file is larger than its kind's cap (MEDIA_MAX_*_MIB), or a JSON body larger than 1 MiB"),
            422: problem("The Idempotency-Key was already used with a different body"),
            429: problem("The instance's send queue is full; try again after Retry-After seconds"),
          },
        },
        validatorCompiler: exceptForms,
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const key = request.headers["idempotency-key"];
        // Each content type's schema is checked only when the request has that type: without one, nothing was.
        if (!request.isMultipart() && request.body === undefined) throw invalidInput("body", "a message is required: a JSON object (Content-Type: application/json) or a multipart/form-data upload");
        const sent = request.isMultipart()
          ? messages.sendUpload(request.params.id, request.parts(), caller, key).catch((error: unknown) => {
              // Refused before the whole form was read: close the connection rather than read the rest of the file.
              if (!request.raw.readableEnded) void reply.header("connection", "close");
              throw error;
            })
          : messages.send(request.params.id, request.body as SendMessage, caller, key);
        const { response, replayed } = await sent;
        if (replayed) void reply.header("idempotent-replayed", "true");
        return reply.code(202).send(response);
      },
    );
  });

  r.get(
    "/api/v1/instances/:id/messages/:messageId",
    {
      config: { auth: "instance" },
      schema: {
        operationId: "getMessage",
        summary: "An outbound message's status: pending, server_ack, delivered, read, played or failed (with the reason)",
        description: "Where a message sent through this API is: `pending` while it waits in the queue or is on its way (`sentAt` says when it left), then `server_ack`, `delivered`, `read` and `played` (voice notes) as WhatsApp reports them, or `failed` with `failureReason`.",
        tags: TAGS,
        params: MessageIdParams,
        response: { 200: json("The message", Message), 404: notFound },
      },
    },
    async (request) => messages.get(request.params.id, request.params.messageId),
  );

  r.patch(
    "/api/v1/instances/:id/messages/:messageId",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "editMessage",
        summary: "Edit the text of a text message sent earlier",
        description: "Replaces the text of a text message this instance sent. 409 for other kinds, for a message still waiting in the queue, a failed one, or one deleted for everyone. WhatsApp itself only accepts edits within about 15 minutes of sending.",
        tags: TAGS,
        params: MessageIdParams,
        body: EditMessageRequest,
        response: { 200: json("Edited", Message), 404: notFound, 409: conflict },
      },
    },
    async (request) => messages.edit(request.params.id, request.params.messageId, request.body.text),
  );

  r.delete(
    "/api/v1/instances/:id/messages/:messageId",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "revokeMessage",
        summary: "Delete a message sent earlier for everyone",
        description: "Deletes (revokes) a message this instance sent, for everyone in the chat; the message record stays, with `revokedAt`. 409 for a message still waiting in the queue or a failed one.",
        tags: TAGS,
        params: MessageIdParams,
        response: { 200: json("Deleted for everyone", Message), 404: notFound, 409: conflict },
      },
    },
    async (request) => messages.revoke(request.params.id, request.params.messageId),
  );

  r.get(
    "/api/v1/instances/:id/send-queue",
    {
      config: { auth: "instance" },
      schema: {
        operationId: "getSendQueue",
        summary: "The instance's send queue: its rate, burst and how many messages wait",
        description: "How fast this instance's messages leave (its own rate or the gateway default, MESSAGE_RATE_PER_SECOND) and how many wait; above `queueMax` waiting, sends get 429.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The send queue", SendQueueInfo), 404: notFound },
      },
    },
    async (request) => messages.queueInfo(request.params.id),
  );

  r.patch(
    "/api/v1/instances/:id/send-queue",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "updateSendQueue",
        summary: "Set the instance's own send rate (or go back to the gateway default)",
        description: "Messages per second for this instance's queue; `null` returns to the gateway default. Takes effect with the next message.",
        tags: TAGS,
        params: InstanceIdParams,
        body: UpdateSendQueueRequest,
        response: { 200: json("The send queue", SendQueueInfo), 404: notFound },
      },
    },
    async (request) => messages.setRate(request.params.id, request.body.ratePerSecond),
  );
}
