import type { Logger } from "pino";
import { MASKED_VALUE, type DeliveryStatus } from "../../../../contract/webhooks";
import { failureText, recordOutcome } from "./attempt-outcome";
import type { OutboundHttp, OutboundResult } from "./outbound-http";
import type { RetryPolicy } from "./retry-policy";
import { signatureHeaders } from "./signing";
import type { DeliveryRow, DueDelivery, StoredHeader, WebhookRow, WebhookStore } from "./webhook-store";

export interface WorkerOptions {
  /** At most this many attempts in flight per endpoint, so one slow receiver only ever ties up its own slots. */
  perEndpoint: number;
  /** At most this many attempts in flight in all. */
  global: number;
  /** Look for due rows at least this often (rows inserted by another node, expired leases). */
  pollMs: number;
  /** Whether every lease in the database is this process's (single node on SQLite). */
  singleNode: boolean;
}

export interface WorkerHooks {
  /** A delivery changed state. */
  changed(row: DeliveryRow): void;
  /** An attempt was answered (or failed to reach its receiver): the status it leaves the delivery in, and its latency. */
  attempted(status: Exclude<DeliveryStatus, "pending">, latencyMs: number, webhookId: string): void;
  /** The endpoint must stop receiving (410, or failing for days). */
  disable(webhookId: string, reason: string): Promise<void>;
}

export type SendTarget = Pick<WebhookRow, "url" | "headers" | "secret" | "previous_secret" | "previous_secret_expires_at">;

/** The secrets that sign now: the current one, and the previous one while its grace period lasts. */
function signingSecrets(target: Pick<WebhookRow, "secret" | "previous_secret" | "previous_secret_expires_at">, now = Date.now()): string[] {
  const secrets = [target.secret];
  if (target.previous_secret && target.previous_secret_expires_at && Date.parse(target.previous_secret_expires_at) > now) secrets.push(target.previous_secret);
  return secrets;
}

/**
 * One signed POST of a stored delivery: same webhook-id and exact body bytes on every attempt, a fresh timestamp
 * and signature each time. Returns what happened and the request headers with custom values masked.
 */
export async function sendOnce(
  client: OutboundHttp,
  target: SendTarget,
  delivery: Pick<DeliveryRow, "event_id" | "body">,
  signal?: AbortSignal,
): Promise<{ at: string; result: OutboundResult; requestHeaders: Record<string, string> }> {
  const now = new Date();
  const custom = JSON.parse(target.headers) as StoredHeader[];
  const signature = signatureHeaders(signingSecrets(target, now.getTime()), delivery.event_id, delivery.body, now);
  const headers: Record<string, string> = {};
  for (const h of custom) headers[h.name.toLowerCase()] = h.value;
  Object.assign(headers, signature);
  const result = await client.post(target.url, headers, delivery.body, signal);
  const requestHeaders: Record<string, string> = { "content-type": "application/json" };
  for (const h of custom) requestHeaders[h.name.toLowerCase()] = MASKED_VALUE;
  Object.assign(requestHeaders, signature);
  return { at: now.toISOString(), result, requestHeaders };
}

interface InFlight {
  webhookId: string;
  abort: AbortController;
  done: Promise<void>;
}

/**
 * Drains the outbox. Due rows are claimed with a lease (so two workers never send the same row at once), sent,
 * and their attempt recorded; a failure is rescheduled by the retry policy. Work is looked up per endpoint (an
 * insert or a finished attempt names its endpoint), so a long backlog behind one slow endpoint costs nothing to
 * skip; a full scan runs on start, on the poll and when the next retry falls due.
 */
