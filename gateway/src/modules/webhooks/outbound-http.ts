import dns from "node:dns";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";

export interface OutboundResult {
  /** Set when the receiver answered (any status, 3xx included: redirects are never followed). */
  statusCode?: number;
  latencyMs: number;
  responseHeaders: Record<string, string>;
  /** The first `excerptBytes` of the response body, as UTF-8. */
  bodyExcerpt: string;
  /** Why no usable answer came: blocked address, DNS, refused, reset, timeout… */
  error?: string;
  /** True when the target address was refused by the SSRF filter (no connection was opened). */
  blocked?: boolean;
}

export interface OutboundOptions {
  /** Exact IPs that may be reached even though they are private/loopback/link-local (WEBHOOK_ALLOW_IPS). */
  allowIps: readonly string[];
  timeoutMs?: number;
  excerptBytes?: number;
  userAgent?: string;
  /** Who reaches out, as refusals name it: "webhooks" (the default) or "media URLs". */
  purpose?: string;
}

/** A GET into a file: what arrived, or why nothing usable did. */
export type DownloadResult =
  | { ok: true; statusCode: number; contentType: string | undefined; size: number }
  | { ok: false; error: string; statusCode?: number; blocked?: boolean; tooLarge?: boolean };

function normalizeIp(ip: string): string {
  return ipaddr.parse(ip).toString();
}

/**
 * Cloud metadata endpoints (instance credentials live there): refused even when listed in WEBHOOK_ALLOW_IPS.
 * Some are public unicast addresses that no range check catches: Azure's WireServer 168.63.129.16. Also AWS
 * (169.254.169.254, IPv6 fd00:ec2::254, ECS task metadata 169.254.170.2), Alibaba 100.100.100.200, Oracle 192.0.0.192.
 */
export const METADATA_IPS: readonly string[] = ["169.254.169.254", "169.254.170.2", "168.63.129.16", "100.100.100.200", "192.0.0.192", "fd00:ec2::254"];
const METADATA = new Set(METADATA_IPS.map(normalizeIp));

/** Whether an IP address is a cloud metadata endpoint (in any of its spellings, IPv4-mapped IPv6 included). */
export function isMetadataAddress(ip: string): boolean {
  return isIP(ip) !== 0 && (METADATA.has(normalizeIp(ip)) || METADATA.has(ipaddr.process(ip).toString()));
}

/** IANA's global unicast block: every routable IPv6 address is in it. */
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3") as [ipaddr.IPv6, number];
const IPV6_IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96") as [ipaddr.IPv6, number];

/**
 * ipaddr.js's range, stricter for IPv6: the deprecated IPv4-compatible block ::/96 (`::127.0.0.1` is ::7f00:1,
 * which ipaddr.js calls unicast) and anything else outside 2000::/3 are not public addresses.
 */
function rangeOf(parsed: ipaddr.IPv4 | ipaddr.IPv6): string {
  const range = parsed.range();
  if (range !== "unicast" || parsed.kind() === "ipv4") return range;
  const v6 = parsed as ipaddr.IPv6;
  if (v6.match(IPV6_IPV4_COMPATIBLE)) return "ipv4Compatible";
  return v6.match(IPV6_GLOBAL_UNICAST) ? "unicast" : "reserved";
}

/**
 * The one address policy, for an IP literal and (through the agent's DNS lookup) for every resolved address:
 * only globally routable unicast addresses, unless listed exactly in the allow-list. IPv4-mapped and
 * IPv4-compatible IPv6, 6to4, NAT64, ULA, link-local and every reserved range are refused, and cloud metadata
 * addresses always are.
 */
function blockedIpReason(ip: string, allowIps: ReadonlySet<string>, purpose = "webhooks"): string | null {
  if (isIP(ip) === 0) return null;
  const parsed = ipaddr.parse(ip);
  const range = rangeOf(parsed);
  if (METADATA.has(parsed.toString())) {
    return `${ip} is a ${range === "unicast" ? "cloud metadata" : `${range} address and a cloud metadata`} address; ${purpose} may never reach it, not even when listed in WEBHOOK_ALLOW_IPS`;
  }
  if (allowIps.has(ip) || allowIps.has(parsed.toString())) return null;
  if (range === "unicast") return null;
  return `${ip} is a ${range} address; ${purpose} may only reach public addresses (list it in WEBHOOK_ALLOW_IPS to allow it)`;
}

