import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useNow } from "@/shared/hooks/use-now";

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
});
