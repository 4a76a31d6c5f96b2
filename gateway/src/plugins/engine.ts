import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../config";
import { createEngine } from "../engines/create-engine";
import type { Engine } from "../engines/engine";

declare module "fastify" {
  interface FastifyInstance {
    /** What runs WhatsApp sessions: Baileys, or the offline sandbox (WA_ENGINE). */
    engine: Engine;
  }
}

async function engine(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  app.decorate("engine", createEngine(config, log));
}

export default fp(engine, { name: "engine" });
