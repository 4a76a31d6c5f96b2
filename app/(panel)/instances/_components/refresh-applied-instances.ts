import type { QueryClient } from "@tanstack/react-query";
import { refreshInstanceSettings } from "@/features/instances/api/instances";
import { refreshInstanceProxies } from "@/features/proxies/api/proxy-keys";

/**
 * After Apply template on the instances selected in the table: what a template changes of an instance (its settings,
 * its proxy) is cached by two features, and both views must not show the cached values.
 */
export function refreshAppliedInstances(client: QueryClient, ids: readonly string[]) {
  refreshInstanceSettings(client, ids);
  refreshInstanceProxies(client, ids);
}
