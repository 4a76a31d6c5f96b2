import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import { instanceLoggerFactory } from "../logs/instance-logger";
import { InstanceManager } from "./instance-manager";
import instanceRoutes from "./instance-routes";

declare module "fastify" {
  interface FastifyInstance {
    /** Every instance's runtime on this node, and the repository of all of them. */
    instances: InstanceManager;
  }
}

async function instancesModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const instanceLog = log.child({ component: "instances" });
  const instances = new InstanceManager(app.db, app.engine, app.events, instanceLog, instanceLoggerFactory(instanceLog, app.logs, config.logs.baileysLevel));
  app.decorate("instances", instances);
  // End WhatsApp sockets without logging out (the next start restores them without a QR), before anything else closes.
  app.addHook("preClose", () => instances.shutdown());
  await app.register(instanceRoutes);
}

export default fp(instancesModule, { name: "module-instances", dependencies: ["db", "events", "engine", "module-logs"] });
