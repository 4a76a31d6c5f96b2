"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { Pause, Play, Radio, Trash2 } from "lucide-react";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { SERVER_EVENT_NAMES } from "@/contract/constants";
import { clockTime } from "@/shared/lib/format-time";
import { useGatewaySocket } from "@/shared/lib/realtime/socket-provider";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { useWideScreen } from "../hooks/use-wide-screen";
import type { InstanceOption } from "./log-level";
import { LOG_ROW_HEIGHT, StreamRow } from "./stream-row";

/** One raw socket event as it arrived. */
interface MonitoredEvent {
  seq: number;
  name: string;
  payload: unknown;
  at: string;
  instanceId?: string;
}

const MAX_EVENTS = 5000;
const FLUSH_MS = 200;
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

const EventRow = memo(function EventRow({ event, instanceName, expanded, onToggle }: { event: MonitoredEvent; instanceName?: string; expanded: boolean; onToggle: (seq: number) => void }) {
  return (
    <StreamRow
      expanded={expanded}
      onToggle={() => onToggle(event.seq)}
      toggleLabel="payload"
      at={event.at}
      rowProps={{ "data-event": event.name }}
      cells={
        <Badge variant="outline" className="justify-start font-mono sm:w-32">
          {event.name}
        </Badge>
      }
      instanceId={event.instanceId}
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
  const { socket } = useGatewaySocket();
  const [events, setEvents] = useState<readonly MonitoredEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState(0);
  const [type, setType] = useState<string>(ALL);
  const [instanceId, setInstanceId] = useState<string>(ALL);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const queue = useRef<MonitoredEvent[]>([]);
  // While hidden (another tab) or paused, events queue up instead of re-rendering a list nobody sees.
  const holdRef = useRef(paused || !active);

  useEffect(() => {
    holdRef.current = paused || !active;
  }, [paused, active]);

  useEffect(() => {
    if (!socket) return;
    let seq = 0;
    const onAny = (name: string, payload: unknown) => {
      queue.current.push({ seq: ++seq, name, payload, at: new Date().toISOString(), instanceId: instanceOf(payload) });
      // Trimmed in bulk: shifting the whole queue on every event would cost more than the event itself.
      if (queue.current.length > 2 * MAX_EVENTS) queue.current = queue.current.slice(-MAX_EVENTS);
    };
    // Batched into state: a busy gateway sends hundreds of events a second.
    const timer = setInterval(() => {
      if (queue.current.length === 0) return;
      if (holdRef.current) {
        setHeld(Math.min(queue.current.length, MAX_EVENTS));
        return;
      }
      const batch = queue.current.length > MAX_EVENTS ? queue.current.slice(-MAX_EVENTS) : queue.current;
      queue.current = [];
      setHeld(0);
      setEvents((old) => {
        const next = old.concat(batch);
        return next.length > MAX_EVENTS ? next.slice(next.length - MAX_EVENTS) : next;
      });
    }, FLUSH_MS);
    socket.onAny(onAny);
    return () => {
      socket.offAny(onAny);
      clearInterval(timer);
    };
  }, [socket]);

  const names = useMemo(() => new Map(instances.map((i) => [i.id, i.name])), [instances]);
  const types = useMemo(() => [...new Set([...SERVER_EVENT_NAMES, ...events.map((e) => e.name)])].sort(), [events]);
  const rows = useMemo(() => events.filter((e) => (type === ALL || e.name === type) && (instanceId === ALL || e.instanceId === instanceId)), [events, type, instanceId]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const rowHeight = useWideScreen() ? LOG_ROW_HEIGHT.wide : LOG_ROW_HEIGHT.narrow;
  // Same as the log list: fixed-height collapsed rows, only expanded ones measured (under their own key).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 15,
    getItemKey: (i) => (expanded.has(rows[i]!.seq) ? `${rows[i]!.seq}:open` : rows[i]!.seq),
  });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  const lastSeq = rows.at(-1)?.seq;
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
        <Select value={instanceId} onValueChange={setInstanceId}>
          <SelectTrigger className="w-44" aria-label="Event instance">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All instances</SelectItem>
            {instances.map((instance) => (
              <SelectItem key={instance.id} value={instance.id}>
                {instance.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <div className="ml-auto flex items-center gap-2">
          {paused ? (
            <Button variant="secondary" size="sm" onClick={() => setPaused(false)}>
              <Play aria-hidden /> Resume
              <Badge variant="info" className="tabular-nums" data-testid="events-held">
                {held.toLocaleString()} new
              </Badge>
            </Button>
          ) : (
            <Button variant="outline" size="sm" onClick={() => setPaused(true)}>
              <Pause aria-hidden /> Pause
            </Button>
          )}
          <Button variant="ghost" size="sm" onClick={() => setEvents([])} disabled={events.length === 0}>
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
                const event = rows[item.index]!;
                return (
                  <div key={item.key} data-index={item.index} ref={expanded.has(event.seq) ? virtualizer.measureElement : undefined} data-testid="event-row">
                    <EventRow event={event} instanceName={event.instanceId ? names.get(event.instanceId) : undefined} expanded={expanded.has(event.seq)} onToggle={toggle} />
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
