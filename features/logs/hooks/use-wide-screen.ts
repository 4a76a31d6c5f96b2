"use client";

import { useSyncExternalStore } from "react";

const QUERY = "(min-width: 640px)"; // Tailwind's `sm`

function subscribe(onChange: () => void) {
  const list = window.matchMedia(QUERY);
  list.addEventListener("change", onChange);
  return () => list.removeEventListener("change", onChange);
}

/** True at Tailwind's `sm` breakpoint and up, where a log row fits on one line. */
export function useWideScreen(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches, () => true);
}
