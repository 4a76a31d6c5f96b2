import * as z from "zod/mini";
import { pageLimit } from "./query-params";
import { InstanceId } from "./instances";

/**
 * What a key may call. `admin`: every operator route; `instance`: its one instance's routes; `metrics`: only
 * `GET /metrics` (a Prometheus scraper's credential), nothing else.
 */
export const ApiKeyScope = z.enum(["admin", "instance", "metrics"]);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/**
 * Extra rights an admin key may be given when it is created (none by default). `keys:manage`: create and revoke
 * API keys; without it, a leaked admin key cannot mint itself a successor before it is revoked.
 */
export const ApiKeyPermission = z.enum(["keys:manage"]).register(z.globalRegistry, { id: "ApiKeyPermission" });
export type ApiKeyPermission = z.infer<typeof ApiKeyPermission>;

/** What the API shows of a key: never the key itself, only a hint (prefix and last 4). */
export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    hint: z.string().register(z.globalRegistry, { example: "wam_…x7Qe" }),
    scope: ApiKeyScope,
    instanceId: z.nullable(InstanceId),
    permissions: z.array(ApiKeyPermission).register(z.globalRegistry, { description: "Extra rights of an admin key; empty for instance tokens" }),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.nullable(z.iso.datetime()),
    expiresAt: z.nullable(z.iso.datetime()),
    revokedAt: z.nullable(z.iso.datetime()),
  })
  .register(z.globalRegistry, { id: "ApiKey" });
export type ApiKey = z.infer<typeof ApiKey>;

export const CreateApiKeyRequest = z
  .strictObject({
    name: z.string().check(z.trim(), z.minLength(1, "is required"), z.maxLength(64, "must be at most 64 characters")),
    scope: ApiKeyScope,
    instanceId: z.optional(InstanceId).register(z.globalRegistry, { description: "Required for scope `instance`: the one instance the token may use" }),
    expiresAt: z.optional(
      z.iso
        .datetime({ message: "must be an ISO-8601 date-time, e.g. 2027-01-01T00:00:00Z" })
        .check(z.refine((v) => Date.parse(v) > Date.now(), "must be in the future")),
    ),
    permissions: z
      ._default(z.array(ApiKeyPermission), [])
      .register(z.globalRegistry, { description: "Extra rights (scope `admin` only). `keys:manage`: may create and revoke API keys. Default: none" }),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.scope === "instance" && !v.instanceId) ctx.addIssue({ code: "custom", path: ["instanceId"], message: "is required when scope is instance" });
      if (v.scope !== "instance" && v.instanceId) ctx.addIssue({ code: "custom", path: ["instanceId"], message: `must be empty when scope is ${v.scope}` });
      if (v.scope !== "admin" && v.permissions.length > 0) ctx.addIssue({ code: "custom", path: ["permissions"], message: "are only allowed when scope is admin" });
    }),
  )
  .register(z.globalRegistry, { id: "CreateApiKeyRequest" });
export type CreateApiKeyRequest = z.input<typeof CreateApiKeyRequest>;

export const CreatedApiKey = z
  .object({
    key: ApiKey,
    token: z.string().register(z.globalRegistry, { description: "The key itself. Shown once: store it now.", example: "wam_3Jx9…" }),
  })
  .register(z.globalRegistry, { id: "CreatedApiKey" });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

export const ApiKeyList = z.object({ items: z.array(ApiKey), nextCursor: z.nullable(z.string()) }).register(z.globalRegistry, { id: "ApiKeyList" });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

/** Newest first, cursor-paged like every list: pass `nextCursor` back as `cursor` for the next page. */
export const ApiKeyListQuery = z.strictObject({
  instanceId: z.optional(InstanceId),
  includeRevoked: z.pipe(z._default(z.enum(["true", "false"]), "false"), z.transform((v) => v === "true")),
  limit: pageLimit(500, 100),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
});
export type ApiKeyListQuery = z.input<typeof ApiKeyListQuery>;
