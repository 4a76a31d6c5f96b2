import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import type { Instance } from "@/contract/instances";
import { instanceKeys } from "../../api/instances";
import { useInstanceChoices } from "../use-instance-choices";

const at = "2026-11-24T10:00:00.000Z";
const instance = (id: string, name: string): Instance => ({ id, name, status: "CONNECTED", seq: 1, engine: "sandbox", createdAt: at, updatedAt: at });

describe("useInstanceChoices", () => {
  it("offers every instance by name, and stays the same list through status changes until one is renamed", async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    queryClient.setQueryData(instanceKeys.list(), [instance("ins_b", "bravo"), instance("ins_a", "Alpha"), instance("ins_c", "charlie")]);
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useInstanceChoices(), { wrapper });
    expect(result.current.map((c) => c.name)).toEqual(["Alpha", "bravo", "charlie"]);
    const first = result.current;

    // A cache write, then the notification TanStack Query schedules for it.
    const update = (change: (list: Instance[]) => Instance[]) =>
      act(async () => {
        queryClient.setQueryData<Instance[]>(instanceKeys.list(), (list) => change(list!));
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
    await update((list) => list.map((i) => (i.id === "ins_a" ? { ...i, status: "RECONNECTING", seq: 2 } : i)));
    expect(result.current).toBe(first);
    await update((list) => list.map((i) => (i.id === "ins_a" ? { ...i, name: "delta", seq: 3 } : i)));
    expect(result.current.map((c) => c.name)).toEqual(["bravo", "charlie", "delta"]);
  });
});
