/** The gateway routes this feature reads. The browser reaches them through the BFF (`/bff` + path), the panel's server directly. */
export const instancePaths = {
  /** One page of every instance, newest first. */
  list: (cursor?: string | null) => {
    const params = new URLSearchParams({ limit: "500", sort: "createdAt", order: "desc" });
    if (cursor) params.set("cursor", cursor);
    return `/api/v1/instances?${params}`;
  },
  detail: (id: string) => `/api/v1/instances/${encodeURIComponent(id)}`,
  qr: (id: string) => `/api/v1/instances/${encodeURIComponent(id)}/qr`,
  history: (id: string) => `/api/v1/instances/${encodeURIComponent(id)}/status-history?limit=50`,
};
