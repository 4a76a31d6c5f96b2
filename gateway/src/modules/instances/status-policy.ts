import { QR_EXPIRED_REASON, describeDisconnect } from "../../../../contract/disconnect-reasons";
import type { CloseInfo } from "../../engines/engine";

/** What to do when the current connection closes: docs/architecture.md §3, row by row. */
export type CloseDecision =
  | { action: "reconnect-now"; status: "RECONNECTING"; reason: string }
  | { action: "reconnect-backoff"; status: "RECONNECTING"; reason: string; counts500: boolean }
  | { action: "stop"; status: "DISCONNECTED"; reason: string }
  | { action: "relink"; status: "QR_REQUIRED"; reason: string }
  | { action: "fail"; status: "ERROR"; reason: string };

export interface RetryState {
  /** Reconnect attempts since the connection was last stable. */
  retries: number;
  /** Consecutive 500 (bad session) closes. */
  consecutive500: number;
}

export const RETRY_LIMITS = { maxRetries: 10, max500: 3, stableMs: 60_000, baseMs: 2_000, capMs: 60_000 } as const;

export function decideOnClose(info: CloseInfo, state: RetryState): CloseDecision {
  const reason = info.qrExpired ? QR_EXPIRED_REASON : describeDisconnect(info.code, info.reason);
  if (info.qrExpired) return { action: "stop", status: "DISCONNECTED", reason };
  switch (info.code) {
    case 515:
      return { action: "reconnect-now", status: "RECONNECTING", reason };
    case 440:
      return { action: "stop", status: "DISCONNECTED", reason };
    case 401:
      return { action: "relink", status: "QR_REQUIRED", reason };
    case 403:
    case 411:
      return { action: "fail", status: "ERROR", reason };
    case 500:
      if (state.consecutive500 >= RETRY_LIMITS.max500) return { action: "relink", status: "QR_REQUIRED", reason: `${reason}: it persisted, so the auth state was wiped` };
      break;
    default:
      break;
  }
  // 428, 408 (not QR expiry), 503, 500 (first few), unknown or no code: retry with backoff until exhausted.
  if (state.retries >= RETRY_LIMITS.maxRetries) {
    return { action: "fail", status: "ERROR", reason: `${reason}; gave up after ${RETRY_LIMITS.maxRetries} reconnect attempts` };
  }
  return { action: "reconnect-backoff", status: "RECONNECTING", reason, counts500: info.code === 500 };
}

/** Full-jitter exponential backoff: a random delay in [0, min(60 s, 2 s·2^n)). */
export function backoffDelayMs(retries: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(RETRY_LIMITS.capMs, RETRY_LIMITS.baseMs * 2 ** retries));
}
