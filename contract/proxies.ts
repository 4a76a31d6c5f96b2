import * as z from "zod/mini";
import { pageLimit } from "./query-params";
import { ErrorCode } from "./errors";
import { InstanceId } from "./instances";
import { InstanceProxySpec, ProxyId, ProxyUrl } from "./proxy-url";

// Proxies (docs/proxies.md): the pool of named proxies with caps and health, the check that connects through a
// proxy, and which proxy each instance goes through. A proxy's password is never returned: `url` is always masked.

const iso = z.iso.datetime();

const ProxyProtocol = z.enum(["http", "https", "socks5", "socks5h"]).register(z.globalRegistry, { id: "ProxyProtocol" });

const PROXY_ERROR_CODES = ["dns", "refused", "auth", "timeout", "protocol", "target", "blocked", "network"] as const;
export const ProxyErrorCode = z.enum(PROXY_ERROR_CODES).register(z.globalRegistry, {
  id: "ProxyErrorCode",
  description:
    "Why a check failed. dns: the proxy's host name (or, with socks5://, WhatsApp's) does not resolve here; refused: nothing listens at the proxy's address; auth: the proxy wants credentials, or refused the ones given; timeout: no answer in time; protocol: what answered does not speak the URL's protocol (an HTTP proxy URL pointing at a SOCKS server, TLS to a plain proxy…); target: the proxy works but could not or would not connect to WhatsApp; blocked: the proxy's address is a cloud metadata address; network: anything else (reset, unreachable)",
});
export type ProxyErrorCode = z.infer<typeof ProxyErrorCode>;

const ProxyHealthState = z.enum(["ok", "failing", "unknown"]).register(z.globalRegistry, {
  id: "ProxyHealthState",
  description: "ok: the last check connected through it; failing: the last check did not; unknown: not checked yet",
});

const ProxyHealth = z
  .object({
    state: ProxyHealthState,
    checkedAt: z.nullable(iso),
    latencyMs: z.nullable(z.number().check(z.int())).register(z.globalRegistry, { description: "How long the last successful check took to open a tunnel to WhatsApp" }),
    exitIp: z.nullable(z.string()).register(z.globalRegistry, { description: "The address the last check came out at (only when PROXY_EXIT_IP_URL is set; rotating proxies change it)" }),
    error: z.nullable(z.string()),
    errorCode: z.nullable(ProxyErrorCode),
  })
  .register(z.globalRegistry, { id: "ProxyHealth" });

const proxyName = () => z.string().check(z.trim(), z.minLength(1, "is required"), z.maxLength(100, "must be at most 100 characters"));
const maxInstances = () =>
  z
    .nullable(z.number().check(z.int("must be a whole number"), z.gte(1, "must be at least 1 (or null for no cap)"), z.lte(100_000, "must be at most 100000")))
    .register(z.globalRegistry, { description: "How many instances may use it at once; null: no cap" });

export const PoolProxy = z
  .object({
    id: ProxyId,
    name: z.string(),
    url: z.string().register(z.globalRegistry, { description: "The proxy URL with its password masked", example: "http://user:••••@proxy.example.com:8080" }),
    protocol: ProxyProtocol,
    host: z.string(),
    port: z.number().check(z.int()),
    hasCredentials: z.boolean().register(z.globalRegistry, { description: "Credentials are saved (encrypted); they are never shown again" }),
    maxInstances: z.nullable(z.number().check(z.int())),
    instances: z.number().check(z.int(), z.nonnegative()).register(z.globalRegistry, { description: "Instances assigned to it now" }),
    health: ProxyHealth,
    createdAt: iso,
    updatedAt: iso,
  })
  .register(z.globalRegistry, { id: "PoolProxy" });
export type PoolProxy = z.infer<typeof PoolProxy>;

export const ProxyIdParams = z.object({ id: ProxyId });

export const CreateProxyRequest = z
  .strictObject({
    name: proxyName().register(z.globalRegistry, { description: "Unique in the pool, ignoring case" }),
    url: ProxyUrl,
    maxInstances: z._default(maxInstances(), null),
  })
  .register(z.globalRegistry, { id: "CreateProxyRequest" });
export type CreateProxyRequest = z.input<typeof CreateProxyRequest>;

