import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import { captureGatewayEvents } from "./log-capture";
import logRoutes from "./log-routes";
import { handleLogSubscriptions, logRooms } from "./log-socket";
import { LogStore } from "./log-store";

declare module "fastify" {
  interface FastifyInstance {
    /** The structured log: `logs.write({ level, source, message, instanceId?, context? })` never blocks. */
    logs: LogStore;
  }
}

/** The structured log kept in the database: what happens is captured, listed, exported and streamed live. */
async function logsModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const logs = new LogStore(app.db, config.logs, log.child({ component: "logs" }));
  app.decorate("logs", logs);
  captureGatewayEvents(app.events, logs);
  // The live log goes only to sockets that subscribed (logs.subscribe), per instance or all.
  app.io.on("connection", handleLogSubscriptions);
  logs.onEntry((entry) => app.io.to(logRooms(entry)).emit("log.entry", entry));
  app.addHook("onClose", () => logs.close());
  await app.register(logRoutes);
}

export default fp(logsModule, { name: "module-logs", dependencies: ["db", "events", "socket"] });
