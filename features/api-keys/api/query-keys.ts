/** API-key query keys, most generic to most specific (TkDodo's key factory). */
export const apiKeyKeys = {
  all: ["api-keys"] as const,
  list: (instanceId?: string) => [...apiKeyKeys.all, "list", instanceId ?? "all"] as const,
  openApi: () => ["openapi"] as const,
};

/** The gateway routes this feature reads. The browser reaches them through the BFF (`/bff` + path), the panel's server directly. */
export const apiKeyPaths = {
  list: (instanceId?: string) => `/api/v1/api-keys${instanceId ? `?instanceId=${encodeURIComponent(instanceId)}` : ""}`,
  openApi: () => "/openapi.json",
};
