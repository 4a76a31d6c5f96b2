import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { Logger } from "pino";
import { dbTime } from "../../db/clock";
import type { Db, DialectName } from "../../db/database";
import type { Database } from "../../db/schema";
import { DomainError } from "../../domain-error";

// Leases, fencing and placement: docs/architecture.md, "Several nodes".

export interface ClusterOptions {
  nodeName: string;
  /** Where other nodes reach this one (forwarded calls). */
  url: string;
  version: string;
  /** How long a lease and a heartbeat count without renewal; renewals run every third of it. */
  leaseTtlMs: number;
}

export interface NodeState {
  name: string;
  version: string;
  startedAt: string;
  heartbeatAt: string;
  live: boolean;
  draining: boolean;
  instances: number;
}

/** The node with the fewest instances placed on it (ties by name, so every node picks the same one). */
function leastLoaded(names: string[], placed: Map<string, number>): string {
  return [...names].sort((a, b) => (placed.get(a) ?? 0) - (placed.get(b) ?? 0) || a.localeCompare(b))[0]!;
}

/** Thrown by an auth-state write whose lease this node no longer holds: the session must stop here. */
class LeaseLostError extends Error {
  constructor(readonly instanceId: string) {
    super(`This node no longer holds the lease of ${instanceId}; another node runs it now`);
    this.name = "LeaseLostError";
  }
}

/**
 * This node's membership in the cluster and its instance leases. Every time is the database's clock. A lease is
 * one row per instance (node, epoch, expiry): taken when absent, expired or already ours (a restart of this node),
 * with the epoch bumped; renewed every third of the TTL; fenced: when renewals fail for two thirds of the TTL,
 * `fenced` turns true and the manager stops every session here before another node can take them over.
 */
export class Cluster {
  readonly mode: "single" | "postgres";
  /** Settled once listening when it defaults to hostname:port (the port may be chosen by the system). */
  nodeName: string;
  /** Where other nodes reach this one; settled once listening like the name. */
  url: string;
  readonly bootId = randomUUID();
  /** instance id → the epoch this node holds. */
  private readonly held = new Map<string, number>();
  private lastRenewal = performance.now();
  startedAt = new Date().toISOString();
  /** When this node's previous run ended, as register() found it: its clean stop, or its last heartbeat after a crash. */
  private previousRunEndedAt: string | null = null;

  constructor(
    private readonly db: Db,
    readonly dialect: DialectName,
    readonly options: ClusterOptions,
    private readonly log: Logger,
  ) {
    this.mode = dialect === "postgres" ? "postgres" : "single";
    this.nodeName = options.nodeName;
    this.url = options.url;
  }

  private now(offsetMs = 0) {
    return dbTime(this.dialect, offsetMs);
  }

  /** Joins (or rejoins) the cluster; refuses when another live process uses this node's name. */
  async register(): Promise<void> {
    const existing = await this.db
      .selectFrom("nodes")
      .select(["boot_id", "stopped_at"])
      .select(this.now(-this.options.leaseTtlMs).as("live_after"))
      .select("heartbeat_at")
      .where("name", "=", this.nodeName)
      .executeTakeFirst();
    if (existing && existing.stopped_at === null && existing.heartbeat_at > existing.live_after && existing.boot_id !== this.bootId) {
      throw new DomainError(
        "conflict",
        `Another gateway node named "${this.nodeName}" is running (heartbeat ${existing.heartbeat_at}): give each node its own NODE_NAME`,
      );
    }
    this.previousRunEndedAt = existing ? (existing.stopped_at ?? existing.heartbeat_at) : null;
    const row = await this.db
      .insertInto("nodes")
      .values({ name: this.nodeName, boot_id: this.bootId, url: this.url, version: this.options.version, started_at: this.now(), heartbeat_at: this.now(), draining: 0, stopped_at: null })
      .onConflict((oc) => oc.column("name").doUpdateSet({ boot_id: this.bootId, url: this.url, version: this.options.version, started_at: this.now(), heartbeat_at: this.now(), draining: 0, stopped_at: null }))
      .returning("started_at")
      .executeTakeFirstOrThrow();
    this.startedAt = row.started_at;
  }

