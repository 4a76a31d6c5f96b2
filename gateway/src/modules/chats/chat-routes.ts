import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  CheckNumbersRequest,
  CheckNumbersResponse,
  ContactParams,
  ContactProfile,
  Group,
  GroupList,
  GroupParams,
  ListGroupsQuery,
  PresenceRequest,
  ReadMessagesRequest,
  ReadMessagesResponse,
} from "../../../../contract/chats";
import { InstanceIdParams } from "../../../../contract/instances";
import { json, problem } from "../../plugins/openapi";

const notFound = problem("No such instance");
const notConnected = problem("The instance is not CONNECTED");

/** Contacts, groups, presence and read receipts of a connected instance's account. */
export default async function chatRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { chats } = app;

  r.post(
    "/api/v1/instances/:id/contacts/check",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "checkNumbers",
        summary: "Which phone numbers have WhatsApp (up to 100 per call), with the JID to send to",
        description: "Asks WhatsApp which of these numbers have an account. Each comes back in the order asked with `exists` and the `jid` to send to (null when there is no account). 409 unless the instance is CONNECTED.",
        tags: ["Contacts"],
        params: InstanceIdParams,
        body: CheckNumbersRequest,
        response: { 200: json("One answer per number", CheckNumbersResponse), 404: notFound, 409: notConnected },
      },
    },
    async (request) => chats.checkNumbers(request.params.id, request.body.numbers),
  );

  r.get(
    "/api/v1/instances/:id/contacts/:jid/profile",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "getContactProfile",
        summary: "A contact's profile: picture URL, about text, business flag",
        description: "What WhatsApp shows about a user: the profile picture's URL (null when none or private to this account), the about text and since when, and whether it is a business account (null when unknown). 404 when the number has no WhatsApp account; 409 unless the instance is CONNECTED.",
        tags: ["Contacts"],
        params: ContactParams,
        response: { 200: json("The profile", ContactProfile), 404: problem("No such instance, or the number has no WhatsApp account"), 409: notConnected },
      },
    },
    async (request) => chats.profile(request.params.id, request.params.jid),
  );

  r.get(
    "/api/v1/instances/:id/groups",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "listGroups",
        summary: "The groups the instance's account is in: subject, size, owner, announce and restrict flags",
        description: "Every group the account is a member of, by JID, cursor-paged (pass `nextCursor` back as `cursor`). 409 unless the instance is CONNECTED.",
        tags: ["Groups"],
        params: InstanceIdParams,
        querystring: ListGroupsQuery,
        response: { 200: json("A page of groups", GroupList), 404: notFound, 409: notConnected },
      },
    },
    async (request) => chats.groups(request.params.id, request.query.limit, request.query.cursor),
  );

  r.get(
    "/api/v1/instances/:id/groups/:jid",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "getGroup",
        summary: "One group with its participants and their admin flags",
        description: "The group's details and every participant with `isAdmin` and `isSuperAdmin` (the creator). 404 when the account is not in that group; 409 unless the instance is CONNECTED.",
        tags: ["Groups"],
        params: GroupParams,
        response: { 200: json("The group", Group), 404: problem("No such instance, or the account is not in that group"), 409: notConnected },
      },
    },
    async (request) => chats.group(request.params.id, request.params.jid),
  );

  r.post(
    "/api/v1/instances/:id/presence",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "sendPresence",
        summary: "Show typing, recording or paused in a chat, or set the account available or unavailable",
        description: "`composing` (typing…) and `recording` (recording audio…) show in the chat with `to` until `paused` or a message is sent; `available` and `unavailable` set the account's own online state. 409 unless the instance is CONNECTED.",
        tags: ["Contacts"],
        params: InstanceIdParams,
        body: PresenceRequest,
        response: { 204: z.undefined().describe("Sent"), 404: notFound, 409: notConnected },
      },
    },
    async (request, reply) => {
      await chats.presence(request.params.id, request.body.state, request.body.to);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/v1/instances/:id/messages/read",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "readMessages",
        summary: "Mark received messages as read (blue ticks)",
        description: "Sends read receipts for received messages by id. Only messages this session saw arrive can be marked (the gateway keeps no inbox); the others come back in `unknown`. 409 unless the instance is CONNECTED.",
        tags: ["Messages"],
        params: InstanceIdParams,
        body: ReadMessagesRequest,
        response: { 200: json("Which were marked", ReadMessagesResponse), 404: notFound, 409: notConnected },
      },
    },
    async (request) => chats.markRead(request.params.id, request.body.messageIds),
  );
}
