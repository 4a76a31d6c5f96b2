import { sql } from "kysely";
import type { Logger } from "pino";
import { InstanceStatus } from "../../../../contract/instances";
import type { Activity, ActivityPoint, ActivityRange } from "../../../../contract/stats";
import type { Db } from "../../db/database";
import type { GatewayEvents } from "../../events/gateway-events";

/** The grain of what is stored: 5-minute buckets, kept RETENTION_DAYS. */
const BUCKET_MS = 5 * 60_000;
const RETENTION_DAYS = 31;
/** How many delivery attempts are remembered, so an attempt announced twice is counted once. */
const SEEN_ATTEMPTS = 10_000;

const COUNTERS = ["messages_in", "messages_out", "webhooks_delivered", "webhooks_failed", "webhook_latency_ms"] as const;
type Counter = (typeof COUNTERS)[number];
const GAUGE_PREFIX = "instances.";

const bucketOf = (ms: number) => new Date(Math.floor(ms / BUCKET_MS) * BUCKET_MS).toISOString();

const RANGES: Record<ActivityRange, { windowMs: number; pointMs: number }> = {
  "1h": { windowMs: 3_600_000, pointMs: BUCKET_MS },
  "24h": { windowMs: 86_400_000, pointMs: BUCKET_MS },
  "7d": { windowMs: 7 * 86_400_000, pointMs: 3_600_000 },
};

/**
 * Activity over time (docs/operations.md, "History"): each node counts what it handles (messages received and sent,
 * webhook attempts by outcome and their latency) in memory and adds it to the current 5-minute bucket of its own rows
 * every flush; it also samples instances by status there (every node sees the same table, so readers take the
 * largest sample). Reads sum the counters over nodes.
 */
