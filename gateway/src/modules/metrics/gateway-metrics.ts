import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration } from "prom-client";

// What GET /metrics exports, and how another module adds its own series: docs/metrics.md.

const METRIC_PREFIX = "wam_";

/** Label names the gateway sets itself (`node`) or Prometheus sets on every target (`instance`, `job`). */
const RESERVED_LABELS = new Set(["node", "instance", "job"]);

type Config = { name: string; labelNames?: readonly string[] };

/**
 * The gateway's own Prometheus registry (never prom-client's global one, so two gateways in one process, as in the
 * tests, never share a series). Modules add their metrics through `counter`, `gauge` and `histogram`, which hold
 * every name to the `wam_` prefix and keep labels bounded by convention: no label may name a message, a person or
 * a free text; per-instance labels only when `perInstance` is on.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  constructor(
    /** METRICS_PER_INSTANCE: whether series labelled with an instance id may be exported. */
    readonly perInstance: boolean,
    /**
     * Whether this node reports state that belongs to no node (cluster mode: only the first live node by name does,
     * so a sum over nodes counts it once; a single node always does). For a gauge's `collect` of such state.
     */
    readonly reportsShared: () => Promise<boolean>,
  ) {
    // Process memory, CPU, handles, GC and event-loop lag (wam_nodejs_eventloop_lag_seconds and percentiles).
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    // Gauges named like counters (promtool refuses them); the same counts remain by type, e.g. wam_nodejs_active_handles.
    for (const name of ["active_handles_total", "active_requests_total", "active_resources_total"]) this.registry.removeSingleMetric(`${METRIC_PREFIX}nodejs_${name}`);
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, "registers">): Counter<L> {
    return new Counter({ ...this.checked(config), registers: [this.registry] });
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, "registers">): Gauge<L> {
    return new Gauge({ ...this.checked(config), registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, "registers">): Histogram<L> {
    return new Histogram({ ...this.checked(config), registers: [this.registry] });
  }

  /** The text exposition; in cluster mode every series carries `node`, so Prometheus can sum over nodes. */
  async render(node: string | null): Promise<{ contentType: string; body: string }> {
    this.registry.setDefaultLabels(node ? { node } : {});
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private checked<C extends Config>(config: C): C {
    if (!config.name.startsWith(METRIC_PREFIX)) throw new Error(`Metric ${config.name} must be named ${METRIC_PREFIX}…`);
    const reserved = config.labelNames?.find((label) => RESERVED_LABELS.has(label));
    if (reserved) throw new Error(`Metric ${config.name} may not use the label "${reserved}" (the gateway or Prometheus sets it)`);
    return config;
  }
}
