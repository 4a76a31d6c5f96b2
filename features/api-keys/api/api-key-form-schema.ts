import * as z from "zod/mini";
import type { CreateApiKeyRequest } from "@/contract/api-keys";

export const createKeyFormSchema = z
  .object({
    name: z.string().check(z.trim(), z.minLength(1, "Give the key a name."), z.maxLength(64, "must be at most 64 characters")),
    scope: z.enum(["admin", "instance", "metrics"]),
    instanceId: z.optional(z.string()),
    expiry: z.enum(["never", "7", "30", "90", "365"]),
    /** keys:manage: may create and revoke API keys (admin keys only; off by default). */
    keysManage: z.boolean(),
  })
  .check(z.refine((v) => v.scope !== "instance" || !!v.instanceId, { path: ["instanceId"], message: "Choose the instance this token may use" }));
export type CreateKeyFormValues = z.infer<typeof createKeyFormSchema>;

export function toCreateRequest(values: CreateKeyFormValues): CreateApiKeyRequest {
  return {
    name: values.name,
    scope: values.scope,
    ...(values.scope === "instance" && values.instanceId ? { instanceId: values.instanceId } : {}),
    ...(values.scope === "admin" && values.keysManage ? { permissions: ["keys:manage"] } : {}),
    ...(values.expiry !== "never" ? { expiresAt: new Date(Date.now() + Number(values.expiry) * 86_400_000).toISOString() } : {}),
  };
}
