import type { DeliveryStatus } from "../../../../contract/webhooks";
import type { OutboundResult } from "./outbound-http";
import type { DeliveryRow, RecordedAttempt, WebhookStore } from "./webhook-store";

/** One send as sendOnce reports it. */
export interface SentAttempt {
  at: string;
  result: OutboundResult;
  requestHeaders: Record<string, string>;
}

/** Why an attempt did not succeed, in words an operator reads in the delivery log (undefined when it did). */
export function failureText(result: OutboundResult, ok: boolean): string | undefined {
  if (result.error) return result.error;
  if (ok) return undefined;
  const code = result.statusCode;
  if (code !== undefined && code >= 300 && code < 400) {
    const location = result.responseHeaders.location;
    return `redirect ${code} not followed${location ? ` (to ${location.slice(0, 200)})` : ""}`;
  }
  return `HTTP ${code}`;
}

/**
 * Stores one attempt's outcome on its delivery (and, when it counts, on the endpoint's health): the one way both the
 * delivery worker and the test tool record what a receiver answered.
 */
export function recordOutcome(
  store: WebhookStore,
  sent: SentAttempt,
  v: { delivery: DeliveryRow; n: number; url: string; ok: boolean; status: DeliveryStatus; nextAttemptAt: string | null; countsForHealth: boolean },
): Promise<RecordedAttempt | null> {
  const { result } = sent;
  const error = failureText(result, v.ok);
  return store.recordAttempt({
    ...v,
    at: sent.at,
    ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}),
    latencyMs: result.latencyMs,
    ...(error ? { error } : {}),
    responseExcerpt: result.bodyExcerpt,
    responseHeaders: result.responseHeaders,
    requestHeaders: sent.requestHeaders,
  });
}
