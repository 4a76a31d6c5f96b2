import { InstanceStatus } from "../../../../contract/instances";
import type { GatewayMetrics } from "./gateway-metrics";
import type { ReportScope, StateQueries } from "./state-queries";

/** One load shared by every gauge collected in the same scrape (prom-client collects them all at once). */
function perScrape<T>(load: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () =>
    (inFlight ??= load().finally(() => {
      inFlight = null;
    }));
}

/**
 * Gauges that reflect what is stored, read when Prometheus scrapes (prom-client's `collect`), so they are never
 * stale and cost nothing between scrapes. Each gauge is reset and refilled synchronously after its read, so two
 * scrapes at once cannot mix.
 */
export function registerStateGauges(metrics: GatewayMetrics, queries: StateQueries): void {
  const scope = perScrape(() => queries.scope());

  metrics.gauge({
    name: "wam_instances",
    help: "Instances by status: those this node runs, or would (cluster mode: sum over nodes for the whole cluster)",
    labelNames: ["status"] as const,
    async collect() {
      const counts = await queries.instancesByStatus(await scope());
      this.reset();
      for (const status of InstanceStatus.options) this.set({ status }, counts.get(status) ?? 0);
    },
  });

  metrics.gauge({
    name: "wam_send_queue_depth",
    help: "Messages waiting in the send queues of the instances this node reports",
    async collect() {
      this.set(await queries.sendQueueDepth(await scope()));
    },
  });

  const outbox = perScrape(async (): Promise<Awaited<ReturnType<StateQueries["outbox"]>> | null> => {
    const current: ReportScope = await scope();
    return queries.reportsShared(current) ? queries.outbox() : null;
  });
  metrics.gauge({
    name: "wam_webhook_outbox_depth",
    help: "Webhook deliveries waiting to be sent: never tried (pending) or to be tried again (retrying). Cluster mode: reported by one node",
    labelNames: ["status"] as const,
    async collect() {
      const rows = await outbox();
      this.reset();
      if (!rows) return;
      for (const status of ["pending", "retrying"] as const) this.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
    },
  });
  metrics.gauge({
    name: "wam_webhook_outbox_oldest_age_seconds",
    help: "Age of the oldest webhook delivery still waiting to be sent, by status (0: none waiting). Cluster mode: reported by one node",
    labelNames: ["status"] as const,
    async collect() {
      const rows = await outbox();
      this.reset();
      if (!rows) return;
      const now = Date.now();
      for (const status of ["pending", "retrying"] as const) {
        const oldest = rows.find((r) => r.status === status)?.oldest;
        this.set({ status }, oldest ? Math.max(0, (now - Date.parse(oldest)) / 1000) : 0);
      }
    },
  });

  if (!metrics.perInstance) return;
  const instances = perScrape(async () => queries.perInstance(await scope()));
  metrics.gauge({
    name: "wam_instance_up",
    help: "1 while the instance is CONNECTED, else 0 (METRICS_PER_INSTANCE)",
    labelNames: ["instance_id"] as const,
    async collect() {
      const rows = await instances();
      this.reset();
      for (const row of rows) this.set({ instance_id: row.id }, row.status === "CONNECTED" ? 1 : 0);
    },
  });
  metrics.gauge({
    name: "wam_instance_send_queue_depth",
    help: "Messages waiting in the instance's send queue (METRICS_PER_INSTANCE)",
    labelNames: ["instance_id"] as const,
    async collect() {
      const rows = await instances();
      this.reset();
      for (const row of rows) this.set({ instance_id: row.id }, row.queued);
    },
  });
}
