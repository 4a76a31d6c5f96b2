/** The gateway routes this feature reads. The browser reaches them through the BFF (`/bff` + path), the panel's server directly. */
export const apiKeyPaths = {
  list: (instanceId?: string) => `/api/v1/api-keys${instanceId ? `?instanceId=${encodeURIComponent(instanceId)}` : ""}`,
  openApi: () => "/openapi.json",
};
