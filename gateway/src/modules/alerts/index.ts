import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import alertRoutes from "./alert-routes";
import { AlertService } from "./alert-service";

declare module "fastify" {
  interface FastifyInstance {
    alerts: AlertService;
  }
}

/** Alerts (docs/alerts.md): rules, channels, the evaluator and the history. */
async function alertsModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const alerts = new AlertService({ db: app.db, dialect: app.dbDialect, config, events: app.events, instances: app.instances.repo, cluster: app.cluster, log: log.child({ component: "alerts" }), logs: app.logs });
  app.decorate("alerts", alerts);
  // Before the database closes: the round in progress finishes, the leader lease is handed back.
  app.addHook("onClose", () => alerts.stop());
  await app.register(alertRoutes);
}

export default fp(alertsModule, { name: "module-alerts", dependencies: ["db", "events", "module-logs", "module-cluster", "module-instances"] });
