import { z } from "zod";
import { InstanceId } from "./instances";

export const ApiKeyScope = z.enum(["admin", "instance"]);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/**
 * Extra rights an admin key may be given when it is created (none by default). `keys:manage`: create and revoke
 * API keys; without it, a leaked admin key cannot mint itself a successor before it is revoked.
 */
export const ApiKeyPermission = z.enum(["keys:manage"]).meta({ id: "ApiKeyPermission" });
export type ApiKeyPermission = z.infer<typeof ApiKeyPermission>;

/** What the API shows of a key: never the key itself, only a hint (prefix and last 4). */
export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    hint: z.string().meta({ example: "wam_…x7Qe" }),
    scope: ApiKeyScope,
    instanceId: InstanceId.nullable(),
    permissions: z.array(ApiKeyPermission).meta({ description: "Extra rights of an admin key; empty for instance tokens" }),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiKey" });
export type ApiKey = z.infer<typeof ApiKey>;

export const CreateApiKeyRequest = z
  .strictObject({
    name: z.string().trim().min(1, "is required").max(64, "must be at most 64 characters"),
    scope: ApiKeyScope,
    instanceId: InstanceId.optional().meta({ description: "Required for scope `instance`: the one instance the token may use" }),
    expiresAt: z.iso
      .datetime({ message: "must be an ISO-8601 date-time, e.g. 2027-01-01T00:00:00Z" })
      .refine((v) => Date.parse(v) > Date.now(), "must be in the future")
      .optional(),
    permissions: z
      .array(ApiKeyPermission)
      .default([])
      .meta({ description: "Extra rights (scope `admin` only). `keys:manage`: may create and revoke API keys. Default: none" }),
  })
  .superRefine((v, ctx) => {
    if (v.scope === "instance" && !v.instanceId) ctx.addIssue({ code: "custom", path: ["instanceId"], message: "is required when scope is instance" });
    if (v.scope === "admin" && v.instanceId) ctx.addIssue({ code: "custom", path: ["instanceId"], message: "must be empty when scope is admin" });
    if (v.scope !== "admin" && v.permissions.length > 0) ctx.addIssue({ code: "custom", path: ["permissions"], message: "are only allowed when scope is admin" });
  })
  .meta({ id: "CreateApiKeyRequest" });
export type CreateApiKeyRequest = z.input<typeof CreateApiKeyRequest>;

export const CreatedApiKey = z
  .object({
    key: ApiKey,
    token: z.string().meta({ description: "The key itself. Shown once: store it now.", example: "wam_3Jx9…" }),
  })
  .meta({ id: "CreatedApiKey" });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

export const ApiKeyList = z.object({ items: z.array(ApiKey), nextCursor: z.string().nullable() }).meta({ id: "ApiKeyList" });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

/** Newest first, cursor-paged like every list: pass `nextCursor` back as `cursor` for the next page. */
export const ApiKeyListQuery = z.strictObject({
  instanceId: InstanceId.optional(),
  includeRevoked: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(512).optional(),
});
export type ApiKeyListQuery = z.input<typeof ApiKeyListQuery>;
