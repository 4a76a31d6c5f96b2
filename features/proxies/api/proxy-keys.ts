import type { QueryClient } from "@tanstack/react-query";

// The proxies feature's query keys on their own, without its fetchers and schemas: a page that only has to mark an
// instance's proxy stale (the instances table after Apply template) can do so without loading the feature's API.

/** Proxy query keys, most generic to most specific (TkDodo's key factory). */
export const proxyKeys = {
  all: ["proxies"] as const,
  list: () => [...proxyKeys.all, "list"] as const,
  instances: () => [...proxyKeys.all, "instance"] as const,
  instance: (instanceId: string) => [...proxyKeys.instances(), instanceId] as const,
};

/**
 * The named instances' proxies changed elsewhere (a template's proxy policy, applied in bulk): their proxy cards and
 * the pool's usage counts are stale; what is on screen refetches, the rest when next shown.
 */
export function refreshInstanceProxies(client: QueryClient, ids: readonly string[]) {
  for (const id of ids) void client.invalidateQueries({ queryKey: proxyKeys.instance(id) });
  void client.invalidateQueries({ queryKey: proxyKeys.list() });
}
