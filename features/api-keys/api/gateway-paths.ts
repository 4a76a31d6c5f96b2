/** The gateway routes this feature reads. The browser reaches them through the BFF (`/bff` + path), the panel's server directly. */
export const apiKeyPaths = {
  /** One page of the keys (all, or one instance's tokens), newest first. */
  list: (instanceId?: string, cursor?: string | null) => {
    const params = new URLSearchParams({ limit: "500" });
    if (instanceId) params.set("instanceId", instanceId);
    if (cursor) params.set("cursor", cursor);
    return `/api/v1/api-keys?${params}`;
  },
  openApi: () => "/openapi.json",
};
