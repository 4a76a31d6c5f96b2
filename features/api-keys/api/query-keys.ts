/** API-key query keys, most generic to most specific (TkDodo's key factory). */
export const apiKeyKeys = {
  all: ["api-keys"] as const,
  list: (instanceId?: string) => [...apiKeyKeys.all, "list", instanceId ?? "all"] as const,
  openApi: () => ["openapi"] as const,
};