export class DeliveryWorker {
  private running = false;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly perEndpoint = new Map<string, number>();
  private kickPending = false;
  /** Endpoints that may have due work (from inserts and finished attempts). */
  private readonly hinted = new Set<string>();
  private fullScan = true;
  private ticking: Promise<void> | null = null;
  private tickAgain = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeAt: number | null = null;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: WebhookStore,
    private readonly client: OutboundHttp,
    private readonly policy: RetryPolicy,
    private readonly hooks: WorkerHooks,
    private readonly log: Logger,
    private readonly options: WorkerOptions,
  ) {}

  get busy(): number {
    return this.inFlight.size;
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.options.singleNode) await this.store.releaseAll();
    this.running = true;
    this.pollTimer = setInterval(() => this.kick("all"), this.options.pollMs);
    this.pollTimer.unref();
    this.kick("all");
  }

  /** Look for due work of this endpoint (or of every endpoint) soon; coalesced. */
  kick(webhookId: string | "all"): void {
    if (webhookId === "all") this.fullScan = true;
    else this.hinted.add(webhookId);
    if (!this.running || this.kickPending) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      void this.tick();
    });
  }

  /**
   * Stops taking work, abandons attempts in flight (their rows go back to the queue untouched: not failed, not
   * counted) and waits until none is left running.
   */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.pollTimer);
    clearTimeout(this.wakeTimer);
    // A tick under way may be claiming rows right now: let it finish (it launches nothing once stopped).
    await this.ticking;
    const abandoned = [...this.inFlight.entries()];
    for (const [, flight] of abandoned) flight.abort.abort();
    await Promise.all(abandoned.map(([, flight]) => flight.done));
    await this.store.release(abandoned.map(([id]) => id)).catch((error: unknown) => this.log.warn({ err: error }, "releasing abandoned deliveries failed"));
    if (abandoned.length > 0) this.log.info({ abandoned: abandoned.length }, "webhook deliveries in flight returned to the queue");
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = this.runTick().finally(() => {
      this.ticking = null;
    });
    await this.ticking;
  }

  private async runTick(): Promise<void> {
    try {
      let scanned = false;
      do {
        this.tickAgain = false;
        scanned = (await this.fill()) || scanned;
      } while (this.tickAgain && this.running);
      // After a full scan, look up when the next retry falls due; otherwise the wake-up already set still holds
      // (attempts that schedule a retry move it earlier when needed).
      if (scanned) await this.scheduleWake();
    } catch (error) {
      this.log.error({ err: error }, "webhook worker tick failed");
    }
  }

  /** Starts what is due, endpoint by endpoint, within the per-endpoint and global caps. True after a full scan. */
  private async fill(): Promise<boolean> {
    const now = new Date();
    const nowIso = now.toISOString();
    const scan = this.fullScan;
    let endpoints: string[];
    if (scan) {
      this.fullScan = false;
      this.hinted.clear();
      endpoints = await this.store.dueEndpoints(nowIso);
    } else {
      endpoints = [...this.hinted];
      this.hinted.clear();
    }
    const lease = new Date(now.getTime() + this.client.timeoutMs + 30_000).toISOString();
    for (const [i, webhookId] of endpoints.entries()) {
      if (!this.running) return scan;
      const globalFree = this.options.global - this.inFlight.size;
      if (globalFree <= 0) {
        // Out of global slots: remember the rest; the next finished attempt kicks again.
        for (const rest of endpoints.slice(i)) this.hinted.add(rest);
        return scan;
      }
      const slots = Math.min(this.options.perEndpoint - (this.perEndpoint.get(webhookId) ?? 0), globalFree);
      if (slots <= 0) continue; // at its cap: its own finished attempt will kick it
      const rows = (await this.store.dueFor(webhookId, nowIso, slots)).filter((row) => !this.inFlight.has(row.id));
      if (rows.length === 0 || !this.running) continue;
      const claimed = await this.store.claim(rows.map((row) => row.id), nowIso, lease);
      if (!this.running) {
        await this.store.release([...claimed]);
        return scan;
      }
      for (const row of rows) if (claimed.has(row.id)) this.launch(row);
    }
    return scan;
  }

  /** A retry was scheduled: make sure the worker wakes up for it. */
  private wakeBy(at: number): void {
    if (!this.running || (this.wakeAt !== null && this.wakeAt <= at)) return;
    this.setWake(at);
  }

  private setWake(at: number): void {
    clearTimeout(this.wakeTimer);
    const wait = Math.max(1, Math.min(at - Date.now(), this.options.pollMs));
    this.wakeAt = Date.now() + wait;
    this.wakeTimer = setTimeout(() => {
      this.wakeAt = null;
      this.kick("all");
    }, wait);
    this.wakeTimer.unref();
  }

  /**
   * Sleeps until the next retry falls due. Rows already due but waiting for a slot are not a reason to wake: the
   * attempt that frees the slot kicks the worker (and the poll is the safety net).
   */
  private async scheduleWake(): Promise<void> {
    const next = await this.store.nextDueAfter(new Date().toISOString());
    if (!this.running) return;
    if (next) this.setWake(Date.parse(next));
    else {
      clearTimeout(this.wakeTimer);
      this.wakeAt = null;
    }
  }

  private launch(row: DueDelivery): void {
    const abort = new AbortController();
    this.perEndpoint.set(row.webhook_id, (this.perEndpoint.get(row.webhook_id) ?? 0) + 1);
    const flight: InFlight = { webhookId: row.webhook_id, abort, done: Promise.resolve() };
    this.inFlight.set(row.id, flight);
    flight.done = this.attempt(row, abort.signal)
      .catch((error: unknown) => this.log.error({ err: error, deliveryId: row.id }, "webhook attempt failed unexpectedly"))
      .finally(() => {
        this.inFlight.delete(row.id);
        const left = (this.perEndpoint.get(row.webhook_id) ?? 1) - 1;
        if (left > 0) this.perEndpoint.set(row.webhook_id, left);
        else this.perEndpoint.delete(row.webhook_id);
        this.kick(row.webhook_id);
      });
  }

  private async attempt(row: DueDelivery, signal: AbortSignal): Promise<void> {
    const { at, result, requestHeaders } = await sendOnce(this.client, row, row, signal);
    // Shutting down mid-attempt: record nothing; stop() hands the row back to the queue.
    if (signal.aborted) return;
    const n = row.attempts + 1;
    const outcome = this.policy.decide(n, result.statusCode, result.responseHeaders["retry-after"]);
    const ok = outcome.kind === "succeeded";
    const status = outcome.kind === "succeeded" ? "succeeded" : outcome.kind === "retry" ? "retrying" : outcome.kind === "gone" ? "disabled" : "failed";
    const nextAttemptAt = outcome.kind === "retry" ? new Date(Date.now() + outcome.delayMs).toISOString() : null;
    this.hooks.attempted(status, result.latencyMs, row.webhook_id);
    const recorded = await recordOutcome(this.store, { at, result, requestHeaders }, { delivery: row, n, url: row.url, ok, status, nextAttemptAt, countsForHealth: true });
    if (!recorded) return; // deleted meanwhile
    const { delivery, failingSince } = recorded;
    if (delivery.next_attempt_at) this.wakeBy(Date.parse(delivery.next_attempt_at));
    this.hooks.changed(delivery);
    if (!ok) this.log.debug({ webhookId: row.webhook_id, deliveryId: row.id, attempt: n, statusCode: result.statusCode, error: failureText(result, ok), next: nextAttemptAt }, "webhook attempt failed");
    if (outcome.kind === "gone") {
      await this.hooks.disable(row.webhook_id, "The receiver answered 410 Gone: it asked for no more deliveries");
    } else if (!ok && failingSince && Date.now() - Date.parse(failingSince) > this.policy.disableAfterMs) {
      await this.hooks.disable(row.webhook_id, `Every delivery failed since ${failingSince} (more than 3 days)`);
    }
  }
}
