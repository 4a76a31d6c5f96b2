import type { Logger } from "pino";
import type { LeaderLease } from "../cluster/leader-lease";
import type { ProxyRow } from "./proxy-store";

/** Proxies checked at once in a round (each check is bounded by PROXY_CHECK_TIMEOUT_SECONDS). */
const ROUND_CONCURRENCY = 4;

export interface ProxyHealthDeps {
  all: () => Promise<ProxyRow[]>;
  check: (row: ProxyRow) => Promise<void>;
  /** Cluster mode: only the node holding it checks, so a cluster checks each proxy once per round. */
  lease: LeaderLease | null;
  intervalMs: number;
  log: Logger;
}

/** Checks every pool proxy every PROXY_CHECK_INTERVAL_SECONDS (0: never; checks on demand still work). */
export class ProxyHealthLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: ProxyHealthDeps) {}

  /** Starts the rounds (once the gateway listens and its node name is settled). */
  start(): void {
    if (this.timer || this.stopped || this.deps.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.deps.intervalMs);
    this.timer.unref();
    void this.tick();
  }

  /** One round after the one in progress (rounds never overlap). */
  tick(): Promise<void> {
    if (this.stopped) return this.running;
    this.running = this.running.then(() => this.round()).catch((error: unknown) => this.deps.log.error({ err: error }, "proxy health round failed; the next round tries again"));
    return this.running;
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    if (this.deps.lease && !(await this.deps.lease.hold())) return;
    const rows = await this.deps.all();
    let next = 0;
    const worker = async () => {
      while (next < rows.length && !this.stopped) {
        const row = rows[next++]!;
        await this.deps.check(row).catch((error: unknown) => this.deps.log.warn({ err: error, proxyId: row.id }, "checking a proxy failed"));
      }
    };
    await Promise.all(Array.from({ length: Math.min(ROUND_CONCURRENCY, rows.length) }, worker));
  }

  /** Stops the rounds, lets the one in progress finish, hands the lease back. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.deps.lease?.release().catch((error: unknown) => this.deps.log.warn({ err: error }, "handing the proxy-health lease back failed; it expires by itself"));
  }
}