/**
 * dns.lookup for request-filtering-agent, which checks what this returns against ipaddr.js's ranges itself (and
 * reports those). This adds, after DNS, what that range check lets through and blockedIpReason refuses: ::/96,
 * IPv6 outside 2000::/3, public metadata addresses. The error reads like the agent's, so it is reported as "Blocked".
 */
function filteringLookup(allow: ReadonlySet<string>, purpose: string): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      for (const { address, family } of addresses) {
        const reason = ipaddr.parse(address).range() === "unicast" ? blockedIpReason(address, allow, purpose) : null;
        if (reason) return callback(new Error(`DNS lookup ${address}(family:${family}, host:${hostname}) is not allowed. Because ${reason}`), "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * The same address policy for a connection this client does not make (SMTP): resolves `host` (or takes an IP
 * literal) and checks every address. Returns the address to connect to, so nothing can resolve the name differently
 * between the check and the connection, or why the host may not be reached.
 */
export async function resolveAllowedAddress(host: string, allowIps: readonly string[], purpose: string): Promise<{ address: string } | { error: string }> {
  const allow = new Set(allowIps.flatMap((ip) => [ip, normalizeIp(ip)]));
  const literal = host.startsWith("[") ? host.slice(1, -1) : host;
  let addresses: string[];
  try {
    addresses = isIP(literal) !== 0 ? [literal] : (await dns.promises.lookup(literal, { all: true })).map((a) => a.address);
  } catch (error) {
    return { error: describeError(error as NodeJS.ErrnoException) };
  }
  for (const address of addresses) {
    const reason = blockedIpReason(address, allow, purpose);
    if (reason) return { error: `Blocked: ${reason}` };
  }
  const first = addresses[0];
  return first ? { address: first } : { error: "host not found (DNS)" };
}

/** The host of a URL as an IP literal (without IPv6 brackets), or null when it is a name. */
function urlIpLiteral(url: URL): string | null {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) !== 0 ? host : null;
}

const BLOCKED_MESSAGE = /is not allowed\. Because/;

function headerRecord(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = (Array.isArray(value) ? value.join(", ") : value).slice(0, 1024);
  }
  return out;
}

/**
 * The ONE client for user-given URLs. Every connection goes through request-filtering-agent, which checks the
 * address after DNS resolution (so a name that resolves to 127.0.0.1 is refused too, and DNS rebinding cannot
 * slip through); IP literals are refused before any socket is opened. Redirects are never followed (a 3xx is just
 * a status), the whole exchange has one deadline, and only the first KiB of the body is read.
 */
export class OutboundHttp {
  private readonly allow: Set<string>;
  private readonly httpAgent: RequestFilteringHttpAgent;
  private readonly httpsAgent: RequestFilteringHttpsAgent;
  readonly timeoutMs: number;
  private readonly excerptBytes: number;
  private readonly userAgent: string;
  private readonly purpose: string;

  constructor(options: OutboundOptions) {
    this.purpose = options.purpose ?? "webhooks";
    this.allow = new Set(options.allowIps.flatMap((ip) => [ip, normalizeIp(ip)]));
    // The agent prefers its allow-list to its deny-list: a metadata address never goes into the former.
    const filter = {
      allowIPAddressList: [...this.allow].filter((ip) => !METADATA.has(normalizeIp(ip))),
      denyIPAddressList: [...METADATA],
      allowPrivateIPAddress: false,
      allowMetaIPAddress: false,
      lookup: filteringLookup(this.allow, this.purpose),
    };
    // Keep-alive sockets are reused per receiver; the agent validates each new connection's address.
    const agentOptions = { keepAlive: true, keepAliveMsecs: 1000, maxFreeSockets: 8, timeout: 30_000, scheduling: "lifo" as const };
    this.httpAgent = new RequestFilteringHttpAgent({ ...agentOptions, ...filter });
    this.httpsAgent = new RequestFilteringHttpsAgent({ ...agentOptions, ...filter });
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.excerptBytes = options.excerptBytes ?? 1024;
    this.userAgent = options.userAgent ?? "WhatsApp-API-Manager-Webhooks/1";
  }

