import type { Transaction } from "kysely";
import type { Logger } from "pino";
import { BROWSER_PRESETS, type CreateInstanceRequest, type Instance, type InstanceStatus } from "../../../../contract/instances";
import { newId } from "../auth/tokens";
import type { Db } from "../../db/database";
import type { Database } from "../../db/schema";
import type { Engine, ReceivedMedia } from "../../engines/engine";
import type { GatewayEvents } from "../../events/gateway-events";
import { DomainError } from "../../domain-error";
import type { Cluster } from "../cluster/cluster";
import type { InboundMediaService } from "../media/inbound-media";
import { AuthStateStore } from "./auth-state-store";
import { InstanceRepository } from "./instance-repository";
import { InstanceRuntime, type ResolvedProxy } from "./instance-runtime";
import { behaviourFromJson, browserOf } from "./settings-store";

/** Sessions a placement round starts at once. */
const START_CONCURRENCY = 8;

/** A create request as validated (defaults applied). */
type CreateInput = Omit<CreateInstanceRequest, "connect"> & { connect: boolean };

/**
 * What other modules add to an instance as it is created, in the creating transaction (its proxy, a settings
 * template): a throw creates nothing. Steps run in the order they are given. A step may return work to do once the
 * transaction is committed, before the instance is announced and connects (e.g. dropping a cache).
 */
type CreateStep = (trx: Transaction<Database>, instanceId: string, request: CreateInput) => Promise<void | (() => void)>;

/** Which proxy an instance's next connection goes through, read when its runtime is made (docs/proxies.md). */
type ProxyResolver = (instanceId: string) => Promise<ResolvedProxy>;

/** What the instances module takes from other modules. */
export interface InstanceExtensions {
  /** Where the instances' received media files are kept (the media module); without it they are not kept. */
  media?: Pick<InboundMediaService, "keep">;
  createSteps?: CreateStep[];
  proxyFor?: ProxyResolver;
}

/**
 * Owns the runtimes of the instances this node runs: create, find, delete, start what is placed here, stop what
 * another node took over, stop everything on shutdown. Which node runs what is the cluster's leases
 * (docs/architecture.md, "Several nodes"); a single node holds every lease itself.
 */
export class InstanceManager {
  readonly repo: InstanceRepository;
  private readonly runtimes = new Map<string, InstanceRuntime>();
  /** Instances being created or started here right now: the placement loop leaves them alone. */
  private readonly starting = new Set<string>();
  private readonly beforeShutdown: Array<() => Promise<void>> = [];
  private readonly createSteps: CreateStep[];

  constructor(
    private readonly db: Db,
    readonly engine: Engine,
    private readonly events: GatewayEvents,
    private readonly log: Logger,
    readonly cluster: Cluster,
    /** Each instance's logger (the log store captures engine output through it); a plain child by default. */
    private readonly instanceLog: (instanceId: string) => Logger = (instanceId) => log.child({ instanceId }),
    private readonly extensions: InstanceExtensions = {},
  ) {
    this.repo = new InstanceRepository(db, cluster.dialect);
    this.createSteps = [...(extensions.createSteps ?? [])];
  }

  /** A create step of a module registered after this one (settings templates), run after those given at construction. */
  addCreateStep(step: CreateStep): void {
    this.createSteps.push(step);
  }

  async create(input: CreateInput): Promise<Instance> {
    const at = new Date().toISOString();
    const browser = input.browser ?? [...BROWSER_PRESETS.default];
    const id = newId("ins");
    const node = await this.cluster.placeNew(input.node);
    this.starting.add(id);
    try {
      const committed: Array<() => void> = [];
      const instance = await this.repo.insert({ id, name: input.name, engine: this.engine.name, browser, desired: input.connect ? "running" : "stopped", node, at }, async (trx) => {
        for (const step of this.createSteps) {
          const after = await step(trx, id, input);
          if (after) committed.push(after);
        }
      });
      for (const after of committed) after();
      this.events.emit("instance.created", { instance, seq: instance.seq, at });
      this.log.info({ instanceId: instance.id, node }, "instance created");
      // Placed on another node: that node starts it on its next round (within a third of the lease TTL).
      if (input.connect && node === this.cluster.nodeName) await (await this.runtime(instance.id)).connect("Connecting for the first time");
      return await this.repo.get(instance.id);
    } finally {
      this.starting.delete(id);
    }
  }

