import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { InstanceIdParams } from "../../../../contract/instances";
import { InstanceProxy, InstanceProxyChange } from "../../../../contract/proxies";
import { InstanceProxySpec } from "../../../../contract/proxy-url";
import { json, problem } from "../../plugins/openapi";

const TAGS = ["Proxies"];
const notFound = problem("No such instance");

/** One instance's proxy: read it, set it (the session restarts through it), or go direct. */
export default async function instanceProxyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { instances } = app.proxies;

  r.get(
    "/api/v1/instances/:id/proxy",
    {
      config: { auth: "instance" },
      schema: {
        operationId: "getInstanceProxy",
        summary: "The proxy an instance connects through (masked URL; a pool proxy with its health)",
        description: "`none` (direct), `pool` (with the pool proxy's name, masked URL and health) or `custom` (the instance's own proxy, masked). An instance token may read its own.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The instance's proxy", InstanceProxy), 404: notFound },
      },
    },
    async (request) => instances.get(request.params.id),
  );

  r.put(
    "/api/v1/instances/:id/proxy",
    {
      // Runs on the node that holds the instance (cluster mode), where its session can restart.
      config: { auth: "operator", instanceAction: true },
      schema: {
        operationId: "setInstanceProxy",
        summary: "Set the proxy an instance connects through; a running session restarts through it (no QR)",
        description:
          "`none`, `auto` (the least used pool proxy that has room and is not failing its checks), `pool` (a named pool proxy) or `custom` (a URL for this instance alone, credentials stored encrypted). A running session restarts through the new proxy with the same credentials, no QR: `restart` says whether it does. 409 when the pool proxy (or, for auto, every one) has no room; nothing changes then.",
        tags: TAGS,
        params: InstanceIdParams,
        body: InstanceProxySpec,
        response: { 200: json("The instance's proxy now", InstanceProxyChange), 404: notFound, 409: problem("No room on the pool proxy, or credentials cannot be stored") },
      },
    },
    async (request) => instances.set(request.params.id, request.body),
  );

  r.delete(
    "/api/v1/instances/:id/proxy",
    {
      config: { auth: "operator", instanceAction: true },
      schema: {
        operationId: "removeInstanceProxy",
        summary: "Connect an instance directly again (a running session restarts without the proxy)",
        description: "The same as PUT with `{ \"mode\": \"none\" }`: the instance connects without a proxy; a running session restarts (no QR).",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The instance's proxy now (none)", InstanceProxyChange), 404: notFound },
      },
    },
    async (request) => instances.set(request.params.id, { mode: "none" }),
  );
}
