/**
 * How long to wait after each failed attempt before the next one: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h,
 * 24 h. Ten attempts in all (the first is immediate), spread over about 3 days (75.6 h), each wait ±20 % jitter so
 * receivers coming back up are not hit by a thundering herd. `scale` (WEBHOOK_RETRY_SCALE) shrinks it for tests.
 */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const JITTER = 0.2;
/** An endpoint whose attempts have all failed for this long is disabled (before scaling). */
const DISABLE_AFTER_FAILING_MS = 3 * 24 * 3_600_000;
/** Never wait longer than this because a receiver asked to (Retry-After). */
export const RETRY_AFTER_CAP_MS = 24 * 3_600_000;

export type AttemptOutcome =
  | { kind: "succeeded" }
  /** 410 Gone: the receiver wants no more deliveries. */
  | { kind: "gone" }
  | { kind: "retry"; delayMs: number }
  | { kind: "exhausted" };

/** Parses Retry-After: delta-seconds or an HTTP date. Returns milliseconds from now (≥ 0), or null. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates (IMF-fixdate and the two obsolete forms) all start with a day name.
  if (!/^[A-Za-z]{3}/.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

export interface RetryPolicyOptions {
  scale: number;
  random?: () => number;
}

export class RetryPolicy {
  readonly scale: number;
  private readonly random: () => number;

  constructor(options: RetryPolicyOptions) {
    this.scale = options.scale;
    this.random = options.random ?? Math.random;
  }

  /** The wait after the `attempt`-th failed attempt (1-based), with jitter, or null when none is left. */
  delayAfter(attempt: number): number | null {
    const base = RETRY_DELAYS_MS[attempt - 1];
    if (base === undefined) return null;
    const jitter = 1 + (this.random() * 2 - 1) * JITTER;
    return Math.max(1, Math.round(base * this.scale * jitter));
  }

  get disableAfterMs(): number {
    return DISABLE_AFTER_FAILING_MS * this.scale;
  }

  /**
   * What to do after attempt number `attempt` got `statusCode` (undefined: no answer). Only 2xx succeeds; 3xx is a
   * failure (redirects are never followed); 410 disables the endpoint; 429/503 wait at least Retry-After (capped).
   */
  decide(attempt: number, statusCode: number | undefined, retryAfter?: string): AttemptOutcome {
    if (statusCode !== undefined && statusCode >= 200 && statusCode < 300) return { kind: "succeeded" };
    if (statusCode === 410) return { kind: "gone" };
    const scheduled = this.delayAfter(attempt);
    if (scheduled === null) return { kind: "exhausted" };
    if (statusCode === 429 || statusCode === 503) {
      const asked = parseRetryAfter(retryAfter);
      if (asked !== null) return { kind: "retry", delayMs: Math.max(scheduled, Math.min(asked, RETRY_AFTER_CAP_MS)) };
    }
    return { kind: "retry", delayMs: scheduled };
  }
}