  /** Heartbeat and lease renewal in one go; returns the instances whose lease this node lost. */
  async tick(): Promise<string[]> {
    await this.db.updateTable("nodes").set({ heartbeat_at: this.now() }).where("name", "=", this.nodeName).where("boot_id", "=", this.bootId).execute();
    // Only the leases this process holds: one it took and no longer runs (fenced, or left by an earlier process of
    // this node) must be left to expire, not kept alive with nothing behind it.
    // What this node held when the renewal was sent: a lease taken meanwhile is not in its answer, and is not lost.
    const snapshot = new Map(this.held);
    const ids = [...snapshot.keys()];
    const started = performance.now();
    const renewed: Array<{ instance_id: string; epoch: number }> = [];
    for (let i = 0; i < ids.length; i += 1000) {
      renewed.push(
        ...(await this.db
          .updateTable("instance_leases")
          .set({ expires_at: this.now(this.options.leaseTtlMs) })
          .where("node", "=", this.nodeName)
          .where("instance_id", "in", ids.slice(i, i + 1000))
          .returning(["instance_id", "epoch"])
          .execute()),
      );
    }
    // Counted from when the renewal was sent: the expiry the database set is later than that.
    this.lastRenewal = started;
    const current = new Map(renewed.map((row) => [row.instance_id, row.epoch]));
    const lost: string[] = [];
    for (const [instanceId, epoch] of snapshot) {
      // Released or re-taken here while the renewal ran: not a loss.
      if (this.held.get(instanceId) !== epoch) continue;
      if (current.get(instanceId) !== epoch) {
        this.held.delete(instanceId);
        lost.push(instanceId);
      }
    }
    return lost;
  }

  /** True when renewals have failed long enough that another node may soon take the leases over. */
  get fenced(): boolean {
    // A single node has nobody to hand its instances to: a slow round there must not stop its sessions.
    return this.mode === "postgres" && performance.now() - this.lastRenewal > (this.options.leaseTtlMs * 2) / 3;
  }

  /** Forgets every lease locally (after fencing stopped the sessions). */
  dropAll(): string[] {
    const ids = [...this.held.keys()];
    this.held.clear();
    return ids;
  }

  holds(instanceId: string): boolean {
    return this.held.has(instanceId);
  }

  get heldCount(): number {
    return this.held.size;
  }

  /**
   * Takes the lease of an instance for this node (and places it here): succeeds when no live lease exists or this
   * node already holds it; the epoch is bumped whenever it changes hands or a new process of this node takes it.
   * Returns null with the holder's name when another node holds it.
   */
  async acquire(instanceId: string): Promise<{ epoch: number } | { owner: string }> {
    const known = this.held.get(instanceId);
    if (known !== undefined) return { epoch: known };
    const row = await this.db
      .insertInto("instance_leases")
      .values({ instance_id: instanceId, node: this.nodeName, epoch: 1, expires_at: this.now(this.options.leaseTtlMs) })
      .onConflict((oc) =>
        oc
          .column("instance_id")
          .doUpdateSet((eb) => ({ node: this.nodeName, epoch: eb("instance_leases.epoch", "+", 1), expires_at: this.now(this.options.leaseTtlMs) }))
          .where((eb) => eb.or([eb("instance_leases.expires_at", "<=", this.now()), eb("instance_leases.node", "=", this.nodeName)])),
      )
      .returning("epoch")
      .executeTakeFirst();
    if (!row) {
      const holder = await this.db.selectFrom("instance_leases").select("node").where("instance_id", "=", instanceId).executeTakeFirst();
      return { owner: holder?.node ?? "another node" };
    }
    this.held.set(instanceId, row.epoch);
    await this.db.updateTable("instances").set({ assigned_node: this.nodeName }).where("id", "=", instanceId).execute();
    return { epoch: row.epoch };
  }

  /**
   * When the session an instance had before this start ended: the node that last held its lease stopped cleanly
   * then, or was last heard from then (this node's own previous run, or another node's). Null for an instance never
   * run, or one whose node is unknown. Read before acquire(), which takes the lease over.
   */
  async previousSessionEndedAt(instanceId: string): Promise<string | null> {
    const lease = await this.db.selectFrom("instance_leases").select("node").where("instance_id", "=", instanceId).executeTakeFirst();
    const node = lease?.node;
    if (!node) return null;
    if (node === this.nodeName) return this.previousRunEndedAt;
    const row = await this.db.selectFrom("nodes").select(["stopped_at", "heartbeat_at"]).where("name", "=", node).executeTakeFirst();
    return row ? (row.stopped_at ?? row.heartbeat_at) : null;
  }

