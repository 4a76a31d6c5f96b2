import type { HistoryFilters } from "../lib/log-filters";

/** Log query keys, most generic to most specific (TkDodo's key factory). */
export const logKeys = {
  all: ["logs"] as const,
  lists: () => [...logKeys.all, "list"] as const,
  list: (filters: HistoryFilters) => [...logKeys.lists(), filters] as const,
  recent: (instanceId: string) => [...logKeys.lists(), "recent", instanceId] as const,
  /** Entries that arrived over the socket since the viewer subscribed (newest 50,000). */
  live: () => [...logKeys.all, "live"] as const,
};
