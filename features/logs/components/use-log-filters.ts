"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { parseLogFilters, writeLogFilters, type LogViewFilters } from "../lib/log-filters";

type State = { query: string; stale: readonly string[]; filters: LogViewFilters };

const readable = (params: URLSearchParams) => params.toString().replace(/%2C/gi, ",");

/**
 * The viewer's filters, kept in the URL. State changes first (the list re-filters at once); the URL follows with
 * `history.replaceState`, which Next's router picks up without a server round trip. A URL changed from outside
 * (say a link to /logs?instance=…) replaces the state.
 */
export function useLogFilters(): [LogViewFilters, (change: (old: LogViewFilters) => LogViewFilters) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const current = readable(searchParams);
  const [state, setState] = useState<State>(() => ({ query: current, stale: [], filters: parseLogFilters(searchParams) }));

  // Render-time adjustments: the URL caught up with our write, or moved somewhere we did not send it.
  let view = state;
  if (current === state.query) {
    if (state.stale.length > 0) setState((s) => ({ ...s, stale: [] }));
  } else if (!state.stale.includes(current)) {
    view = { query: current, stale: [], filters: parseLogFilters(searchParams) };
    setState(view);
  }

  useEffect(() => {
    if (readable(new URLSearchParams(window.location.search)) === state.query) return;
    window.history.replaceState(window.history.state, "", state.query ? `${pathname}?${state.query}` : pathname);
  }, [state.query, pathname]);

  const update = useCallback((change: (old: LogViewFilters) => LogViewFilters) => {
    setState((old) => {
      const filters = change(old.filters);
      const query = readable(writeLogFilters(new URLSearchParams(old.query), filters));
      return query === old.query ? { ...old, filters } : { query, stale: [...old.stale, old.query], filters };
    });
  }, []);

  return [view.filters, update];
}
