import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { InstanceIdParams } from "../../../../contract/instances";
import {
  SandboxCallRequest,
  SandboxCallResponse,
  SandboxGroupParticipantsRequest,
  SandboxPresenceRequest,
  SandboxReactionRequest,
  SandboxRevokeRequest,
} from "../../../../contract/sandbox";
import type { SandboxEngine } from "../../engines/sandbox/sandbox-engine";
import { json, problem } from "../../plugins/openapi";

const TAGS = ["Sandbox"];
const responses = { 404: problem("No such instance"), 409: problem("The simulated phone cannot do that now") };
const route = { auth: "instance", instanceAction: true } as const;

/** Sandbox-only: what the simulated contacts do besides writing (reactions, deletions, calls, group changes, presence). */
export default async function contactRoutes(app: FastifyInstance, { phone }: { phone: (id: string) => Promise<ReturnType<SandboxEngine["phone"]>> }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const simulate = (what: string, event: string) =>
    `Only with WA_ENGINE=sandbox. ${what}, as a real contact's phone would: it goes out as a \`${event}\` webhook. 409 unless connected.`;

  r.post(
    "/api/v1/sandbox/instances/:id/reaction",
    {
      config: route,
      schema: {
        operationId: "sandboxReaction",
        summary: "Sandbox: a contact reacts to a message",
        description: simulate("A contact (in `group`, if given) reacts to a message with an emoji, or takes a reaction back with an empty one", "message.reaction"),
        tags: TAGS,
        params: InstanceIdParams,
        body: SandboxReactionRequest,
        response: { 204: z.undefined().describe("Reacted"), ...responses },
      },
    },
    async (request, reply) => {
      (await phone(request.params.id)).react(request.body);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/v1/sandbox/instances/:id/revoke",
    {
      config: route,
      schema: {
        operationId: "sandboxRevoke",
        summary: "Sandbox: a contact deletes a message for everyone",
        description: simulate("A contact (in `group`, if given) deletes one of their messages for everyone", "message.deleted"),
        tags: TAGS,
        params: InstanceIdParams,
        body: SandboxRevokeRequest,
        response: { 204: z.undefined().describe("Deleted"), ...responses },
      },
    },
    async (request, reply) => {
      (await phone(request.params.id)).contactRevoke(request.body);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/v1/sandbox/instances/:id/call",
    {
      config: route,
      schema: {
        operationId: "sandboxCall",
        summary: "Sandbox: a contact calls the instance's number",
        description:
          simulate("A contact calls (voice, or video with `isVideo`); `status` moves an existing call on (ringing, timeout, reject, accept, terminate)", "call.received") +
          " With the instance's `rejectCalls` setting on, a new call (`offer`) is rejected at once (`rejected: true` here and in the webhook) and `rejectCallMessage`, if set, is sent to the caller (`replyMessageId`; GET …/received lists it).",
        tags: TAGS,
        params: InstanceIdParams,
        body: SandboxCallRequest,
        response: { 202: json("Calling", SandboxCallResponse), ...responses },
      },
    },
    async (request, reply) => reply.code(202).send(await (await phone(request.params.id)).call(request.body)),
  );

  r.post(
    "/api/v1/sandbox/instances/:id/group-participants",
    {
      config: route,
      schema: {
        operationId: "sandboxGroupParticipants",
        summary: "Sandbox: members of a group are added, removed, promoted or demoted",
        description: simulate("An admin (`author`) adds, removes, promotes or demotes members of a group", "group.participants"),
        tags: TAGS,
        params: InstanceIdParams,
        body: SandboxGroupParticipantsRequest,
        response: { 204: z.undefined().describe("Changed"), ...responses },
      },
    },
    async (request, reply) => {
      (await phone(request.params.id)).groupParticipants(request.body);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/v1/sandbox/instances/:id/presence",
    {
      config: route,
      schema: {
        operationId: "sandboxPresence",
        summary: "Sandbox: a contact is typing, recording, paused, online or offline",
        description: simulate("A contact (in `group`, if given) starts typing or recording, pauses, comes online or goes offline", "presence.update"),
        tags: TAGS,
        params: InstanceIdParams,
        body: SandboxPresenceRequest,
        response: { 204: z.undefined().describe("Shown"), ...responses },
      },
    },
    async (request, reply) => {
      (await phone(request.params.id)).presence(request.body);
      return reply.code(204).send();
    },
  );
}
