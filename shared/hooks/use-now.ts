"use client";

import { createContext, createElement, useContext, useSyncExternalStore, type ReactNode } from "react";
import { useHydrated } from "./use-hydrated";

const RenderTimeContext = createContext<number | null>(null);

/** Hands the server's render time to the browser, so "x ago" labels hydrate with the text the server wrote. */
export function RenderTimeProvider({ renderedAt, children }: { renderedAt: number; children: ReactNode }) {
  return createElement(RenderTimeContext.Provider, { value: renderedAt }, children);
}

// One clock for the whole page: every "x ago" label reads the same tick, so two cells never disagree, and a
// component re-renders only when the clock crosses its own interval.
const TICK_MS = 1000;
let current = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** A remainder that is never negative (a browser clock behind the server's render time). */
const mod = (a: number, n: number) => ((a % n) + n) % n;

/** The clock's time; while nothing listens it is not ticking, so it is read afresh. */
function read() {
  if (!timer) current = Date.now();
  return current;
}

/**
 * The current time from the page's one clock, changing every `intervalMs` (for countdowns and "x ago" labels).
 * While the server's HTML hydrates it is the server's render time, then the browser's clock. Times it is behind
 * (data newer than the last change) read "just now": see timeAgo.
 *
 * The ticks are counted from the server's render time (from 0 without one), so every caller on the page agrees on
 * them and the first one after hydration is the render time itself: counted from 0, a 30 s clock could step back
 * up to 30 s behind the time the server wrote its labels with, turning "25 seconds ago" into "just now" and moving
 * every card whose line that text wrapped (a layout shift Lighthouse measured at 0.12 on the instances page).
 */
export function useNow(intervalMs = 1000): number {
  const renderedAt = useContext(RenderTimeContext);
  const hydrated = useHydrated();
  const now = useSyncExternalStore(
    subscribe,
    () => {
      const time = read();
      return time - mod(time - (renderedAt ?? 0), intervalMs);
    },
    () => renderedAt ?? 0,
  );
  return hydrated || renderedAt === null ? now : renderedAt;
}
