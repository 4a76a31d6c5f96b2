import type { WebhookListFilters } from "./query-keys";

/** The gateway routes this feature reads. The browser reaches them through the BFF (`/bff` + path), the panel's server directly. */
export const webhookPaths = {
  /** One page of endpoints (optionally those that receive one instance's events). */
  list: (filters: WebhookListFilters = {}, cursor?: string | null) => {
    const params = new URLSearchParams({ limit: "500" });
    if (filters.instanceId) params.set("instanceId", filters.instanceId);
    if (cursor) params.set("cursor", cursor);
    return `/api/v1/webhooks?${params}`;
  },
};
