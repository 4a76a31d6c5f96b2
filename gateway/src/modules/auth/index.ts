import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { GatewayConfig } from "../../config";
import authRoutes from "./auth-routes";
import { OperatorService } from "./operator-service";

declare module "fastify" {
  interface FastifyInstance {
    operators: OperatorService;
    /** The admin password generated on first start (to print once), or null. */
    initialAdminPassword: string | null;
  }
}

/** Operators: accounts, sessions, sign-in throttling and socket tickets. */
async function authModule(app: FastifyInstance, { config }: { config: GatewayConfig }) {
  const operators = new OperatorService(app.db, config.auth);
  app.decorate("operators", operators);
  app.decorate("initialAdminPassword", await operators.ensureAdmin(config.adminPassword));
  await app.register(authRoutes);
}

export default fp(authModule, { name: "module-auth", dependencies: ["db", "module-logs"] });