  /** Why this URL can never be delivered to (scheme, or a literal address outside the allow-list); null if it may. */
  refuse(rawUrl: string): string | null {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return "is not a valid URL";
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return "must use https:// or http://";
    const ip = urlIpLiteral(url);
    return ip ? blockedIpReason(ip, this.allow, this.purpose) : null;
  }

  async post(rawUrl: string, headers: Record<string, string>, body: string | Buffer, signal?: AbortSignal): Promise<OutboundResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const refused = this.refuse(rawUrl);
    // Literal addresses are checked here too, so a refused one never reaches the network stack at all.
    if (refused) return { latencyMs: elapsed(), responseHeaders: {}, bodyExcerpt: "", error: `Blocked: ${refused}`, blocked: true };
    const url = new URL(rawUrl);
    const payload = typeof body === "string" ? Buffer.from(body, "utf8") : body;
    const secure = url.protocol === "https:";

    return new Promise<OutboundResult>((resolve) => {
      let statusCode: number | undefined;
      let responseHeaders: Record<string, string> = {};
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = (error?: string, blocked?: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const excerpt = Buffer.concat(chunks).subarray(0, this.excerptBytes).toString("utf8").replace(/\uFFFD$/, "");
        resolve({
          ...(statusCode !== undefined ? { statusCode } : {}),
          latencyMs: elapsed(),
          responseHeaders,
          bodyExcerpt: excerpt,
          ...(error ? { error } : {}),
          ...(blocked ? { blocked } : {}),
        });
      };
      const request = (secure ? https : http).request(url, {
        method: "POST",
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: {
          "user-agent": this.userAgent,
          ...headers,
          "content-type": "application/json",
          "content-length": String(payload.length),
        },
      });
      const timer = setTimeout(() => {
        request.destroy(new Error(`timed out after ${this.timeoutMs % 1000 === 0 ? `${this.timeoutMs / 1000} s` : `${this.timeoutMs} ms`}`));
      }, this.timeoutMs);
      const onAbort = () => request.destroy(new Error("abandoned: the gateway is shutting down"));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });

