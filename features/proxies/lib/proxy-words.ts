import type { PoolProxy, ProxyErrorCode } from "@/contract/proxies";

// How a proxy's health, failures and usage read in the panel (docs/proxies.md: the check and its error codes).

type HealthState = PoolProxy["health"]["state"];

export const HEALTH_LABELS: Readonly<Record<HealthState, string>> = { ok: "OK", failing: "Failing", unknown: "Not checked" };

/** What each failure code of the check means, in words an operator can act on. */
const ERROR_CODE_WORDS: Readonly<Record<ProxyErrorCode, string>> = {
  dns: "The proxy's host name does not resolve",
  refused: "Connection refused: nothing listens at that address",
  auth: "The proxy wants credentials or refused them",
  timeout: "No answer in time",
  protocol: "It does not speak this URL's protocol",
  target: "The proxy works but would not connect to WhatsApp",
  blocked: "Blocked: a cloud metadata address",
  network: "Network error",
};

/** "3 of 10", or "3 · no cap". */
export function usageText(proxy: Pick<PoolProxy, "instances" | "maxInstances">): string {
  return proxy.maxInstances === null ? `${proxy.instances} · no cap` : `${proxy.instances} of ${proxy.maxInstances}`;
}

/** How full the proxy is, 0–1 (a proxy over a lowered cap counts as full); null without a cap. */
export function usageFraction(proxy: Pick<PoolProxy, "instances" | "maxInstances">): number | null {
  if (proxy.maxInstances === null) return null;
  return Math.min(1, proxy.instances / proxy.maxInstances);
}

/** Whether the pool proxy takes another instance (the gateway's rule for `pool`: below its cap). */
export function hasRoom(proxy: Pick<PoolProxy, "instances" | "maxInstances">): boolean {
  return proxy.maxInstances === null || proxy.instances < proxy.maxInstances;
}

/** Whether `auto` could pick anything: a pool proxy that is not failing and has room. */
export function autoHasRoom(pool: readonly Pick<PoolProxy, "instances" | "maxInstances" | "health">[]): boolean {
  return pool.some((proxy) => proxy.health.state !== "failing" && hasRoom(proxy));
}

/**
 * A failed check as one line: the gateway's own message, which names the cause and the address ("Nothing accepts
 * connections at host:port (connection refused)"); the code in words only when there is no message. Putting both
 * side by side said the same thing twice.
 */
export function failureText(errorCode: ProxyErrorCode | null | undefined, error: string | null | undefined): string {
  if (error?.trim()) return error;
  return errorCode ? ERROR_CODE_WORDS[errorCode] : "The check failed";
}

/** Splits a selection into requests of at most `size` ids, in order. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new RangeError("size must be at least 1");
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
