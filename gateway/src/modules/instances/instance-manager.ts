import type { Logger } from "pino";
import { BROWSER_PRESETS, type Instance, type InstanceStatus } from "../../../../contract/instances";
import { newId } from "../auth/tokens";
import type { Db } from "../../db/database";
import type { Engine } from "../../engines/engine";
import type { GatewayEvents } from "../../events/gateway-events";
import { DomainError } from "../../domain-error";
import { AuthStateStore } from "./auth-state-store";
import { InstanceRepository } from "./instance-repository";
import { InstanceRuntime } from "./instance-runtime";

/** Owns every instance's runtime on this node: create, find, delete, restore on start, stop on shutdown. */
export class InstanceManager {
  readonly repo: InstanceRepository;
  private readonly runtimes = new Map<string, InstanceRuntime>();
  private readonly beforeShutdown: Array<() => Promise<void>> = [];

  constructor(
    private readonly db: Db,
    readonly engine: Engine,
    private readonly events: GatewayEvents,
    private readonly log: Logger,
    /** Each instance's logger (the log store captures engine output through it); a plain child by default. */
    private readonly instanceLog: (instanceId: string) => Logger = (instanceId) => log.child({ instanceId }),
  ) {
    this.repo = new InstanceRepository(db);
  }

  async create(input: { name: string; browser?: [string, string, string]; connect: boolean }): Promise<Instance> {
    const at = new Date().toISOString();
    const browser = input.browser ?? [...BROWSER_PRESETS.default];
    const instance = await this.repo.insert({ id: newId("ins"), name: input.name, engine: this.engine.name, browser, desired: input.connect ? "running" : "stopped", at });
    this.events.emit("instance.created", { instance, seq: instance.seq, at });
    this.log.info({ instanceId: instance.id }, "instance created");
    if (input.connect) await (await this.runtime(instance.id)).connect("Connecting for the first time");
    return this.repo.get(instance.id);
  }

  /** The runtime of an existing instance (404 when the id is unknown). */
  async runtime(id: string): Promise<InstanceRuntime> {
    const existing = this.runtimes.get(id);
    if (existing) return existing;
    const row = await this.repo.find(id);
    if (!row) throw new DomainError("not_found", `No instance ${id}`);
    // Another request may have created it while we read the row.
    const raced = this.runtimes.get(id);
    if (raced) return raced;
    const runtime = new InstanceRuntime({
      instanceId: id,
      engine: this.engine,
      repo: this.repo,
      auth: new AuthStateStore(this.db, id, this.engine.authCodec),
      events: this.events,
      log: this.instanceLog(id),
      browser: row.browser ? (JSON.parse(row.browser) as [string, string, string]) : [...BROWSER_PRESETS.default],
      status: row.status as InstanceStatus,
    });
    this.runtimes.set(id, runtime);
    return runtime;
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
    const seq = await this.repo.delete(id);
    this.events.emit("instance.deleted", { instanceId: id, seq, at: new Date().toISOString() });
    this.log.info({ instanceId: id }, "instance deleted");
  }

  /** On start: reopen what has auth state and was meant to run; the rest cannot resume without a new QR. */
  async restoreAll(): Promise<{ restored: number; stopped: number }> {
    let restored = 0;
    let stopped = 0;
    for (const row of await this.repo.allRows()) {
      if (row.desired_state !== "running") continue;
      const hasCreds = await new AuthStateStore(this.db, row.id, this.engine.authCodec).hasCreds();
      if (hasCreds) {
        await (await this.runtime(row.id)).restore();
        restored += 1;
      } else {
        await this.repo.changeStatus(
          row.id,
          { status: "DISCONNECTED", reason: "The gateway restarted before the QR was scanned; connect again for a new QR" },
          { desired_state: "stopped", connected_at: null },
        );
        stopped += 1;
      }
    }
    if (restored + stopped > 0) this.log.info({ restored, stopped }, "instances restored after start");
    return { restored, stopped };
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
