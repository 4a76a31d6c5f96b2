"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDownToLine, Download, Pause, Play, ScrollText } from "lucide-react";
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useMediaQuery } from "@/shared/hooks/use-media-query";
import { useNow } from "@/shared/hooks/use-now";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from "@/shared/ui/dropdown-menu";
import { Label } from "@/shared/ui/label";
import { Skeleton } from "@/shared/ui/skeleton";
import { Switch } from "@/shared/ui/switch";
import { liveLogOptions, logCountsOptions, logHistoryOptions } from "../api/logs";
import { useLogFilters } from "./use-log-filters";
import { compileLogFilter, DEFAULT_FILTERS, logExportHref, scopeOf } from "../lib/log-filters";
import { levelTotals, LogViewCache } from "../lib/log-view";
import { useLogSubscription } from "./use-log-subscription";
import type { InstanceOption } from "./log-level";
import { LogRow } from "./log-row";
import { LOG_ROW_HEIGHT, ONE_LINE_ROWS } from "./stream-row";
import { LevelChips, LogFiltersBar } from "./log-toolbar";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";

/** How often a preset range ("last 15 min") moves on; each move re-filters everything held. */
const WINDOW_TICK_MS = 60_000;

/**
 * The live log: history from the gateway (every filter is a gateway query, paged by cursor) plus the streamed
 * entries that match, virtualised, pausable, following the tail by default. The level chips count on the gateway.
 */
