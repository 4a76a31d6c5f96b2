import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RenderTimeProvider, useNow } from "@/shared/hooks/use-now";

describe("useNow", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse("2026-03-10T12:00:00.400Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("reads one clock for the whole page, each caller changing at its own interval", () => {
    const { result, unmount } = renderHook(() => ({ fast: useNow(1000), slow: useNow(15_000) }));
    const start = Date.parse("2026-03-10T12:00:00.000Z");
    expect(result.current).toEqual({ fast: start, slow: start });
    act(() => vi.advanceTimersByTime(1000));
    expect(result.current).toEqual({ fast: start + 1000, slow: start });
    act(() => vi.advanceTimersByTime(14_000));
    // Both labels agree on the same tick: the slow one moved to it, not to a moment of its own.
    expect(result.current).toEqual({ fast: start + 15_000, slow: start + 15_000 });
    unmount();
  });

  it("a component mounting later starts from the current time, not from when the clock last ran", () => {
    const first = renderHook(() => useNow(1000));
    first.unmount();
    act(() => vi.advanceTimersByTime(120_000));
    const later = renderHook(() => useNow(1000));
    expect(later.result.current).toBe(Date.parse("2026-03-10T12:02:00.000Z"));
    later.unmount();
  });

  it("after hydration never steps back behind the server's render time: its ticks count from it", () => {
    // The server rendered at 12:00:20.4; the browser hydrates 5 s later. Ticks counted from 0 would say 12:00:00,
    // 20 s before the time the server's "x ago" labels were written with.
    const renderedAt = Date.parse("2026-03-10T12:00:20.400Z");
    vi.setSystemTime(renderedAt + 5_000);
    const wrapper = ({ children }: { children: ReactNode }) => <RenderTimeProvider renderedAt={renderedAt}>{children}</RenderTimeProvider>;
    const { result, unmount } = renderHook(() => ({ slow: useNow(30_000), fast: useNow(1000) }), { wrapper });
    expect(result.current).toEqual({ slow: renderedAt, fast: renderedAt + 5_000 });
    act(() => vi.advanceTimersByTime(25_000));
    expect(result.current).toEqual({ slow: renderedAt + 30_000, fast: renderedAt + 30_000 });
    unmount();
  });
});
