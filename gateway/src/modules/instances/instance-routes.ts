import {
  CreateInstanceRequest,
  Instance,
  InstanceIdParams,
  InstanceList,
  InstanceQr,
  ListInstancesQuery,
  PairingCodeRequest,
  PairingCodeResponse,
  StatusHistoryList,
  StatusHistoryQuery,
  UpdateInstanceRequest,
} from "../../../../contract/instances";
import { SendTextRequest, SendTextResponse } from "../../../../contract/messages";
import type { GatewayContext } from "../../context";
import { defineRoute, type AnyRoute } from "../../http/route";

const conflict = { 409: { description: "Not possible in the instance's current state" } };
const notFound = { 404: { description: "No such instance" } };

export function instanceRoutes(ctx: GatewayContext): AnyRoute[] {
  const { instances } = ctx;
  const action = (name: "connect" | "restart" | "logout" | "reset", summary: string) =>
    defineRoute({
      method: "POST",
      url: `/api/v1/instances/:id/${name}`,
      operationId: `${name}Instance`,
      summary,
      tag: "Instances",
      auth: "instance",
      params: InstanceIdParams,
      responses: { 202: { description: "Accepted; follow the status live", schema: Instance }, ...notFound, ...conflict },
      handler: async ({ params }, reply) => {
        await (await instances.runtime(params.id))[name]();
        return reply.code(202).send(await instances.repo.get(params.id));
      },
    });

  return [
    defineRoute({
      method: "GET",
      url: "/api/v1/instances",
      operationId: "listInstances",
      summary: "List instances: filter by status, search by name or number, sort, cursor paging",
      tag: "Instances",
      auth: "operator",
      query: ListInstancesQuery,
      responses: { 200: { description: "A page of instances", schema: InstanceList } },
      handler: async ({ query }) => instances.repo.list(query),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/instances",
      operationId: "createInstance",
      summary: "Create an instance (and start linking it unless connect is false)",
      tag: "Instances",
      auth: "operator",
      body: CreateInstanceRequest,
      responses: { 201: { description: "Created", schema: Instance } },
      handler: async ({ body }, reply) => reply.code(201).send(await instances.create(body)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/instances/:id",
      operationId: "getInstance",
      summary: "One instance: status, reason, number, push name, platform, browser, connected since, last error",
      tag: "Instances",
      auth: "instance",
      params: InstanceIdParams,
      responses: { 200: { description: "The instance", schema: Instance }, ...notFound },
      handler: async ({ params }) => instances.repo.get(params.id),
    }),
    defineRoute({
      method: "PATCH",
      url: "/api/v1/instances/:id",
      operationId: "renameInstance",
      summary: "Rename an instance",
      tag: "Instances",
      auth: "instance",
      params: InstanceIdParams,
      body: UpdateInstanceRequest,
      responses: { 200: { description: "Renamed", schema: Instance }, ...notFound },
      handler: async ({ params, body }) => instances.rename(params.id, body.name),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/v1/instances/:id",
      operationId: "deleteInstance",
      summary: "Delete an instance: logs the device out and wipes its auth state (not with its own instance token)",
      tag: "Instances",
      auth: "operator",
      params: InstanceIdParams,
      responses: { 204: { description: "Deleted" }, ...notFound },
      handler: async ({ params }, reply) => {
        await instances.remove(params.id);
        return reply.code(204).send();
      },
    }),
    action("connect", "Start connecting a stopped instance (DISCONNECTED or ERROR)"),
    action("restart", "End the connection and open a new one, keeping the linked device"),
    action("logout", "Unlink the device from the phone and show a new QR; keeps the instance"),
    action("reset", "Wipe the auth state and start over with a fresh QR"),
    defineRoute({
      method: "GET",
      url: "/api/v1/instances/:id/qr",
      operationId: "getInstanceQr",
      summary: "The current QR with its expiry and attempt number (409 unless QR_REQUIRED)",
      tag: "Instances",
      auth: "instance",
      params: InstanceIdParams,
      responses: { 200: { description: "The QR to scan", schema: InstanceQr }, ...notFound, ...conflict },
      handler: async ({ params }) => {
        await instances.repo.get(params.id);
        return (await instances.runtime(params.id)).currentQr();
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/instances/:id/pairing-code",
      operationId: "requestPairingCode",
      summary: "Link by phone number instead of QR: returns the code to type on the phone",
      tag: "Instances",
      auth: "instance",
      params: InstanceIdParams,
      body: PairingCodeRequest,
      responses: { 200: { description: "The pairing code", schema: PairingCodeResponse }, ...notFound, ...conflict },
      handler: async ({ params, body }) => {
        const code = await (await instances.runtime(params.id)).requestPairingCode(body.phoneNumber);
        return { code, phoneNumber: body.phoneNumber };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/instances/:id/messages",
      operationId: "sendText",
      summary: "Send a text message; delivery and read receipts follow as message.status webhooks",
      tag: "Messages",
      auth: "instance",
      params: InstanceIdParams,
      body: SendTextRequest,
      responses: { 202: { description: "Accepted for delivery", schema: SendTextResponse }, ...notFound, ...conflict },
      handler: async ({ params, body }, reply) => {
        await instances.repo.get(params.id);
        const { messageId } = await (await instances.runtime(params.id)).sendText(body.to, body.text);
        const to = body.to.includes("@") ? body.to : `${body.to}@s.whatsapp.net`;
        return reply.code(202).send({ messageId, to, status: "pending" });
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/instances/:id/status-history",
      operationId: "getInstanceStatusHistory",
      summary: "Status changes, newest first, with reason codes",
      tag: "Instances",
      auth: "instance",
      params: InstanceIdParams,
      query: StatusHistoryQuery,
      responses: { 200: { description: "History page", schema: StatusHistoryList }, ...notFound },
      handler: async ({ params, query }) => {
        await instances.repo.get(params.id);
        return instances.repo.history(params.id, query.limit, query.cursor ? Number(query.cursor) : undefined);
      },
    }),
  ];
}

