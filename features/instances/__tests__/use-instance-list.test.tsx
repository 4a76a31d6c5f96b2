import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Instance } from "@/contract/instances";
import { routeSocketEvent } from "@/shared/lib/realtime/event-router";
import { findInstance } from "../api/instance-list-index";
import { instanceKeys } from "../api/instances";
import { createThrottle, LIST_SNAPSHOT_MS, useInstanceListSnapshot, useLiveInstance } from "../api/use-instance-list";
import { flushInstanceListUpdates, instanceSocketFeature } from "../realtime/instance-socket-handlers";

const at = (n: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, n)).toISOString();
const rows: Instance[] = Array.from({ length: 50 }, (_, n) => ({
  id: `ins_row${String(n).padStart(8, "0")}`,
  name: `Row ${n}`,
  status: "CONNECTED",
  seq: 1,
  engine: "sandbox",
  createdAt: at(0),
  updatedAt: at(0),
}));

function setup() {
  // The list is already loaded; nothing here may fetch.
  const queryClient = new QueryClient({ defaultOptions: { queries: { queryFn: () => Promise.reject(new Error("no fetch in this test")) } } });
  queryClient.setQueryData(instanceKeys.list(), rows);
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  const status = (id: string, s: Instance["status"], seq: number) => {
    routeSocketEvent([instanceSocketFeature], queryClient, "instance.status", { instanceId: id, status: s, seq, at: at(seq) });
    flushInstanceListUpdates(queryClient);
    vi.advanceTimersByTime(0); // let anything TanStack Query schedules for the next tick (observer notifications) run
  };
  return { queryClient, wrapper, status };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("createThrottle", () => {
  it("runs once for a burst, then at most once per interval, and always runs after the last call", () => {
    const run = vi.fn();
    const throttle = createThrottle(run, 400);
    for (let n = 0; n < 10; n += 1) throttle.schedule();
    vi.advanceTimersByTime(0);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    throttle.schedule();
    throttle.schedule();
    vi.advanceTimersByTime(299);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5_000);
    expect(run).toHaveBeenCalledTimes(2);
    throttle.schedule();
    throttle.cancel();
    vi.advanceTimersByTime(5_000);
    expect(run).toHaveBeenCalledTimes(2);
  });
});

describe("useInstanceListSnapshot", () => {
  it("re-renders for new list data at most once per interval and ends on the newest list", () => {
    const { wrapper, status, queryClient } = setup();
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders += 1;
        return useInstanceListSnapshot();
      },
      { wrapper },
    );
    const initialRenders = renders;
    expect(result.current.data).toBe(rows);

    // A storm: 40 batches of events over 1 s (every 25 ms).
    for (let n = 0; n < 40; n += 1) {
      act(() => {
        status(rows[n]!.id, "RECONNECTING", 2);
        vi.advanceTimersByTime(25);
      });
    }
    act(() => vi.advanceTimersByTime(LIST_SNAPSHOT_MS));
    const stormRenders = renders - initialRenders;
    expect(stormRenders).toBeGreaterThanOrEqual(2);
    expect(stormRenders).toBeLessThanOrEqual(Math.ceil(1000 / LIST_SNAPSHOT_MS) + 1);
    // The last render saw the cache's newest list: no change was lost to the throttle.
    expect(result.current.data).toBe(queryClient.getQueryData(instanceKeys.list()));
    expect(result.current.data!.filter((i) => i.status === "RECONNECTING")).toHaveLength(40);
  });
});

describe("useLiveInstance", () => {
  it("re-renders only the row whose instance changed, with its newest state", () => {
    const { wrapper, status } = setup();
    const renders = new Map<string, number>();
    function Badge({ snapshot }: { snapshot: Instance }) {
      const live = useLiveInstance(snapshot);
      renders.set(live.id, (renders.get(live.id) ?? 0) + 1);
      return <span data-id={live.id} data-status={live.status} />;
    }
    const { container } = render(
      <>
        {rows.slice(0, 3).map((row) => (
          <Badge key={row.id} snapshot={row} />
        ))}
      </>,
      { wrapper },
    );
    const before = new Map(renders);
    act(() => status(rows[1]!.id, "RECONNECTING", 2));
    expect(container.querySelector(`[data-id="${rows[1]!.id}"]`)!.getAttribute("data-status")).toBe("RECONNECTING");
    expect(renders.get(rows[1]!.id)).toBe(before.get(rows[1]!.id)! + 1);
    expect(renders.get(rows[0]!.id)).toBe(before.get(rows[0]!.id));
    expect(renders.get(rows[2]!.id)).toBe(before.get(rows[2]!.id));
    // An older event changes nothing, and re-renders nothing.
    act(() => status(rows[1]!.id, "CONNECTED", 1));
    expect(container.querySelector(`[data-id="${rows[1]!.id}"]`)!.getAttribute("data-status")).toBe("RECONNECTING");
    expect(renders.get(rows[1]!.id)).toBe(before.get(rows[1]!.id)! + 1);
  });

  it("finds instances by id in each new version of the list", () => {
    const { queryClient, status } = setup();
    expect(findInstance(rows, rows[7]!.id)).toBe(rows[7]);
    status(rows[7]!.id, "ERROR", 3);
    const list = queryClient.getQueryData<Instance[]>(instanceKeys.list())!;
    expect(list).not.toBe(rows);
    expect(findInstance(list, rows[7]!.id)).toMatchObject({ status: "ERROR", seq: 3 });
    expect(findInstance(list, "ins_missing00000")).toBeUndefined();
  });
});
