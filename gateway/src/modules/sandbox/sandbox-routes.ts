import { z } from "zod";
import { Instance, InstanceIdParams, SandboxDisconnectRequest, SandboxInboundRequest, SandboxScanRequest } from "../../../../contract/instances";
import type { GatewayContext } from "../../context";
import { defineRoute, type AnyRoute } from "../../http/route";
import type { SandboxEngine } from "../../engines/sandbox/sandbox-engine";

const conflict = { 409: { description: "The simulated phone cannot do that now" } };

/** Sandbox-only endpoints: what a phone would do. Registered only when WA_ENGINE=sandbox. */
export function sandboxRoutes(ctx: GatewayContext, engine: SandboxEngine): AnyRoute[] {
  const phone = async (id: string) => {
    await ctx.instances.repo.get(id);
    return engine.phone(id);
  };
  return [
    defineRoute({
      method: "POST",
      url: "/api/v1/sandbox/instances/:id/scan",
      operationId: "sandboxScan",
      summary: "Sandbox: scan the current QR with a simulated phone (pairs a made-up number)",
      tag: "Sandbox",
      auth: "instance",
      params: InstanceIdParams,
      body: SandboxScanRequest.optional(),
      responses: { 202: { description: "Scanned; the instance connects", schema: Instance }, ...conflict },
      handler: async ({ params, body }, reply) => {
        await (await phone(params.id)).scan(body?.number, body?.pushName);
        return reply.code(202).send(await ctx.instances.repo.get(params.id));
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/sandbox/instances/:id/disconnect",
      operationId: "sandboxDisconnect",
      summary: "Sandbox: close the connection with a Baileys DisconnectReason code",
      tag: "Sandbox",
      auth: "instance",
      params: InstanceIdParams,
      body: SandboxDisconnectRequest,
      responses: { 202: { description: "Closed; the status machine reacts", schema: Instance }, ...conflict },
      handler: async ({ params, body }, reply) => {
        (await phone(params.id)).disconnect(body.code, body.reason);
        return reply.code(202).send(await ctx.instances.repo.get(params.id));
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/sandbox/instances/:id/inbound",
      operationId: "sandboxInbound",
      summary: "Sandbox: deliver an inbound text message to the instance",
      tag: "Sandbox",
      auth: "instance",
      params: InstanceIdParams,
      body: SandboxInboundRequest,
      responses: { 202: { description: "Delivered", schema: z.object({ messageId: z.string() }) }, ...conflict },
      handler: async ({ params, body }, reply) => reply.code(202).send({ messageId: (await phone(params.id)).inbound(body.from, body.text) }),
    }),
  ];
}
