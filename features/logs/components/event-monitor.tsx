"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Pause, Play, Radio, Trash2 } from "lucide-react";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { SERVER_EVENT_NAMES } from "@/contract/socket-events";
import { useMediaQuery } from "@/shared/hooks/use-media-query";
import { clockTime } from "@/shared/lib/format-time";
import { bufferSlice } from "@/shared/lib/live-buffer";
import { socketEventLogOptions, type SocketEvent } from "@/shared/lib/realtime/socket-bridge";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { ALL_INSTANCES, InstanceSelect } from "@/shared/components/instance-select";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import type { InstanceOption } from "./log-level";
import { LOG_ROW_HEIGHT, ONE_LINE_ROWS, StreamRow } from "./stream-row";

const ALL = "all";

function instanceOf(payload: unknown): string | undefined {
  const p = payload as { instanceId?: unknown; instance?: { id?: unknown } } | null;
  const id = p?.instanceId ?? p?.instance?.id;
  return typeof id === "string" ? id : undefined;
}

/** A one-line gist of the payload; the full JSON is one click away. */
function summary(name: string, payload: unknown): string {
  const p = (payload ?? {}) as Record<string, unknown>;
  const instance = p.instance as Record<string, unknown> | undefined;
  switch (name) {
    case "instance.status":
      return `${String(p.status)}${p.statusCode !== undefined ? ` (${String(p.statusCode)})` : ""}${p.statusReason ? ` — ${String(p.statusReason)}` : ""}`;
    case "instance.qr":
      return `QR ${String(p.attempt)} of ${String(p.maxAttempts)}, expires ${clockTime(String(p.expiresAt))}`;
    case "instance.created":
    case "instance.updated":
      return `${String(instance?.name)} · ${String(instance?.status)}`;
    case "instance.deleted":
      return "deleted";
    case "webhook.delivery":
      return `${String(p.event)} → ${String(p.status)} (attempt ${String(p.attempts)}${p.lastStatusCode !== undefined ? `, HTTP ${String(p.lastStatusCode)}` : ""})`;
    case "log.entry":
      return `[${String(p.level)}] ${String(p.message)}`;
    case "gateway.hello":
      return `gateway ${String(p.version)} (${String(p.engine)} engine)`;
    default:
      return JSON.stringify(payload).slice(0, 200);
  }
}

/** One event as the socket bridge recorded it; `seq` is its position in the bridge's log, `instanceId` its subject. */
const EventRow = memo(function EventRow({ event, seq, instanceId, instanceName, expanded, onToggle }: { event: SocketEvent; seq: number; instanceId?: string; instanceName?: string; expanded: boolean; onToggle: (seq: number) => void }) {
  return (
    <StreamRow
      expanded={expanded}
      onToggle={() => onToggle(seq)}
      toggleLabel="payload"
      at={event.at}
      rowProps={{ "data-event": event.name }}
      cells={
        <Badge variant="outline" className="justify-start font-mono sm:w-32">
          {event.name}
        </Badge>
      }
      instanceId={instanceId}
      instanceName={instanceName}
      message={summary(event.name, event.payload)}
      copy={{ value: JSON.stringify({ event: event.name, at: event.at, payload: event.payload }), label: "Copy event" }}
      details={expanded ? <pre className="mx-9 mb-2 max-h-72 overflow-auto rounded-md bg-muted p-2 font-mono text-[11px] leading-relaxed">{JSON.stringify(event.payload, null, 2)}</pre> : null}
    />
  );
});

/**
 * Every event the gateway pushes over the live socket, raw, with its payload: instance status and QR changes,
 * webhook deliveries, log entries. Filter by type and instance; pause to read.
 */
