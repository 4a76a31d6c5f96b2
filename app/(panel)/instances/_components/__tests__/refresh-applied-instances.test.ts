import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { instanceKeys } from "@/features/instances/api/instances";
import { proxyKeys } from "@/features/proxies/api/proxy-keys";
import { refreshAppliedInstances } from "../refresh-applied-instances";

describe("refreshAppliedInstances", () => {
  it("marks the applied instances' settings, watchdog and proxy stale, and the pool's usage; other instances are left alone", () => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
    for (const id of ["ins_a", "ins_b"]) {
      client.setQueryData(instanceKeys.settings(id), { rejectCalls: false });
      client.setQueryData(instanceKeys.watchdog(id), { policy: "restart" });
      client.setQueryData(proxyKeys.instance(id), { mode: "pool", proxyId: "prx_1" });
    }
    client.setQueryData(proxyKeys.list(), []);
    refreshAppliedInstances(client, ["ins_a"]);
    const invalid = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(invalid(instanceKeys.settings("ins_a"))).toBe(true);
    expect(invalid(instanceKeys.watchdog("ins_a"))).toBe(true);
    expect(invalid(proxyKeys.instance("ins_a"))).toBe(true);
    expect(invalid(proxyKeys.list())).toBe(true);
    expect(invalid(instanceKeys.settings("ins_b"))).toBe(false);
    expect(invalid(proxyKeys.instance("ins_b"))).toBe(false);
  });
});
