import type { InstanceStatus } from "../../../../contract/instances";
import { dbTime } from "../../db/clock";
import type { Db, DialectName } from "../../db/database";
import type { Cluster } from "../cluster/cluster";

/**
 * Which instances a node reports, so that summing a gauge over the nodes counts each instance once: the ones it
 * holds the lease of, and those nobody holds that are placed on it. The first live node by name also reports
 * everything else (placed on a node that is gone) and the cluster-wide outbox. A single node (SQLite) reports all.
 */
export type ReportScope = { kind: "all" } | { kind: "node"; node: string; liveNodes: string[]; first: boolean };

/** The aggregate reads behind the gauges that reflect stored state: one GROUP BY each, never a loop per instance. */
export class StateQueries {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly cluster: Cluster,
  ) {}

  async scope(): Promise<ReportScope> {
    if (this.cluster.mode === "single") return { kind: "all" };
    const liveNodes = (await this.cluster.nodes()).filter((n) => n.live).map((n) => n.name);
    const node = this.cluster.nodeName;
    return { kind: "node", node, liveNodes, first: (liveNodes[0] ?? node) === node };
  }

  /** Whether this node reports what belongs to no node in particular (the webhook outbox). */
  reportsShared(scope: ReportScope): boolean {
    return scope.kind === "all" || scope.first;
  }

  async instancesByStatus(scope: ReportScope): Promise<Map<InstanceStatus, number>> {
    const rows = await this.instances(scope)
      .select("i.status")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .groupBy("i.status")
      .execute();
    return new Map(rows.map((row) => [row.status as InstanceStatus, Number(row.n)]));
  }

  /** Messages waiting in the send queue of the instances this node reports. */
  async sendQueueDepth(scope: ReportScope): Promise<number> {
    if (scope.kind === "all") {
      const row = await this.db.selectFrom("messages").select((eb) => eb.fn.countAll<number>().as("n")).where("queued", "=", 1).executeTakeFirstOrThrow();
      return Number(row.n);
    }
    const row = await this.instances(scope)
      .innerJoin("messages as m", "m.instance_id", "i.id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("m.queued", "=", 1)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** METRICS_PER_INSTANCE: each reported instance's status and queued messages. */
  async perInstance(scope: ReportScope): Promise<Array<{ id: string; status: InstanceStatus; queued: number }>> {
    const rows = await this.instances(scope)
      .select(["i.id", "i.status"])
      .select((eb) =>
        eb
          .selectFrom("messages as m")
          .select((e) => e.fn.countAll<number>().as("q"))
          .whereRef("m.instance_id", "=", "i.id")
          .where("m.queued", "=", 1)
          .as("queued"),
      )
      .execute();
    return rows.map((row) => ({ id: row.id, status: row.status as InstanceStatus, queued: Number(row.queued ?? 0) }));
  }

  /**
   * The webhook outbox: deliveries waiting to be sent (never tried: pending; tried and failed: retrying), and when the
   * oldest of each was created. Queued rows are exactly those with a next attempt (the store's invariant, indexed).
   */
  async outbox(): Promise<Array<{ status: "pending" | "retrying"; n: number; oldest: string | null }>> {
    const rows = await this.db
      .selectFrom("webhook_deliveries")
      .select("status")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
      .where("next_attempt_at", "is not", null)
      .groupBy("status")
      .execute();
    return rows
      .filter((row): row is typeof row & { status: "pending" | "retrying" } => row.status === "pending" || row.status === "retrying")
      .map((row) => ({ status: row.status, n: Number(row.n), oldest: row.oldest }));
  }

  /** Instances, with the node holding each one's live lease (l), limited to what this node reports. */
  private instances(scope: ReportScope) {
    const query = this.db
      .selectFrom("instances as i")
      .leftJoin("instance_leases as l", (join) => join.onRef("l.instance_id", "=", "i.id").on("l.expires_at", ">", dbTime(this.dialect)));
    if (scope.kind === "all") return query;
    return query.where((eb) => {
      const owner = eb.fn.coalesce("l.node", "i.assigned_node");
      const mine = eb(owner, "=", scope.node);
      if (!scope.first) return mine;
      // Placed on no node, or on one that is gone: the first live node reports it until it is placed again.
      return eb.or([mine, eb(owner, "is", null), eb(owner, "not in", scope.liveNodes.length > 0 ? scope.liveNodes : [scope.node])]);
    });
  }
}
