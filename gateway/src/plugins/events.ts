import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { GatewayEvents } from "../events/gateway-events";

declare module "fastify" {
  interface FastifyInstance {
    /** In-process fan-out of everything that happens: sockets, webhooks and logs subscribe. */
    events: GatewayEvents;
  }
}

async function events(app: FastifyInstance) {
  app.decorate("events", new GatewayEvents());
}

export default fp(events, { name: "events" });