export function LogViewer({ instances }: { instances: readonly InstanceOption[] }) {
  useLogSubscription();
  const [filters, setFilters] = useLogFilters();
  const now = useNow(WINDOW_TICK_MS);
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const [follow, setFollow] = useState(true);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());

  const rangeInvalid = filters.range === "custom" && !!filters.from && !!filters.to && filters.from > filters.to;
  const history = useInfiniteQuery({ ...logHistoryOptions(filters), enabled: !rangeInvalid });
  const counts = useQuery({ ...logCountsOptions(scopeOf(filters)), enabled: !rangeInvalid });
  // Live entries render at lower priority than the operator's clicks, and only the new ones are filtered.
  const liveNow = useQuery(liveLogOptions()).data;
  const live = useDeferredValue(liveNow);
  const historyEntries = useMemo(() => history.data?.pages.flatMap((page) => page.items) ?? [], [history.data]);
  const compiled = useMemo(() => compileLogFilter(filters, now), [filters, now]);
  const [viewCache] = useState(() => new LogViewCache());
  const through = counts.data?.through ?? null;
  const view = useMemo(() => viewCache.compute({ history: historyEntries, live, filter: compiled, pausedAt, through }), [viewCache, historyEntries, live, compiled, pausedAt, through]);
  const chipCounts = useMemo(() => (counts.data ? levelTotals(counts.data, view.liveCounts) : undefined), [counts.data, view.liveCounts]);
  const names = useMemo(() => new Map(instances.map((i) => [i.id, i.name])), [instances]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const wide = useMediaQuery(ONE_LINE_ROWS, true);
  const rowHeight = wide ? LOG_ROW_HEIGHT.wide : LOG_ROW_HEIGHT.narrow;
  // The virtualizer is re-read on every render by design; the compiler must not memoise around it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: view.rows.length,
    getScrollElement: () => scrollRef.current,
    // Collapsed rows have a fixed height and are never measured (measuring forces a layout per row); only
    // expanded ones are, under their own key so collapsing falls back to the fixed height.
    estimateSize: () => rowHeight,
    overscan: 15,
    getItemKey: (index) => {
      const id = view.rows[index]!.id;
      return expanded.has(id) ? `${id}:open` : id;
    },
  });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  // Following: pin the scroll to the end before paint. Past-the-end is clamped by the browser, so the total size
  // (known without layout) is enough; scrollToIndex would read the layout back on every update.
  const lastId = view.rows.at(-1)?.id;
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    if (follow && scrollRef.current) scrollRef.current.scrollTop = totalSize;
  }, [follow, lastId, totalSize]);

  const toggle = useCallback((id: string) => {
    setExpanded((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  const pause = () => setPausedAt(liveNow.total);
  const resume = () => {
    setPausedAt(null);
    setFollow(true);
  };
  // The operator scrolling up means "let me read": stop following; reaching the bottom again resumes it.
  const stopFollowing = () => setFollow(false);
  const onScroll = () => {
    const el = scrollRef.current;
    if (el && !follow && el.scrollHeight - el.scrollTop - el.clientHeight < 4) setFollow(true);
  };

  const loading = history.isPending && !rangeInvalid;
  const items = virtualizer.getVirtualItems();
  return (
    <div className="flex flex-col gap-3">
      <LogFiltersBar filters={filters} setFilters={setFilters} instances={instances} />
      <div className="flex flex-wrap items-center gap-2">
        <LevelChips filters={filters} counts={chipCounts} updating={counts.isPlaceholderData} setFilters={setFilters} />
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {pausedAt === null ? (
            <Button variant="outline" size="sm" onClick={pause}>
              <Pause aria-hidden /> Pause
            </Button>
          ) : (
            <Button variant="secondary" size="sm" onClick={resume}>
              <Play aria-hidden /> Resume
              <Badge variant="info" className="tabular-nums" data-testid="new-count">
                {view.newSincePause.toLocaleString()} new
              </Badge>
            </Button>
          )}
          <div className="flex items-center gap-2 px-1">
            <Switch id="log-follow" checked={follow} onCheckedChange={setFollow} />
            <Label htmlFor="log-follow" className="text-sm font-normal">
              Follow
            </Label>
          </div>
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="outline" size="sm">
                <Download aria-hidden /> Export
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuLabel className="font-normal text-muted-foreground">What is filtered, up to 100,000 rows</DropdownMenuLabel>
              <DropdownMenuItem asChild>
                <a href={logExportHref(filters, "ndjson", now)} download>
                  NDJSON (one JSON entry per line)
                </a>
              </DropdownMenuItem>
              <DropdownMenuItem asChild>
                <a href={logExportHref(filters, "csv", now)} download>
                  CSV
                </a>
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted-foreground" aria-live="polite">
        <span data-testid="log-summary">
          {view.rows.length.toLocaleString()} {view.rows.length === 1 ? "entry" : "entries"}
          {pausedAt !== null ? " · paused" : history.isFetching && !loading ? " · updating…" : ""}
        </span>
        {history.isPlaceholderData ? null : history.hasNextPage ? (
          <Button variant="link" size="sm" className="h-auto p-0 text-xs" disabled={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            {history.isFetchingNextPage ? "Loading older entries…" : "Load older entries"}
          </Button>
        ) : history.data ? (
          <span>Start of the selected range</span>
        ) : null}
      </div>

      <div className="relative rounded-lg border bg-card">
        {history.isError ? (
          <InlineLoadError what="Could not load the stored log" error={history.error} onRetry={() => void history.refetch()} className="border-b px-3 py-2" />
        ) : null}
        <div
          ref={scrollRef}
          role="log"
          aria-live="off"
          aria-label="Log entries"
          tabIndex={0}
          onScroll={onScroll}
          onWheel={(e) => e.deltaY < 0 && stopFollowing()}
          onTouchMove={stopFollowing}
          onKeyDown={(e) => ["ArrowUp", "PageUp", "Home"].includes(e.key) && stopFollowing()}
          className="h-[calc(100svh-22rem)] min-h-80 overflow-auto [contain:strict] focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          {loading && view.rows.length === 0 ? (
            <div className="flex flex-col gap-2 p-3" aria-label="Loading the log">
              {Array.from({ length: 8 }, (_, i) => (
                <Skeleton key={i} className="h-5 w-full" />
              ))}
            </div>
          ) : view.rows.length === 0 ? (
            <div className="flex h-full flex-col items-center justify-center gap-2 p-8 text-center">
              <ScrollText className="size-8 text-muted-foreground" aria-hidden />
              <p className="font-medium">No entries match</p>
              <p className="max-w-sm text-sm text-muted-foreground">New entries appear here as they happen. Widen the time range or clear filters to see more.</p>
              <Button variant="outline" size="sm" onClick={() => setFilters(() => DEFAULT_FILTERS)}>
                Clear filters
              </Button>
            </div>
          ) : (
            <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
              <div className="absolute left-0 top-0 w-full" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
                {items.map((item) => {
                  const entry = view.rows[item.index]!;
                  return (
                    <div key={item.key} data-index={item.index} ref={expanded.has(entry.id) ? virtualizer.measureElement : undefined} data-testid="log-row">
                      <LogRow entry={entry} instanceName={entry.instanceId ? names.get(entry.instanceId) : undefined} query={filters.q} expanded={expanded.has(entry.id)} onToggle={toggle} />
                    </div>
                  );
                })}
              </div>
            </div>
          )}
        </div>
        {!follow && view.rows.length > 0 ? (
          <Button size="sm" className="absolute bottom-3 right-3 shadow-md" onClick={() => setFollow(true)}>
            <ArrowDownToLine aria-hidden /> Jump to latest
          </Button>
        ) : null}
      </div>
    </div>
  );
}
