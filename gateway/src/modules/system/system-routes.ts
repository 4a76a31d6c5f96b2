import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { HealthResponse } from "../../../../contract/health";
import type { GatewayConfig } from "../../config";
import { pingDatabase } from "../../db/database";
import { json } from "../../plugins/openapi";
import { GATEWAY_VERSION } from "../../version";

/** GET /health: no credentials, for load balancers and the panel's status light. */
export default async function systemRoutes(app: FastifyInstance, { config }: { config: GatewayConfig }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/health",
    {
      config: { auth: "public" },
      schema: {
        operationId: "getHealth",
        summary: "Gateway health: database, engine, version and uptime",
        description: "No credentials needed: for load balancers and uptime checks. 200 while the database answers, 503 (same body, `status: degraded`) when it does not. Names the node that answered and, in cluster mode, every node with its heartbeat and instance count.",
        tags: ["System"],
        response: {
          200: json("The gateway is up and its database answers", HealthResponse),
          503: json("The gateway is up but its database does not answer", HealthResponse),
        },
      },
    },
    async (_request, reply) => {
      const dbOk = await pingDatabase(app.db);
      const nodes = dbOk ? await app.cluster.nodes().catch(() => []) : [];
      return reply.code(dbOk ? 200 : 503).send({
        status: dbOk ? "ok" : "degraded",
        db: { ok: dbOk, dialect: app.dbDialect },
        engine: config.engine,
        version: GATEWAY_VERSION,
        uptimeSeconds: Math.round(process.uptime() * 10) / 10,
        time: new Date().toISOString(),
        node: { name: app.cluster.nodeName, startedAt: app.cluster.startedAt, version: GATEWAY_VERSION },
        cluster: { mode: app.cluster.mode, nodes },
      });
    },
  );
}
