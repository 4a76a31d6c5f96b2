"use client";

import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";

/** Tailwind's `md` breakpoint: tables from here up, cards below. */
const WIDE = "(min-width: 768px)";

const ServerGuess = createContext<boolean | null>(null);

/**
 * What the server guesses of the browser's width, from its `Sec-CH-UA-Mobile` client hint: false for a phone,
 * true for a desktop, null when the browser sent none (then both layouts are rendered and CSS shows one).
 */
export function WideLayoutGuess({ wide, children }: { wide: boolean | null; children: ReactNode }) {
  return <ServerGuess value={wide}>{children}</ServerGuess>;
}

function subscribe(onChange: () => void) {
  const query = window.matchMedia(WIDE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * Whether the viewport is wide enough for tables. While the server renders and React hydrates, the server's guess
 * (null: unknown); right after hydration, and on every resize across the breakpoint, the browser's answer.
 */
export function useWideLayout(): boolean | null {
  const guess = useContext(ServerGuess);
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(WIDE).matches,
    () => guess,
  );
}
