import { HealthResponse } from "../../../../contract/health";
import { pingDatabase } from "../../db/database";
import { defineRoute, type AnyRoute } from "../../http/route";
import { GATEWAY_VERSION } from "../../version";
import type { GatewayContext } from "../../context";

export function systemRoutes(ctx: GatewayContext): AnyRoute[] {
  return [
    defineRoute({
      method: "GET",
      url: "/health",
      operationId: "getHealth",
      summary: "Gateway health: database, engine, version and uptime",
      tag: "System",
      auth: "public",
      responses: {
        200: { description: "The gateway is up and its database answers", schema: HealthResponse },
        503: { description: "The gateway is up but its database does not answer", schema: HealthResponse },
      },
      handler: async (_input, reply) => {
        const dbOk = await pingDatabase(ctx.db);
        const body: HealthResponse = {
          status: dbOk ? "ok" : "degraded",
          db: { ok: dbOk, dialect: ctx.dbDialect },
          engine: ctx.config.engine,
          version: GATEWAY_VERSION,
          uptimeSeconds: Math.round(process.uptime() * 10) / 10,
          time: new Date().toISOString(),
        };
        return reply.code(dbOk ? 200 : 503).send(body);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/openapi.json",
      operationId: "getOpenApi",
      summary: "This API as an OpenAPI 3.1 document",
      tag: "System",
      auth: "public",
      responses: { 200: { description: "OpenAPI 3.1 document" } },
      handler: async () => ctx.openApi(),
    }),
  ];
}
