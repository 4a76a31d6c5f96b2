import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { instanceKeys, refreshInstanceSettings } from "../instances";

describe("refreshInstanceSettings", () => {
  it("marks the named instances' settings and watchdog stale, and nothing else", () => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
    for (const id of ["ins_a", "ins_b"]) {
      client.setQueryData(instanceKeys.settings(id), { rejectCalls: false });
      client.setQueryData(instanceKeys.watchdog(id), { policy: "restart" });
      client.setQueryData(instanceKeys.detail(id), { id });
    }
    refreshInstanceSettings(client, ["ins_a"]);
    const invalid = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(invalid(instanceKeys.settings("ins_a"))).toBe(true);
    expect(invalid(instanceKeys.watchdog("ins_a"))).toBe(true);
    expect(invalid(instanceKeys.detail("ins_a"))).toBe(false);
    expect(invalid(instanceKeys.settings("ins_b"))).toBe(false);
  });
});
