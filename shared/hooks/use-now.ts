"use client";

import { createContext, createElement, useContext, useEffect, useState, type ReactNode } from "react";
import { useHydrated } from "./use-hydrated";

const RenderTimeContext = createContext<number | null>(null);

/** Hands the server's render time to the browser, so "x ago" labels hydrate with the text the server wrote. */
export function RenderTimeProvider({ renderedAt, children }: { renderedAt: number; children: ReactNode }) {
  return createElement(RenderTimeContext.Provider, { value: renderedAt }, children);
}

/**
 * The current time, re-rendering every `intervalMs` (for countdowns and "x ago" labels). While the server's HTML
 * hydrates it is the server's render time, then the browser's clock.
 */
export function useNow(intervalMs = 1000): number {
  const renderedAt = useContext(RenderTimeContext);
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return hydrated || renderedAt === null ? now : renderedAt;
}