export class ActivityRecorder {
  private pending = new Map<string, number>();
  private readonly seenAttempts = new Set<string>();
  private readonly unsubscribe: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly events: GatewayEvents,
    private readonly node: () => string,
    private readonly log: Logger,
    private readonly flushMs: number,
  ) {}

  start(): void {
    this.unsubscribe.push(
      this.events.onMessage((_instanceId, event) => {
        if (event.type === "message.received") this.count("messages_in");
        else if (event.type === "message.sent") this.count("messages_out");
      }),
      this.events.onServerEvent((name, payload) => {
        if (name !== "webhook.delivery") return;
        const delivery = payload as { id: string; attempts: number; status: string; test: boolean; lastLatencyMs?: number };
        // Only an announcement that follows an attempt, once per attempt; test-tool sends are not traffic.
        if (delivery.test || delivery.attempts === 0 || delivery.lastLatencyMs === undefined || delivery.status === "pending") return;
        const key = `${delivery.id}:${delivery.attempts}`;
        if (this.seenAttempts.has(key)) return;
        this.seenAttempts.add(key);
        if (this.seenAttempts.size > SEEN_ATTEMPTS) this.seenAttempts.delete(this.seenAttempts.values().next().value as string);
        this.count(delivery.status === "succeeded" ? "webhooks_delivered" : "webhooks_failed");
        this.count("webhook_latency_ms", delivery.lastLatencyMs);
      }),
    );
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const off of this.unsubscribe.splice(0)) off();
    await this.flush();
  }

  private count(name: Counter, by = 1): void {
    const key = `${bucketOf(Date.now())}|${name}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + by);
  }

  /** Adds what was counted since the last flush, samples the instances by status, drops buckets past retention. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch((error: unknown) => this.log.warn({ err: error }, "recording activity failed; the next flush tries again"));
    return this.flushing;
  }

  private async write(): Promise<void> {
    const counted = this.pending;
    this.pending = new Map();
    const node = this.node();
    const now = Date.now();
    const bucket = bucketOf(now);
    try {
      const byStatus = await this.db.selectFrom("instances").select(["status", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("status").execute();
      const gauges = new Map<string, number>(InstanceStatus.options.map((status) => [status, 0]));
      for (const row of byStatus) gauges.set(row.status, Number(row.n));
      await this.db.transaction().execute(async (trx) => {
        for (const [key, value] of counted) {
          const [at, name] = key.split("|") as [string, string];
          await trx
            .insertInto("activity_buckets")
            .values({ bucket: at, node, name, value })
            .onConflict((oc) => oc.columns(["bucket", "node", "name"]).doUpdateSet({ value: sql<number>`activity_buckets.value + excluded.value` }))
            .execute();
        }
        for (const [status, value] of gauges) {
          await trx
            .insertInto("activity_buckets")
            .values({ bucket, node, name: `${GAUGE_PREFIX}${status}`, value })
            .onConflict((oc) => oc.columns(["bucket", "node", "name"]).doUpdateSet({ value: sql<number>`excluded.value` }))
            .execute();
        }
        await trx.deleteFrom("activity_buckets").where("bucket", "<", bucketOf(now - RETENTION_DAYS * 86_400_000)).execute();
      });
    } catch (error) {
      // Not lost: added back for the next flush.
      for (const [key, value] of counted) this.pending.set(key, (this.pending.get(key) ?? 0) + value);
      throw error;
    }
  }

  /** The series for the Overview: points of 5 minutes (1h, 24h) or an hour (7d), oldest first, over every node. */
  async activity(range: ActivityRange, now = Date.now()): Promise<Activity> {
    const { windowMs, pointMs } = RANGES[range];
    const to = Math.floor(now / BUCKET_MS) * BUCKET_MS + BUCKET_MS;
    const from = Math.floor((to - windowMs) / pointMs) * pointMs;
    const rows = await this.db
      .selectFrom("activity_buckets")
      .select(["bucket", "name", (eb) => eb.fn.sum<number>("value").as("total"), (eb) => eb.fn.max<number>("value").as("top")])
      .where("bucket", ">=", new Date(from).toISOString())
      .groupBy(["bucket", "name"])
      .orderBy("bucket")
      .execute();
    const points = new Map<number, { counters: Record<Counter, number>; instances: Partial<Record<InstanceStatus, number>> | null; gaugeAt: number }>();
    for (let at = from; at < to; at += pointMs) points.set(at, { counters: { messages_in: 0, messages_out: 0, webhooks_delivered: 0, webhooks_failed: 0, webhook_latency_ms: 0 }, instances: null, gaugeAt: -1 });
    for (const row of rows) {
      const bucketMs = Date.parse(row.bucket);
      const point = points.get(Math.floor(bucketMs / pointMs) * pointMs);
      if (!point) continue;
      if (row.name.startsWith(GAUGE_PREFIX)) {
        // The point's last sample (an hourly point has twelve).
        if (bucketMs < point.gaugeAt) continue;
        if (bucketMs > point.gaugeAt) point.instances = {};
        point.gaugeAt = bucketMs;
        point.instances![row.name.slice(GAUGE_PREFIX.length) as InstanceStatus] = Number(row.top);
      } else if ((COUNTERS as readonly string[]).includes(row.name)) {
        point.counters[row.name as Counter] += Number(row.total);
      }
    }
    const series: ActivityPoint[] = [...points].map(([at, { counters, instances }]) => {
      const attempts = counters.webhooks_delivered + counters.webhooks_failed;
      return {
        at: new Date(at).toISOString(),
        messagesIn: counters.messages_in,
        messagesOut: counters.messages_out,
        webhooksDelivered: counters.webhooks_delivered,
        webhooksFailed: counters.webhooks_failed,
        webhookLatencyMs: attempts > 0 ? Math.round(counters.webhook_latency_ms / attempts) : null,
        instances: instances ? (Object.fromEntries(InstanceStatus.options.map((status) => [status, instances[status] ?? 0])) as Record<InstanceStatus, number>) : null,
      };
    });
    return { range, bucketSeconds: pointMs / 1000, from: new Date(from).toISOString(), to: new Date(to).toISOString(), points: series };
  }
}