export function EventMonitor({ instances, active = true }: { instances: readonly InstanceOption[]; active?: boolean }) {
  const queryClient = useQueryClient();
  // The socket bridge records every event; while this tab is hidden, nothing here re-renders for them.
  const log = useQuery({ ...socketEventLogOptions(), subscribed: active }).data;
  // Positions in the log: what came before the page opened (or before Clear) is not shown, what came after Pause waits.
  const [shownFrom, setShownFrom] = useState(() => queryClient.getQueryData(socketEventLogOptions().queryKey)?.total ?? 0);
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const paused = pausedAt !== null;
  const [type, setType] = useState<string>(ALL);
  const [instanceId, setInstanceId] = useState<string>(ALL_INSTANCES);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());

  // The events shown (the bridge's objects, so rows stay memoised) and the position of the first of them.
  const { events, firstSeq } = useMemo(() => {
    const first = log.total - log.size;
    const from = Math.max(first, shownFrom);
    return { events: bufferSlice(log, from - first).slice(0, Math.max(0, (pausedAt ?? log.total) - from)), firstSeq: from };
  }, [log, shownFrom, pausedAt]);
  const held = pausedAt === null ? 0 : Math.min(log.total - pausedAt, log.size);

  const names = useMemo(() => new Map(instances.map((i) => [i.id, i.name])), [instances]);
  const types = useMemo(() => [...new Set([...SERVER_EVENT_NAMES, ...events.map((e) => e.name)])].sort(), [events]);
  /** Positions of the events that pass the filters. */
  const rows = useMemo(() => {
    const shown: number[] = [];
    events.forEach((event, n) => {
      if ((type === ALL || event.name === type) && (instanceId === ALL_INSTANCES || instanceOf(event.payload) === instanceId)) shown.push(firstSeq + n);
    });
    return shown;
  }, [events, firstSeq, type, instanceId]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const rowHeight = useMediaQuery(ONE_LINE_ROWS, true) ? LOG_ROW_HEIGHT.wide : LOG_ROW_HEIGHT.narrow;
  // Same as the log list: fixed-height collapsed rows, only expanded ones measured (under their own key).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 15,
    getItemKey: (i) => (expanded.has(rows[i]!) ? `${rows[i]!}:open` : rows[i]!),
  });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  const lastSeq = rows.at(-1);
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    if (!paused && scrollRef.current) scrollRef.current.scrollTop = totalSize;
  }, [paused, lastSeq, totalSize]);

  const toggle = useCallback((seq: number) => {
    setExpanded((old) => {
      const next = new Set(old);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  }, []);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <Select value={type} onValueChange={setType}>
          <SelectTrigger className="w-52" aria-label="Event type">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All event types</SelectItem>
            {types.map((name) => (
              <SelectItem key={name} value={name}>
                {name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <InstanceSelect instances={instances} value={instanceId} onValueChange={setInstanceId} allLabel="All instances" className="w-44" aria-label="Event instance" />
        <div className="ml-auto flex items-center gap-2">
          {paused ? (
            <Button variant="secondary" size="sm" onClick={() => setPausedAt(null)}>
              <Play aria-hidden /> Resume
              <Badge variant="info" className="tabular-nums" data-testid="events-held">
                {held.toLocaleString()} new
              </Badge>
            </Button>
          ) : (
            <Button variant="outline" size="sm" onClick={() => setPausedAt(log.total)}>
              <Pause aria-hidden /> Pause
            </Button>
          )}
          <Button variant="ghost" size="sm" onClick={() => setShownFrom(pausedAt ?? log.total)} disabled={events.length === 0}>
            <Trash2 aria-hidden /> Clear
          </Button>
        </div>
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite" data-testid="event-summary">
        {rows.length.toLocaleString()} of {events.length.toLocaleString()} events since this page opened{paused ? " · paused" : ""}. Log entries appear here while the Logs tab streams them.
      </p>
      <div
        ref={scrollRef}
        role="log"
        aria-live="off"
        aria-label="Socket events"
        tabIndex={0}
        className="h-[calc(100svh-20rem)] min-h-80 overflow-auto rounded-lg border bg-card [contain:strict] focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        {rows.length === 0 ? (
          <div className="flex h-full flex-col items-center justify-center gap-2 p-8 text-center">
            <Radio className="size-8 text-muted-foreground" aria-hidden />
            <p className="font-medium">Waiting for events</p>
            <p className="max-w-sm text-sm text-muted-foreground">Status changes, QR codes, webhook deliveries and log entries show up here the moment the gateway sends them.</p>
          </div>
        ) : (
          <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
            <div className="absolute left-0 top-0 w-full" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
              {items.map((item) => {
                const seq = rows[item.index]!;
                const event = events[seq - firstSeq]!;
                const subject = instanceOf(event.payload);
                return (
                  <div key={item.key} data-index={item.index} ref={expanded.has(seq) ? virtualizer.measureElement : undefined} data-testid="event-row">
                    <EventRow event={event} seq={seq} instanceId={subject} instanceName={subject ? names.get(subject) : undefined} expanded={expanded.has(seq)} onToggle={toggle} />
                  </div>
                );
              })}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