  /** Gives a lease up at once (a clean stop, a move): the next owner need not wait for it to expire. */
  async release(instanceIds: string[]): Promise<void> {
    const ours = instanceIds.filter((id) => this.held.has(id));
    for (const id of ours) this.held.delete(id);
    if (ours.length === 0) return;
    await this.db.updateTable("instance_leases").set({ expires_at: this.now() }).where("node", "=", this.nodeName).where("instance_id", "in", ours).execute();
  }

  /**
   * Fencing for auth-state writes: inside the writing transaction, the lease must still be this node's at the epoch
   * it took. On PostgreSQL the row is locked until commit, so a take-over waits for the write instead of racing it.
   */
  async assertHeld(trx: Transaction<Database>, instanceId: string): Promise<void> {
    const epoch = this.held.get(instanceId);
    if (epoch === undefined) throw new LeaseLostError(instanceId);
    let query = trx.selectFrom("instance_leases").select("epoch").where("instance_id", "=", instanceId).where("node", "=", this.nodeName).where("epoch", "=", epoch);
    if (this.dialect === "postgres") query = query.forUpdate();
    if (!(await query.executeTakeFirst())) {
      this.held.delete(instanceId);
      throw new LeaseLostError(instanceId);
    }
  }

  /**
   * The live node other than this one that holds the instance's lease, with its URL; null when this node holds it
   * or nobody does (then the call runs here and takes the lease).
   */
  async remoteOwner(instanceId: string): Promise<{ name: string; url: string } | null> {
    if (this.held.has(instanceId)) return null;
    const row = await this.db
      .selectFrom("instance_leases")
      .innerJoin("nodes", "nodes.name", "instance_leases.node")
      .select(["nodes.name", "nodes.url"])
      .where("instance_leases.instance_id", "=", instanceId)
      .where("instance_leases.expires_at", ">", this.now())
      .where("instance_leases.node", "!=", this.nodeName)
      .executeTakeFirst();
    return row ?? null;
  }

  /** Every node with its liveness and how many instances it runs now. */
  async nodes(): Promise<NodeState[]> {
    const rows = await this.db
      .selectFrom("nodes")
      .selectAll()
      .select(this.now(-this.options.leaseTtlMs).as("live_after"))
      .select((eb) =>
        eb
          .selectFrom("instance_leases")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("instance_leases.node", "=", "nodes.name")
          .where("instance_leases.expires_at", ">", this.now())
          .as("instances"),
      )
      .orderBy("name")
      .execute();
    return rows.map((row) => ({
      name: row.name,
      version: row.version,
      startedAt: row.started_at,
      heartbeatAt: row.heartbeat_at,
      live: row.stopped_at === null && row.heartbeat_at > row.live_after,
      draining: row.draining === 1,
      instances: Number(row.instances ?? 0),
    }));
  }

  /** Where a new instance should run: the live, non-draining node with the fewest instances placed on it. */
  async placeNew(pinned?: string): Promise<string> {
    const nodes = (await this.nodes()).filter((node) => node.live);
    if (pinned !== undefined) {
      const node = nodes.find((n) => n.name === pinned);
      if (!node) throw new DomainError("invalid_input", `Invalid request: body.node names no live node ("${pinned}"); live nodes: ${nodes.map((n) => n.name).join(", ")}`, { issues: [{ path: "body.node", message: "names no live node" }] });
      if (node.draining) throw new DomainError("conflict", `Node "${pinned}" is draining: it takes no new instances`);
      return pinned;
    }
    const candidates = nodes.filter((node) => !node.draining);
    if (candidates.length === 0) return this.nodeName;
    const placed = await this.placedCounts();
    return leastLoaded(candidates.map((n) => n.name), placed);
  }

