import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { z } from "zod";
import { ApiKey, ApiKeyList, CreatedApiKey, type CreateApiKeyRequest } from "@/contract/api-keys";
import { bffRequest } from "@/shared/lib/api-client";

export const apiKeyKeys = {
  all: ["api-keys"] as const,
  list: (instanceId?: string) => [...apiKeyKeys.all, "list", instanceId ?? "all"] as const,
  openApi: () => ["openapi"] as const,
};

export const apiKeyListQuery = (instanceId?: string) =>
  queryOptions({
    queryKey: apiKeyKeys.list(instanceId),
    queryFn: ({ signal }) =>
      bffRequest(`/bff/api/v1/api-keys${instanceId ? `?instanceId=${encodeURIComponent(instanceId)}` : ""}`, { schema: ApiKeyList, signal }),
  });

/** The gateway's own description of its routes; the endpoint browser is built from it. */
const OpenApiDoc = z.object({
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.looseObject({ summary: z.string().optional(), tags: z.array(z.string()).optional(), operationId: z.string().optional(), "x-credentials": z.string().optional(), requestBody: z.unknown().optional() }),
    ),
  ),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export type OpenApiDoc = z.infer<typeof OpenApiDoc>;

export const openApiQuery = () =>
  queryOptions({ queryKey: apiKeyKeys.openApi(), queryFn: ({ signal }) => bffRequest("/bff/openapi.json", { schema: OpenApiDoc, signal }), staleTime: 10 * 60_000 });

export const createKeyFormSchema = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(64, "At most 64 characters"),
  scope: z.enum(["admin", "instance"]),
  instanceId: z.string().optional(),
  expiry: z.enum(["never", "7", "30", "90", "365"]),
}).refine((v) => v.scope === "admin" || !!v.instanceId, { path: ["instanceId"], message: "Choose the instance this token may use" });
export type CreateKeyFormValues = z.infer<typeof createKeyFormSchema>;

export function toCreateRequest(values: CreateKeyFormValues): CreateApiKeyRequest {
  return {
    name: values.name,
    scope: values.scope,
    ...(values.scope === "instance" && values.instanceId ? { instanceId: values.instanceId } : {}),
    ...(values.expiry !== "never" ? { expiresAt: new Date(Date.now() + Number(values.expiry) * 86_400_000).toISOString() } : {}),
  };
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyRequest) => bffRequest("/bff/api/v1/api-keys", { method: "POST", body, schema: CreatedApiKey }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
    onError: (error) => toast.error("Could not create the key", { description: error.message }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => bffRequest(`/bff/api/v1/api-keys/${encodeURIComponent(id)}`, { method: "DELETE", schema: ApiKey }),
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all });
      toast.success(`Revoked “${key.name}”`, { description: "It stops working at once." });
    },
    onError: (error) => toast.error("Could not revoke the key", { description: error.message }),
  });
}
