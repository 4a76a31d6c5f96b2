import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { GatewayNodeList } from "../../../../contract/cluster";
import { json } from "../../plugins/openapi";

/** The gateway nodes: which are live, how many instances each runs. */
export default async function clusterRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/nodes",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "listNodes",
        summary: "Gateway nodes: liveness, heartbeat, instances each runs",
        description: "One node on SQLite (`mode: single`); every node sharing the PostgreSQL database in cluster mode (`mode: postgres`), stopped and dead ones included with `live: false`.",
        tags: ["System"],
        response: { 200: json("The nodes", GatewayNodeList) },
      },
    },
    async () => ({ mode: app.cluster.mode, self: app.cluster.nodeName, items: await app.cluster.nodes() }),
  );
}
