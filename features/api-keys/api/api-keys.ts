import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { ApiKey, ApiKeyList, CreatedApiKey, type CreateApiKeyRequest } from "@/contract/api-keys";
import { OpenApiDoc } from "@/contract/openapi";
import { bffTransport, type Transport } from "@/shared/lib/api-client";

// The API-keys resource (and the OpenAPI document the endpoint browser reads), once for the browser and the
// panel's server: gateway paths, query keys, query options and mutations.

const apiKeyPaths = {
  /** One page of the keys (all, or one instance's tokens), newest first. */
  list: (instanceId?: string, cursor?: string | null) => {
    const params = new URLSearchParams({ limit: "500" });
    if (instanceId) params.set("instanceId", instanceId);
    if (cursor) params.set("cursor", cursor);
    return `/api/v1/api-keys?${params}`;
  },
  create: () => "/api/v1/api-keys",
  detail: (id: string) => `/api/v1/api-keys/${encodeURIComponent(id)}`,
  openApi: () => "/openapi.json",
};

/** API-key query keys, most generic to most specific (TkDodo's key factory). */
export const apiKeyKeys = {
  all: ["api-keys"] as const,
  list: (instanceId?: string) => [...apiKeyKeys.all, "list", instanceId ?? "all"] as const,
  openApi: () => ["openapi"] as const,
};

const MAX_KEYS = 10_000;

/** Every key (all, or one instance's tokens), page by page, as one list: the table shows them all. */
async function fetchAllApiKeys(transport: Transport, instanceId: string | undefined, signal?: AbortSignal): Promise<ApiKeyList> {
  const items: ApiKeyList["items"] = [];
  let cursor: string | null = null;
  do {
    const page: ApiKeyList = await transport.request(apiKeyPaths.list(instanceId, cursor), { schema: ApiKeyList, signal });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_KEYS);
  return { items, nextCursor: null };
}

/** Every key, or one instance's tokens. */
export const apiKeyListOptions = (instanceId?: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: apiKeyKeys.list(instanceId),
    queryFn: ({ signal }) => fetchAllApiKeys(transport, instanceId, signal),
  });

export const openApiOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: apiKeyKeys.openApi(),
    queryFn: ({ signal }) => transport.request(apiKeyPaths.openApi(), { schema: OpenApiDoc, signal }),
    staleTime: 10 * 60_000,
  });

export const createApiKeyMutation = () =>
  mutationOptions({
    mutationFn: (body: CreateApiKeyRequest) => bffTransport.request(apiKeyPaths.create(), { method: "POST", body, schema: CreatedApiKey }),
    onSuccess: (_created, _body, _result, { client }) => void client.invalidateQueries({ queryKey: apiKeyKeys.all }),
    meta: { errorToast: (error) => ({ title: "Could not create the key", description: error.message }) },
  });

export const revokeApiKeyMutation = () =>
  mutationOptions({
    mutationFn: (id: string) => bffTransport.request(apiKeyPaths.detail(id), { method: "DELETE", schema: ApiKey }),
    onSuccess: (_key, _id, _result, { client }) => void client.invalidateQueries({ queryKey: apiKeyKeys.all }),
    meta: {
      successToast: (key: ApiKey) => ({ title: `Revoked “${key.name}”`, description: "It stops working at once." }),
      errorToast: (error) => ({ title: "Could not revoke the key", description: error.message }),
    },
  });