  /** The runtime of an instance this node runs now, or null: never takes a lease (the send queue's view). */
  localRuntime(id: string): InstanceRuntime | null {
    return this.cluster.holds(id) ? (this.runtimes.get(id) ?? null) : null;
  }

  /**
   * The runtime of an existing instance (404 when the id is unknown), on this node: its lease is taken here first.
   * When another live node holds it, the call cannot run here (503 naming that node).
   */
  async runtime(id: string): Promise<InstanceRuntime> {
    const existing = this.runtimes.get(id);
    if (existing) return existing;
    const row = await this.repo.find(id);
    if (!row) throw new DomainError("not_found", `No instance ${id}`);
    const lease = await this.cluster.acquire(id);
    if ("owner" in lease) {
      throw new DomainError("unavailable", `Instance ${id} runs on gateway node "${lease.owner}": send this call to that node`, undefined, 1);
    }
    const proxy = (await this.extensions.proxyFor?.(id)) ?? { proxy: null };
    // Another request may have created it while we read the row.
    const raced = this.runtimes.get(id);
    if (raced) return raced;
    const media = this.extensions.media;
    const runtime = new InstanceRuntime({
      instanceId: id,
      engine: this.engine,
      repo: this.repo,
      auth: new AuthStateStore(this.db, id, this.engine.authCodec, (trx) => this.cluster.assertHeld(trx, id)),
      events: this.events,
      log: this.instanceLog(id),
      browser: browserOf(row.browser),
      settings: behaviourFromJson(row.settings),
      status: row.status as InstanceStatus,
      ...(media ? { media: { keep: (file: ReceivedMedia) => media.keep(id, file) } } : {}),
      proxy,
    });
    this.runtimes.set(id, runtime);
    return runtime;
  }

  /** The runtimes of the instances this node runs that are CONNECTED now (the watchdog's round). */
  connectedRuntimes(): Array<[string, InstanceRuntime]> {
    return [...this.runtimes].filter(([id, runtime]) => runtime.currentStatus === "CONNECTED" && this.cluster.holds(id));
  }

  async rename(id: string, name: string): Promise<Instance> {
    await this.repo.get(id);
    const instance = await this.repo.update(id, { name }, true);
    this.events.emit("instance.updated", { instance, seq: instance.seq, at: instance.updatedAt });
    return instance;
  }

  async remove(id: string): Promise<void> {
    const runtime = await this.runtime(id);
    await runtime.destroy();
    this.runtimes.delete(id);
    await this.cluster.release([id]);
    const seq = await this.repo.delete(id);
    this.events.emit("instance.deleted", { instanceId: id, seq, at: new Date().toISOString() });
    this.log.info({ instanceId: id }, "instance deleted");
  }

  /**
   * One round of the placement loop: heartbeat and lease renewal; sessions whose lease was lost (or all of them,
   * when renewals have failed for too long) stop here; instances of nodes that are gone are placed again; and what
   * is placed on this node and not running anywhere starts here. A paired instance resumes without a QR; one that
   * was never started links from scratch; one that was waiting for a scan when its node went away waits for an
   * operator to connect again (nobody may be watching a new QR).
   */
  async reconcile(): Promise<{ started: number; stopped: number }> {
    await this.renew();
    return this.place();
  }

