import * as z from "zod/mini";

// Proxy URLs and how an instance chooses its proxy (docs/proxies.md). Apart from contract/proxies.ts so that
// contract/instances.ts can take the choice in CreateInstanceRequest without an import cycle.

const PROTOCOLS = ["http", "https", "socks5", "socks5h"] as const;
export type ProxyProtocol = (typeof PROTOCOLS)[number];

/** A proxy URL taken apart: credentials decoded, host without IPv6 brackets and in lower case. */
export interface ParsedProxyUrl {
  protocol: ProxyProtocol;
  host: string;
  port: number;
  username?: string;
  password?: string;
}

/** What a masked URL shows instead of a password (or of a user name that is the only credential). */
const MASK = "••••";

// Labels may hold underscores: not valid host names, yet some providers' proxy names have them, and they resolve.
const HOST_NAME = /^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*\.?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:.]+$/;

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/**
 * Takes a proxy URL apart: `http://`, `https://`, `socks5://` (names resolved here) or `socks5h://` (names resolved by
 * the proxy), a host, a port (http and https default to 80 and 443; SOCKS has no default), optional percent-encoded
 * `user:password`, and nothing else. Returns why it is not one otherwise, in words that never repeat a credential.
 */
export function parseProxyUrl(raw: string): { ok: ParsedProxyUrl } | { error: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { error: "must be a proxy URL like http://user:password@proxy.example.com:8080" };
  }
  const protocol = url.protocol.slice(0, -1).toLowerCase();
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) return { error: "must use http://, https://, socks5:// or socks5h://" };
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const bracketed = url.hostname.startsWith("[");
  if (!host) return { error: "must name the proxy's host" };
  if (bracketed ? !IPV6.test(host) : !(HOST_NAME.test(host) || IPV4.test(host))) return { error: "must name the proxy's host as a DNS name or an IP address" };
  if ((url.pathname !== "" && url.pathname !== "/") || url.search || url.hash) return { error: "must be only scheme, credentials, host and port (no path, query or fragment)" };
  const socks = protocol.startsWith("socks");
  if (socks && url.port === "") return { error: "must name the port (SOCKS has no default port), like socks5://proxy.example.com:1080" };
  const port = url.port === "" ? (protocol === "https" ? 443 : 80) : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: "must have a port from 1 to 65535" };
  const username = decoded(url.username);
  const password = decoded(url.password);
  if (username === null || password === null) return { error: "has credentials that are not valid percent-encoding (write @ : / % in them as %40 %3A %2F %25)" };
  if (password && !username) return { error: "has a password without a user name" };
  if (socks && (utf8Bytes(username) > 255 || utf8Bytes(password) > 255)) return { error: "has a user name or password longer than SOCKS5 allows (255 bytes each)" };
  return {
    ok: {
      protocol: protocol as ProxyProtocol,
      host,
      port,
      ...(username ? { username } : {}),
      ...(url.password !== "" ? { password } : {}),
    },
  };
}

/**
 * The URL again, in one canonical form: with its credentials (for the agents that connect through it; never shown,
 * never logged), or masked (`http://user:••••@host:port`; a user name without a password is the credential itself and
 * is masked instead).
 */
export function proxyUrlText(proxy: ParsedProxyUrl, credentials: "include" | "mask"): string {
  const host = proxy.host.includes(":") ? `[${proxy.host}]` : proxy.host;
  let userinfo = "";
  if (proxy.username !== undefined) {
    if (credentials === "include") userinfo = `${encodeURIComponent(proxy.username)}${proxy.password !== undefined ? `:${encodeURIComponent(proxy.password)}` : ""}@`;
    else userinfo = proxy.password !== undefined ? `${encodeURIComponent(proxy.username)}:${MASK}@` : `${MASK}@`;
  }
  return `${proxy.protocol}://${userinfo}${host}:${proxy.port}`;
}

/** A proxy URL as requests carry it; checked with parseProxyUrl. */
export const ProxyUrl = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "is required"),
    z.maxLength(2048, "must be at most 2048 characters"),
    z.superRefine((value, ctx) => {
      const parsed = parseProxyUrl(value);
      if ("error" in parsed) ctx.addIssue({ code: "custom", message: parsed.error });
    }),
  )
  .register(z.globalRegistry, {
    id: "ProxyUrl",
    description:
      "`http://`, `https://` (TLS to the proxy), `socks5://` (host names resolved by the gateway) or `socks5h://` (resolved by the proxy), a host name or IP, a port (SOCKS: required), optional `user:password` percent-encoded. Never returned: responses carry it masked.",
    example: "http://user:password@proxy.example.com:8080",
  });

export const ProxyId = z
  .string()
  .check(z.regex(/^prx_[A-Za-z0-9]{10,40}$/, "must be a proxy id like prx_…"))
  .register(z.globalRegistry, { description: "Pool proxy id", example: "prx_7Hk2mQ9xL4pR" });

const MODES = ["none", "auto", "pool", "custom"] as const;

/** Which proxy an instance goes through: none, one from the pool (named or the least used), or its own URL. */
export const InstanceProxySpec = z
  .discriminatedUnion(
    "mode",
    [
      z.strictObject({ mode: z.literal("none") }),
      z.strictObject({ mode: z.literal("auto") }),
      z.strictObject({ mode: z.literal("pool"), proxyId: ProxyId }),
      z.strictObject({ mode: z.literal("custom"), url: ProxyUrl }),
    ],
    { error: (issue) => (issue.code === "invalid_union" ? `mode must be one of: ${MODES.join(", ")}` : undefined) },
  )
  .register(z.globalRegistry, {
    id: "InstanceProxySpec",
    description:
      "`none`: connect directly. `auto`: the pool proxy with the fewest instances among those not failing their health check and below their `maxInstances` (409 when none has room). `pool`: this pool proxy (409 when it is full). `custom`: a proxy URL for this instance alone.",
  });
export type InstanceProxySpec = z.infer<typeof InstanceProxySpec>;
