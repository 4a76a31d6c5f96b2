"use client";

import { hashKey, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useReducer } from "react";
import type { Instance } from "@/contract/instances";
import { findInstance } from "./instance-list-index";
import { instanceListQuery } from "./instance-queries";
import { instanceKeys } from "./query-keys";

/** How often views that re-derive over every row (sort, filters, facet counts) take a new copy of the list. */
export const LIST_SNAPSHOT_MS = 400;

/**
 * Calls `run` at most once per `intervalMs`: the first call after a quiet spell runs on the next tick, later ones
 * are folded into one trailing run, so the last change is never lost. Exported for tests.
 */
export function createThrottle(run: () => void, intervalMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = -Infinity;
  return {
    schedule() {
      if (timer !== undefined) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          last = Date.now();
          run();
        },
        Math.max(0, last + intervalMs - Date.now()),
      );
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * The instance list for the table: loading and error states as usual, but new data re-renders it at most once per
 * `intervalMs`. A live storm rewrites the list 20 times a second; re-sorting and re-counting 5,000 rows that often
 * starves the page, while the rows' own badges follow every change through `useLiveInstance`.
 */
export function useInstanceListSnapshot(intervalMs = LIST_SNAPSHOT_MS) {
  const queryClient = useQueryClient();
  // No "data" here on purpose: the subscription below re-renders for new data, on a throttle. Whenever this
  // component renders, `data` is the cache's current list.
  const list = useQuery({ ...instanceListQuery(), notifyOnChangeProps: ["status", "error", "fetchStatus"] });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const hash = hashKey(instanceKeys.list());
    const throttle = createThrottle(rerender, intervalMs);
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "success" && event.query.queryHash === hash) throttle.schedule();
    });
    return () => {
      unsubscribe();
      throttle.cancel();
    };
  }, [queryClient, intervalMs]);
  return list;
}

/**
 * One row's instance as the cache holds it now, from the `snapshot` the table rendered: re-renders only when this
 * instance changes. It reads the list the table fetched and never fetches itself.
 */
export function useLiveInstance(snapshot: Instance): Instance {
  const { id } = snapshot;
  const select = useCallback((list: Instance[]) => findInstance(list, id), [id]);
  const live = useQuery({ ...instanceListQuery(), select, enabled: false }).data;
  return live ?? snapshot;
}
