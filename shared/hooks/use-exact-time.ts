"use client";

import { exactTime } from "@/shared/lib/format-time";
import { useHydrated } from "./use-hydrated";

/**
 * `exactTime` for tooltips, in the browser's time zone: the server does not know it, so nothing is rendered while
 * the server's HTML hydrates (React keeps, rather than patches, a hydrated attribute that differs).
 */
export function useExactTime(): (iso: string | undefined) => string | undefined {
  const hydrated = useHydrated();
  return hydrated ? exactTime : () => undefined;
}
