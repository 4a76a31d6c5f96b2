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
  // Alert counts for Prometheus (docs/metrics.md): the history is shared state, reported by one node.
  const severities = ["info", "warning", "critical"] as const;
  const states = ["firing", "acknowledged"] as const;
  app.metrics.gauge({
    name: "wam_alerts_open",
    help: "Alerts not resolved yet, by state (firing, acknowledged) and severity",
    labelNames: ["state", "severity"] as const,
    async collect() {
      this.reset();
      if (!(await app.metrics.reportsShared())) return;
      for (const state of states) for (const severity of severities) this.set({ state, severity }, 0);
      const rows = await app.db.selectFrom("alerts").select(["state", "severity", (eb) => eb.fn.countAll<number>().as("n")]).where("state", "!=", "resolved").groupBy(["state", "severity"]).execute();
      for (const row of rows) this.set({ state: row.state, severity: row.severity }, Number(row.n));
    },
  });
  // Before the database closes: the round in progress finishes, the leader lease is handed back.
  app.addHook("onClose", () => alerts.stop());
  await app.register(alertRoutes);
}

export default fp(alertsModule, { name: "module-alerts", dependencies: ["db", "events", "module-logs", "module-cluster", "module-instances", "module-metrics"] });
