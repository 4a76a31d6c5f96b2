import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { GatewayConfig } from "../../config";
import { GATEWAY_VERSION } from "../../version";
import { countEvents } from "./event-counters";
import { GatewayMetrics } from "./gateway-metrics";
import metricsRoutes from "./metrics-routes";
import { registerStateGauges } from "./state-gauges";
import { StateQueries } from "./state-queries";

declare module "fastify" {
  interface FastifyInstance {
    /**
     * The gateway's Prometheus registry behind GET /metrics. A module adds its own series with
     * `app.metrics.counter(…)`, `.gauge(…)` (a `collect` reads state at scrape time) or `.histogram(…)`; names start
     * with `wam_` (docs/metrics.md, "Adding metrics").
     */
    metrics: GatewayMetrics;
  }
}

/** Prometheus metrics: counters from the event bus, gauges read from the database at scrape time, GET /metrics. */
async function metricsModule(app: FastifyInstance, { config }: { config: GatewayConfig }) {
  const queries = new StateQueries(app.db, app.dbDialect, app.cluster);
  const metrics = new GatewayMetrics(config.metrics.perInstance, async () => queries.reportsShared(await queries.scope()));
  app.decorate("metrics", metrics);

  const info = metrics.gauge({ name: "wam_gateway_info", help: "Always 1: this gateway's version, engine and database mode", labelNames: ["version", "engine", "mode"] as const });
  info.set({ version: GATEWAY_VERSION, engine: config.engine, mode: app.cluster.mode }, 1);

  const stopCounting = countEvents(metrics, app.events);
  app.addHook("onClose", async () => stopCounting());
  registerStateGauges(metrics, queries);
  await app.register(metricsRoutes);
}

export default fp(metricsModule, { name: "module-metrics", dependencies: ["db", "events", "module-cluster"] });
