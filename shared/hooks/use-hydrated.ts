"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

/**
 * False on the server and while React hydrates the server's HTML, true after (and on every render that is not a
 * hydration). Text that depends on the browser — its clock, its time zone — waits for it, so it never mismatches.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