  private async placedCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom("instances")
      .select(["assigned_node"])
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("desired_state", "=", "running")
      .groupBy("assigned_node")
      .execute();
    return new Map(rows.map((row) => [row.assigned_node ?? "", Number(row.n)]));
  }

  /**
   * Instances meant to run whose node is gone (no live lease, placed on a node that is not live, or never placed)
   * are placed again on the least-loaded live nodes. The update only applies if nobody re-placed it meanwhile.
   */
  async replaceOrphans(): Promise<number> {
    const live = (await this.nodes()).filter((node) => node.live && !node.draining);
    if (live.length === 0) return 0;
    const liveNames = new Set(live.map((node) => node.name));
    const orphans = await this.db
      .selectFrom("instances")
      .select(["id", "assigned_node"])
      .where("desired_state", "=", "running")
      .where((eb) => eb.not(eb.exists(eb.selectFrom("instance_leases").select("instance_id").whereRef("instance_leases.instance_id", "=", "instances.id").where("instance_leases.expires_at", ">", this.now()))))
      .execute();
    const placed = await this.placedCounts();
    let moved = 0;
    for (const orphan of orphans) {
      if (orphan.assigned_node !== null && liveNames.has(orphan.assigned_node)) continue;
      const target = leastLoaded([...liveNames], placed);
      let update = this.db.updateTable("instances").set({ assigned_node: target }).where("id", "=", orphan.id);
      update = orphan.assigned_node === null ? update.where("assigned_node", "is", null) : update.where("assigned_node", "=", orphan.assigned_node);
      const result = await update.executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) {
        placed.set(target, (placed.get(target) ?? 0) + 1);
        moved += 1;
        this.log.info({ instanceId: orphan.id, from: orphan.assigned_node, to: target }, "instance placed on another node: its node is gone");
      }
    }
    return moved;
  }

  /** Instances placed on this node, meant to run, that no live lease holds: this node should start them. */
  async pendingHere(): Promise<string[]> {
    const rows = await this.db
      .selectFrom("instances")
      .select("id")
      .where("assigned_node", "=", this.nodeName)
      .where("desired_state", "=", "running")
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("instance_leases")
              .select("instance_id")
              .whereRef("instance_leases.instance_id", "=", "instances.id")
              .where("instance_leases.expires_at", ">", this.now())
              .where("instance_leases.node", "!=", this.nodeName),
          ),
        ),
      )
      .execute();
    return rows.map((row) => row.id).filter((id) => !this.held.has(id));
  }

  /** Instances this node holds that are now placed elsewhere (moved, or its node drained): to hand over. */
  async misplaced(): Promise<string[]> {
    const held = [...this.held.keys()];
    if (held.length === 0) return [];
    const rows = await this.db.selectFrom("instances").select(["id", "assigned_node"]).where("id", "in", held).execute();
    return rows.filter((row) => row.assigned_node !== this.nodeName).map((row) => row.id);
  }

  /** Places one instance on a live, non-draining node (an operator's move). */
  async move(instanceId: string, node: string): Promise<void> {
    const target = (await this.nodes()).find((n) => n.name === node);
    if (!target?.live) throw new DomainError("invalid_input", `Invalid request: body.node names no live node ("${node}")`, { issues: [{ path: "body.node", message: "names no live node" }] });
    if (target.draining) throw new DomainError("conflict", `Node "${node}" is draining: it takes no instances`);
    const result = await this.db.updateTable("instances").set({ assigned_node: node }).where("id", "=", instanceId).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new DomainError("not_found", `No instance ${instanceId}`);
  }

  /**
   * Drains a node before maintenance: it takes no new instances, and every instance placed on it is placed on the
   * other live nodes (least-loaded first); its sessions end there as the new nodes start them. `false` undoes it.
   */
  async drain(node: string, draining: boolean): Promise<{ node: NodeState; moving: number }> {
    const result = await this.db.updateTable("nodes").set({ draining: draining ? 1 : 0 }).where("name", "=", node).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new DomainError("not_found", `No gateway node "${node}"`);
    let moving = 0;
    if (draining) {
      const others = (await this.nodes()).filter((n) => n.live && !n.draining && n.name !== node);
      const rows = await this.db.selectFrom("instances").select("id").where("assigned_node", "=", node).execute();
      if (rows.length > 0 && others.length === 0) throw new DomainError("conflict", `Node "${node}" is draining, but no other live node can take its ${rows.length} instances`);
      const placed = await this.placedCounts();
      for (const row of rows) {
        const target = leastLoaded(others.map((n) => n.name), placed);
        const moved = await this.db.updateTable("instances").set({ assigned_node: target }).where("id", "=", row.id).where("assigned_node", "=", node).executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 1) {
          placed.set(target, (placed.get(target) ?? 0) + 1);
          moving += 1;
        }
      }
    }
    const state = (await this.nodes()).find((n) => n.name === node)!;
    return { node: state, moving };
  }

  /** A clean stop: leases handed back at once, the node marked stopped. */
  async leave(): Promise<void> {
    await this.release([...this.held.keys()]);
    await this.db.updateTable("nodes").set({ stopped_at: this.now() }).where("name", "=", this.nodeName).where("boot_id", "=", this.bootId).execute();
  }
}
