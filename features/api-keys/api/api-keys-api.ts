import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/shared/lib/toast";
import type { ApiKeyList, CreateApiKeyRequest } from "@/contract/api-keys";
import type { OpenApiDoc } from "@/contract/openapi";
import { bffRequest } from "@/shared/lib/api-client";
import { apiKeyPaths } from "./gateway-paths";
import { apiKeyKeys } from "./query-keys";

const MAX_KEYS = 10_000;

/** Every key (all, or one instance's tokens), page by page, as one list: the table shows them all. */
async function fetchAllApiKeys(instanceId: string | undefined, signal?: AbortSignal): Promise<ApiKeyList> {
  const items: ApiKeyList["items"] = [];
  let cursor: string | null = null;
  do {
    const page: ApiKeyList = await bffRequest(`/bff${apiKeyPaths.list(instanceId, cursor)}`, { schema: (c) => c.ApiKeyList, signal });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_KEYS);
  return { items, nextCursor: null };
}

export const apiKeyListQuery = (instanceId?: string) =>
  queryOptions({
    queryKey: apiKeyKeys.list(instanceId),
    queryFn: ({ signal }) => fetchAllApiKeys(instanceId, signal),
  });

export type { OpenApiDoc };

export const openApiQuery = () =>
  queryOptions({ queryKey: apiKeyKeys.openApi(), queryFn: ({ signal }) => bffRequest(`/bff${apiKeyPaths.openApi()}`, { schema: (c) => c.OpenApiDoc, signal }), staleTime: 10 * 60_000 });


export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyRequest) => bffRequest("/bff/api/v1/api-keys", { method: "POST", body, schema: (c) => c.CreatedApiKey }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
    onError: (error) => toast.error("Could not create the key", { description: error.message }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => bffRequest(`/bff/api/v1/api-keys/${encodeURIComponent(id)}`, { method: "DELETE", schema: (c) => c.ApiKey }),
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all });
      toast.success(`Revoked “${key.name}”`, { description: "It stops working at once." });
    },
    onError: (error) => toast.error("Could not revoke the key", { description: error.message }),
  });
}
