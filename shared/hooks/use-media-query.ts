"use client";

import { useCallback, useSyncExternalStore } from "react";

/**
 * Whether the viewport matches a CSS media query, following every change. `serverValue` stands while the server
 * renders and React hydrates (the server cannot know), the browser's answer right after.
 */
export function useMediaQuery<T extends boolean | null>(query: string, serverValue: T): boolean | T {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore<boolean | T>(
    subscribe,
    () => window.matchMedia(query).matches,
    () => serverValue,
  );
}