  /**
   * Heartbeat and lease renewal, on its own cadence (a placement round that starts a thousand sessions must not
   * delay it, or this node would fence itself): sessions whose lease another node took end here.
   */
  async renew(): Promise<void> {
    let lost: string[];
    try {
      lost = await this.cluster.tick();
    } catch (error) {
      if (this.cluster.fenced) await this.fence();
      throw error;
    }
    for (const id of lost) await this.stopHere(id);
  }

  /** Hands over what was moved away, re-places a gone node's instances, and starts what is placed here. */
  async place(): Promise<{ started: number; stopped: number }> {
    // Moved or drained away: end the session here and hand the lease over at once.
    for (const id of await this.cluster.misplaced()) {
      if (this.starting.has(id)) continue;
      await this.stopHere(id);
      await this.cluster.release([id]);
    }
    await this.cluster.replaceOrphans();
    let started = 0;
    let stopped = 0;
    const pending = (await this.cluster.pendingHere()).filter((id) => !this.starting.has(id) && !this.runtimes.has(id));
    // A few at a time: a node taking over hundreds of instances should not start them one by one.
    let next = 0;
    const worker = async () => {
      while (next < pending.length) {
        const outcome = await this.startHere(pending[next++]!);
        if (outcome === "started") started += 1;
        if (outcome === "stopped") stopped += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(START_CONCURRENCY, pending.length) }, worker));
    if (started + stopped > 0) this.log.info({ started, stopped, node: this.cluster.nodeName }, "instances started on this node");
    return { started, stopped };
  }

  private async startHere(id: string): Promise<"started" | "stopped" | "skipped"> {
    if (this.starting.has(id) || this.runtimes.has(id)) return "skipped";
    this.starting.add(id);
    try {
      const endedAt = await this.cluster.previousSessionEndedAt(id);
      const lease = await this.cluster.acquire(id);
      if ("owner" in lease) return "skipped";
      const hasCreds = await new AuthStateStore(this.db, id, this.engine.authCodec).hasCreds();
      if (hasCreds) {
        // While no gateway ran it, it was not connected: its history says so from the moment its node went away.
        if (endedAt) await this.repo.recordSessionEnd(id, endedAt);
        await (await this.runtime(id)).restore();
        return "started";
      }
      if (lease.epoch === 1) {
        await (await this.runtime(id)).connect("Connecting for the first time");
        return "started";
      }
      await this.repo.changeStatus(
        id,
        { status: "DISCONNECTED", reason: "The gateway restarted before the QR was scanned; connect again for a new QR" },
        { desired_state: "stopped", connected_at: null },
      );
      return "stopped";
    } catch (error) {
      this.log.warn({ err: error, instanceId: id }, "starting an instance placed on this node failed; the next round tries again");
      return "skipped";
    } finally {
      this.starting.delete(id);
    }
  }

  /**
   * Fencing: renewals have failed for too long, so another node may take these instances over soon. Every session
   * here ends now, without touching the database (it may be what is unreachable); the placement loop starts them
   * again once the leases are this node's again.
   */
  async fence(): Promise<number> {
    const ids = this.cluster.dropAll();
    if (ids.length === 0) return 0;
    this.log.error({ stopping: ids.length, node: this.cluster.nodeName }, "cannot renew this node's leases: stopping its sessions before another node takes them over");
    for (const id of ids) await this.stopHere(id);
    return ids.length;
  }

  /** Ends a session here without a status change: another node owns the instance now. */
  private async stopHere(id: string): Promise<void> {
    const runtime = this.runtimes.get(id);
    this.runtimes.delete(id);
    if (!runtime) return;
    this.log.warn({ instanceId: id }, "another node runs this instance now: its session here ends");
    await runtime.shutdown();
  }

  /** Work to finish while the connections are still open (e.g. messages being sent), run first by shutdown(). */
  onShutdown(work: () => Promise<void>): void {
    this.beforeShutdown.push(work);
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.beforeShutdown.map((work) => work()));
    await Promise.all([...this.runtimes.values()].map((r) => r.shutdown()));
    this.runtimes.clear();
  }
}
