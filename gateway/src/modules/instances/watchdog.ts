import type { Logger } from "pino";
import type { WatchdogSettings } from "../../../../contract/watchdog";
import type { GatewayConfig } from "../../config";
import type { InstanceManager } from "./instance-manager";

/**
 * The watchdog (docs/operations.md, "Watchdog"): every WATCHDOG_INTERVAL_SECONDS it looks at the sessions this node
 * runs that are CONNECTED, each with its own policy and threshold or the gateway's, and has each runtime probe a
 * silent one and apply the policy (InstanceRuntime.watch). Probes run side by side, each bounded by its timeout.
 */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly instances: InstanceManager,
    private readonly config: GatewayConfig["watchdog"],
    private readonly log: Logger,
  ) {}

  /** One look at every connected session here; resolves with how many were found unresponsive. */
  async tick(now = Date.now()): Promise<number> {
    const running = this.instances.connectedRuntimes();
    if (running.length === 0) return 0;
    const overrides = await this.instances.repo.watchdogOverrides();
    const outcomes = await Promise.all(
      running.map(([id, runtime]) => {
        const own = overrides.get(id);
        const check = {
          policy: own?.policy ?? this.config.policy,
          silenceMs: own?.silenceSeconds != null ? own.silenceSeconds * 1000 : this.config.silenceMs,
          probeTimeoutMs: this.config.probeTimeoutMs,
        };
        return runtime.watch(check, now).catch((error: unknown) => {
          this.log.error({ err: error, instanceId: id }, "the watchdog's check failed");
          return "skipped" as const;
        });
      }),
    );
    return outcomes.filter((outcome) => outcome === "unresponsive").length;
  }

  /** Runs even when the gateway's policy is off: an instance may have set its own. */
  start(): void {
    this.timer = setInterval(() => {
      // One round at a time: a round waiting on probes is not joined by the next.
      this.round = this.round.then(() => this.tick()).catch((error: unknown) => this.log.error({ err: error }, "watchdog round failed"));
    }, this.config.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }

  /** An instance's settings as the API shows them: its own (or null) beside the gateway's defaults. */
  async settingsOf(id: string): Promise<WatchdogSettings> {
    const own = await this.instances.repo.watchdogOf(id);
    const defaultSilenceSeconds = Math.round(this.config.silenceMs / 1000);
    return {
      policy: own.policy ?? this.config.policy,
      silenceSeconds: own.silenceSeconds ?? defaultSilenceSeconds,
      instancePolicy: own.policy,
      instanceSilenceSeconds: own.silenceSeconds,
      defaultPolicy: this.config.policy,
      defaultSilenceSeconds,
      probeTimeoutSeconds: this.config.probeTimeoutMs / 1000,
    };
  }
}