export const UpdateProxyRequest = z
  .strictObject({
    name: z.optional(proxyName()),
    url: z.optional(ProxyUrl).register(z.globalRegistry, {
      description: "Replaces the address and its credentials together (send them again). Running instances that use the proxy restart through the new address.",
    }),
    maxInstances: z.optional(maxInstances()),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, "must change at least one field"))
  .register(z.globalRegistry, { id: "UpdateProxyRequest" });
export type UpdateProxyRequest = z.input<typeof UpdateProxyRequest>;

export const ListProxiesQuery = z.strictObject({
  limit: pageLimit(500, 100),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
});
export const ProxyList = z.object({ items: z.array(PoolProxy), nextCursor: z.nullable(z.string()) }).register(z.globalRegistry, { id: "ProxyList" });
export type ProxyList = z.infer<typeof ProxyList>;

export const TestProxyRequest = z.strictObject({ url: ProxyUrl }).register(z.globalRegistry, { id: "TestProxyRequest" });

export const ProxyTestResult = z
  .object({
    ok: z.boolean().register(z.globalRegistry, { description: "A tunnel to WhatsApp's socket host opened through the proxy" }),
    target: z.string().register(z.globalRegistry, { description: "Where the check connected through the proxy", example: "web.whatsapp.com:443" }),
    latencyMs: z.optional(z.number().check(z.int())).register(z.globalRegistry, { description: "From connecting to the proxy until the tunnel was open" }),
    exitIp: z.optional(z.string()).register(z.globalRegistry, { description: "The address PROXY_EXIT_IP_URL saw (only when it is set); a rotating proxy may show another next time" }),
    exitIpError: z.optional(z.string()).register(z.globalRegistry, { description: "Why the exit IP could not be told; the check itself still counts" }),
    error: z.optional(z.string()),
    errorCode: z.optional(ProxyErrorCode),
  })
  .register(z.globalRegistry, { id: "ProxyTestResult" });
export type ProxyTestResult = z.infer<typeof ProxyTestResult>;

export const InstanceProxy = z
  .object({
    instanceId: InstanceId,
    mode: z.enum(["none", "pool", "custom"]).register(z.globalRegistry, { description: "none: direct; pool: a pool proxy (also when `auto` picked it); custom: the instance's own URL" }),
    proxyId: z.nullable(ProxyId),
    proxyName: z.nullable(z.string()),
    url: z.nullable(z.string()).register(z.globalRegistry, { description: "The proxy URL with its password masked; null: direct" }),
    health: z.nullable(ProxyHealth).register(z.globalRegistry, { description: "A pool proxy's health; null for none and custom" }),
  })
  .register(z.globalRegistry, { id: "InstanceProxy" });
export type InstanceProxy = z.infer<typeof InstanceProxy>;

export const InstanceProxyChange = z
  .extend(InstanceProxy, {
    restart: z.boolean().register(z.globalRegistry, { description: "The instance's session is restarting through the new proxy (same credentials, no QR); false when it is not running or nothing changed for it" }),
  })
  .register(z.globalRegistry, { id: "InstanceProxyChange" });
export type InstanceProxyChange = z.infer<typeof InstanceProxyChange>;

export const AssignProxiesRequest = z
  .strictObject({
    instanceIds: z
      .pipe(
        z.array(InstanceId).check(z.minLength(1, "must list at least one instance"), z.maxLength(500, "must list at most 500 instances")),
        z.transform((ids: string[]) => [...new Set(ids)]),
      )
      .register(z.globalRegistry, { description: "The instances to assign (duplicates count once)" }),
    proxy: InstanceProxySpec,
  })
  .register(z.globalRegistry, { id: "AssignProxiesRequest" });
export type AssignProxiesRequest = z.input<typeof AssignProxiesRequest>;

export const AssignProxiesResult = z
  .object({
    items: z.array(
      z.object({
        instanceId: InstanceId,
        ok: z.boolean(),
        mode: z.optional(z.enum(["none", "pool", "custom"])),
        proxyId: z.optional(z.nullable(ProxyId)),
        restart: z.optional(z.boolean()),
        error: z.optional(z.object({ code: ErrorCode, message: z.string() })).register(z.globalRegistry, { description: "Why this instance was not assigned (not_found, conflict: no room, unavailable: its node did not answer)" }),
      }),
    ),
  })
  .register(z.globalRegistry, { id: "AssignProxiesResult" });
export type AssignProxiesResult = z.infer<typeof AssignProxiesResult>;
