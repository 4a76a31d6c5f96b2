"use client";

import { hashKey, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useReducer, useSyncExternalStore } from "react";
import type { Instance } from "@/contract/instances";
import { findInstance } from "./instance-list-index";
import { instanceKeys, instanceListOptions } from "./instances";

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
  const list = useQuery({ ...instanceListOptions(), notifyOnChangeProps: ["status", "error", "fetchStatus"] });
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

type RowListener = () => void;

/**
 * Per-row subscriptions to the list in the query cache, for the rows on screen: one cache listener per client tells
 * a row when *its* instance changed. A QueryObserver per cell (600 on a 200-row page) would each build a new result
 * object on every live batch; this compares two references per subscribed row. It holds no data of its own.
 */
class LiveInstanceRows {
  #listeners = new Map<string, Set<RowListener>>();
  #seen: readonly Instance[] | undefined;
  #unsubscribe: (() => void) | null = null;
  readonly #hash = hashKey(instanceKeys.list());

  constructor(private readonly queryClient: QueryClient) {}

  get(id: string): Instance | undefined {
    const list = this.queryClient.getQueryData<Instance[]>(instanceKeys.list());
    return list ? findInstance(list, id) : undefined;
  }

  subscribe(id: string, listener: RowListener): () => void {
    if (!this.#unsubscribe) {
      this.#seen = this.queryClient.getQueryData<Instance[]>(instanceKeys.list());
      this.#unsubscribe = this.queryClient.getQueryCache().subscribe((event) => {
        if (event.query.queryHash === this.#hash) this.#changed();
      });
    }
    const set = this.#listeners.get(id) ?? new Set();
    set.add(listener);
    this.#listeners.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(id) === set) this.#listeners.delete(id);
      if (this.#listeners.size === 0) {
        this.#unsubscribe?.();
        this.#unsubscribe = null;
      }
    };
  }

  #changed() {
    const previous = this.#seen;
    const next = this.queryClient.getQueryData<Instance[]>(instanceKeys.list());
    if (next === previous) return;
    this.#seen = next;
    for (const [id, set] of this.#listeners) {
      const before = previous && findInstance(previous, id);
      const after = next && findInstance(next, id);
      if (before !== after) for (const listener of [...set]) listener();
    }
  }
}

const liveRows = new WeakMap<QueryClient, LiveInstanceRows>();

function liveRowsFor(queryClient: QueryClient): LiveInstanceRows {
  let rows = liveRows.get(queryClient);
  if (!rows) {
    rows = new LiveInstanceRows(queryClient);
    liveRows.set(queryClient, rows);
  }
  return rows;
}

/**
 * One row's instance as the list in the cache holds it now, starting from the `snapshot` the table rendered:
 * re-renders only when this instance changes. It reads the list the table fetched and never fetches itself.
 */
export function useLiveInstance(snapshot: Instance): Instance {
  const rows = liveRowsFor(useQueryClient());
  const { id } = snapshot;
  const subscribe = useCallback((listener: RowListener) => rows.subscribe(id, listener), [rows, id]);
  const get = useCallback(() => rows.get(id), [rows, id]);
  return useSyncExternalStore(subscribe, get, get) ?? snapshot;
}
