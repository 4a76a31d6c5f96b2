// Who is calling the panel, as the panel's own HTTP server sees it (used by scripts/panel-server.mjs).
// Route handlers never see the TCP peer: Next.js only fills X-Forwarded-For with it when the client sent none
// (base-server.js: `x-forwarded-for ??= socket.remoteAddress`), so a client could choose its address.
// See docs/panel-server.md.
import proxyAddr from "@fastify/proxy-addr";

/** The header the panel's server sets on every request (any copy a client sent is replaced). */
export const CLIENT_ADDRESS_HEADER = "x-panel-client-address";

/**
 * PANEL_TRUST_PROXY, with the gateway's TRUST_PROXY semantics: unset or `false` trusts no proxy (the address
 * is the TCP peer); otherwise a comma-separated list of proxies (`loopback`, `linklocal`, `uniquelocal`, IPs,
 * CIDRs) whose X-Forwarded-For hop is believed. Throws with a message naming the bad entry.
 */
export function parseTrustProxy(raw) {
  const value = (raw ?? "").trim();
  if (value === "" || value === "false") return () => false;
  const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
  try {
    return proxyAddr.compile(entries);
  } catch (error) {
    throw new Error(`Invalid configuration: PANEL_TRUST_PROXY=${JSON.stringify(value)} ${error instanceof Error ? error.message : String(error)}; use false, loopback, or IPs/CIDRs, comma-separated`);
  }
}

/** The client address: the TCP peer, or the hop a trusted proxy in front added to X-Forwarded-For. */
export function clientAddress(req, trust) {
  return proxyAddr(req, trust);
}
