"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { ChevronRight, Pause, Play, Radio, Trash2 } from "lucide-react";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { serverEventNames } from "@/contract/socket-events";
import { CopyButton } from "@/shared/components/copy-button";
import { cn } from "@/shared/lib/cn";
import { clockTime, exactTime } from "@/shared/lib/format-time";
import { useGatewaySocket } from "@/shared/lib/realtime/socket-provider";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import type { InstanceOption } from "./log-level";

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
  const json = JSON.stringify(event.payload, null, 2);
  return (
    <div className={cn("border-b text-xs", expanded && "bg-muted/40")} data-event={event.name}>
      <div className="group flex flex-wrap items-start gap-x-2 gap-y-0.5 px-2 py-1.5 hover:bg-muted/50 sm:flex-nowrap">
        <button
          type="button"
          onClick={() => onToggle(event.seq)}
          aria-expanded={expanded}
          aria-label={expanded ? "Hide payload" : "Show payload"}
          className="mt-px flex size-5 shrink-0 items-center justify-center rounded-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <ChevronRight className={cn("size-3.5 transition-transform", expanded && "rotate-90")} aria-hidden />
        </button>
        <time dateTime={event.at} title={exactTime(event.at)} className="mt-0.5 shrink-0 font-mono tabular-nums text-muted-foreground">
          {clockTime(event.at)}
        </time>
        <Badge variant="outline" className="justify-start font-mono sm:w-32">
          {event.name}
        </Badge>
        {event.instanceId ? (
          <span className="mt-0.5 max-w-28 shrink-0 truncate font-medium sm:max-w-40" title={event.instanceId}>
            {instanceName ?? event.instanceId}
          </span>
        ) : null}
        <span className={cn("order-last mt-0.5 min-w-0 basis-full font-mono sm:order-none sm:basis-auto sm:flex-1", expanded ? "whitespace-pre-wrap break-words" : "truncate")}>{summary(event.name, event.payload)}</span>
        <CopyButton value={JSON.stringify({ event: event.name, at: event.at, payload: event.payload })} label="Copy event" className="-my-1 ml-auto size-6 opacity-60 group-hover:opacity-100 focus-visible:opacity-100" />
      </div>
      {expanded ? <pre className="mx-9 mb-2 max-h-72 overflow-auto rounded-md bg-muted p-2 font-mono text-[11px] leading-relaxed">{json}</pre> : null}
    </div>
  );
});

/**
 * Every event the gateway pushes over the live socket, raw, with its payload: instance status and QR changes,
 * webhook deliveries, log entries. Filter by type and instance; pause to read.
 */
export function EventMonitor({ instances }: { instances: readonly InstanceOption[] }) {
  const { socket } = useGatewaySocket();
  const [events, setEvents] = useState<readonly MonitoredEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState(0);
  const [type, setType] = useState<string>(ALL);
  const [instanceId, setInstanceId] = useState<string>(ALL);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const queue = useRef<MonitoredEvent[]>([]);
  const pausedRef = useRef(paused);

  useEffect(() => {
    pausedRef.current = paused;
  }, [paused]);

  useEffect(() => {
    if (!socket) return;
    let seq = 0;
    const onAny = (name: string, payload: unknown) => {
      queue.current.push({ seq: ++seq, name, payload, at: new Date().toISOString(), instanceId: instanceOf(payload) });
      if (queue.current.length > MAX_EVENTS) queue.current.splice(0, queue.current.length - MAX_EVENTS);
    };
    // Batched into state: a busy gateway sends hundreds of events a second.
    const timer = setInterval(() => {
      if (queue.current.length === 0) return;
      if (pausedRef.current) {
        setHeld(queue.current.length);
        return;
      }
      const batch = queue.current;
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
  const types = useMemo(() => [...new Set([...serverEventNames, ...events.map((e) => e.name)])].sort(), [events]);
  const rows = useMemo(() => events.filter((e) => (type === ALL || e.name === type) && (instanceId === ALL || e.instanceId === instanceId)), [events, type, instanceId]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer is re-read on every render by design; the compiler must not memoise around it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => 30, overscan: 15, getItemKey: (i) => rows[i]!.seq });
  const lastSeq = rows.at(-1)?.seq;
  useEffect(() => {
    if (!paused && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: "end" });
  }, [paused, lastSeq, rows.length, virtualizer]);

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
        className="h-[calc(100svh-20rem)] min-h-80 overflow-auto rounded-lg border bg-card focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
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
                  <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} data-testid="event-row">
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