      request.on("response", (response) => {
        statusCode = response.statusCode;
        responseHeaders = headerRecord(response.headers);
        response.on("data", (chunk: Buffer) => {
          if (size < this.excerptBytes) chunks.push(chunk);
          size += chunk.length;
          // Enough for the excerpt: stop reading (and drop the connection) rather than download a large body.
          if (size >= this.excerptBytes) {
            finish();
            response.destroy();
          }
        });
        response.on("end", () => finish());
        response.on("error", (error) => finish(statusCode === undefined ? error.message : undefined));
        response.on("close", () => finish());
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        const blocked = BLOCKED_MESSAGE.test(error.message);
        finish(blocked ? `Blocked: ${error.message.replace(/^DNS lookup /, "")}` : describeError(error), blocked);
      });
      request.end(payload);
    });
  }

  /**
   * GETs a URL into `file`, through the same filtered agents (no redirects, one deadline), refusing a declared or
   * actual body over `maxBytes` and a content type `accept` refuses (its reason). The body goes to disk as it arrives,
   * never whole into memory; on any failure the file is removed.
   */
  async download(
    rawUrl: string,
    file: string,
    limits: { maxBytes: number; timeoutMs: number; accept: (contentType: string | undefined) => string | null },
    signal?: AbortSignal,
    tunnel?: http.Agent,
  ): Promise<DownloadResult> {
    const refused = this.refuse(rawUrl);
    if (refused) return { ok: false, error: `Blocked: ${refused}`, blocked: true };
    const url = new URL(rawUrl);
    const secure = url.protocol === "https:";
    const route = tunnel ? await this.throughTunnel(url, tunnel) : { agent: secure ? this.httpsAgent : this.httpAgent, options: { headers: {} } };
    if ("error" in route) return { ok: false, error: route.error, ...(route.error.startsWith("Blocked") ? { blocked: true } : {}) };
    const result = await new Promise<DownloadResult>((resolve) => {
      let settled = false;
      const out = fs.createWriteStream(file, { mode: 0o600 });
      const finish = (value: DownloadResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (!value.ok) request.destroy();
        out.end(() => resolve(value));
      };
      const request = (secure ? https : http).request(url, { method: "GET", agent: route.agent, ...route.options, headers: { "user-agent": this.userAgent, accept: "*/*", ...route.options.headers } });
      // An HTTP proxy that refuses the tunnel answers instead of the URL: say so rather than report its status as the URL's.
      request.on("proxyConnect", (answer: { statusCode?: number; statusText?: string }) => {
        if (answer.statusCode !== 200) finish({ ok: false, error: `the instance's proxy did not open a tunnel (${answer.statusCode}${answer.statusText ? ` ${answer.statusText}` : ""})` });
      });
      const timer = setTimeout(() => finish({ ok: false, error: `timed out after ${Math.round(limits.timeoutMs / 1000)} s` }), limits.timeoutMs);
      const onAbort = () => finish({ ok: false, error: "abandoned: the gateway is shutting down" });
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
      request.on("response", (response) => {
        const statusCode = response.statusCode ?? 0;
        if (statusCode < 200 || statusCode > 299) {
          response.resume();
          return finish({ ok: false, statusCode, error: `the URL answered ${statusCode}${statusCode >= 300 && statusCode < 400 ? " (redirects are not followed)" : ""}` });
        }
        const contentType = response.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() || undefined;
        const wrongType = limits.accept(contentType);
        if (wrongType) return finish({ ok: false, statusCode, error: wrongType });
        const declared = Number(response.headers["content-length"]);
        const tooLarge = (size: number) => ({ ok: false as const, statusCode, tooLarge: true, error: `the file is larger than the ${formatBytes(limits.maxBytes)} limit${size > 0 ? ` (${formatBytes(size)})` : ""}` });
        if (Number.isFinite(declared) && declared > limits.maxBytes) return finish(tooLarge(declared));
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) return finish(tooLarge(0));
          if (!out.write(chunk)) {
            response.pause();
            out.once("drain", () => response.resume());
          }
        });
        response.on("end", () => finish({ ok: true, statusCode, contentType, size }));
        response.on("error", (error) => finish({ ok: false, statusCode, error: error.message }));
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        const blocked = BLOCKED_MESSAGE.test(error.message);
        finish({ ok: false, error: blocked ? `Blocked: ${error.message.replace(/^DNS lookup /, "")}` : describeError(error), ...(blocked ? { blocked } : {}) });
      });
      out.on("error", (error) => finish({ ok: false, error: `could not store the file: ${error.message}` }));
      request.end();
    });
    if (!result.ok) await fs.promises.rm(file, { force: true });
    return result;
  }

  /**
   * A download through an instance's proxy (docs/proxies.md, "Media URLs through a proxy"): the filtered agents check the
   * socket's address, which would be the proxy's, so the name is resolved and every address checked here first, and the
   * proxy is asked to connect to the checked address itself (TLS still verifies the name): it does not resolve the
   * name again, so a record that changes in between cannot send it elsewhere.
   */
  private async throughTunnel(url: URL, tunnel: http.Agent): Promise<{ agent: http.Agent; options: http.RequestOptions & { servername?: string; headers: Record<string, string> } } | { error: string }> {
    const literal = urlIpLiteral(url);
    const checked = literal ? { address: literal } : await resolveAllowedAddress(url.hostname, [...this.allow], this.purpose);
    if ("error" in checked) return { error: checked.error };
    const options = {
      hostname: checked.address,
      headers: { host: url.host },
      ...(url.protocol === "https:" && !literal ? { servername: url.hostname } : {}),
    };
    return { agent: tunnel, options };
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** 1.5 MiB, 52 KiB: sizes in messages. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function describeError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
      return "host not found (DNS)";
    case "EAI_AGAIN":
      return "DNS lookup failed (temporary)";
    case "ECONNRESET":
      return "connection reset by the receiver";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    case "CERT_HAS_EXPIRED":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `TLS: ${error.message}`;
    default:
      return error.message || String(error.code ?? "request failed");
  }
}
