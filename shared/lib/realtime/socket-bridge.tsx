"use client";

import { defaultScheduler, notifyManager, queryOptions, useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect } from "react";
import { serverEvents, type ServerEventName, type ServerEventPayload } from "@/contract/socket-events";
import { appendToBuffer, EMPTY_BUFFER, type LiveBuffer } from "@/shared/lib/live-buffer";
import { useGatewaySocket } from "./socket-provider";

/** What a feature hands the bridge (its live.ts): for each event it owns, how to write it into the query cache. */
export interface LiveFeature {
  handlers: { [E in ServerEventName]?: (queryClient: QueryClient, event: ServerEventPayload<E>) => void };
  /** Keys the socket keeps current: refetched whenever it (re)connects, since events sent while it was away are gone. */
  liveKeys?: readonly QueryKey[];
}

/** One event as the gateway sent it (before validation), for the event monitor. */
export interface SocketEvent {
  name: string;
  payload: unknown;
  /** When it arrived, ISO. */
  at: string;
}

const EVENT_LOG_LIMIT = 5_000;
const EMPTY_EVENT_LOG: LiveBuffer<SocketEvent> = EMPTY_BUFFER;

/** The newest 5,000 events the socket brought, written by the bridge and read by the event monitor; never fetched. */
export const socketEventLogOptions = () =>
  queryOptions({
    queryKey: ["socket", "events"],
    queryFn: () => EMPTY_EVENT_LOG,
    initialData: EMPTY_EVENT_LOG,
    staleTime: Infinity,
    gcTime: Infinity,
    // Every write is a new buffer sharing all but one chunk with the last: nothing for structural sharing to find.
    structuralSharing: false,
  });

/**
 * Routes one raw socket event: validates it with the contract's schema and calls each feature's handler, which
 * writes the cache at once. Returns false (and calls nobody) when the payload does not match the contract.
 */
export function routeSocketEvent(features: readonly LiveFeature[], queryClient: QueryClient, name: string, payload: unknown): boolean {
  if (!Object.hasOwn(serverEvents, name)) return false;
  const eventName = name as ServerEventName;
  const parsed = serverEvents[eventName].safeParse(payload);
  if (!parsed.success) {
    console.warn(`Ignored a malformed "${name}" event from the gateway`, parsed.error.issues);
    return false;
  }
  notifyManager.batch(() => {
    for (const feature of features) {
      const handler = feature.handlers[eventName] as ((qc: QueryClient, event: unknown) => void) | undefined;
      handler?.(queryClient, parsed.data);
    }
  });
  return true;
}

/**
 * TanStack Query's notifications (what re-renders a component after a cache write) go out once per animation frame:
 * however many events a frame brings, each observer hears once and React renders once. A hidden tab has no frames,
 * so there a timer takes over (browsers throttle it in the background anyway), and what is queued goes out when the
 * tab is hidden.
 */
function frameScheduler() {
  let queue: Array<() => void> = [];
  const flush = () => {
    const run = queue;
    queue = [];
    for (const callback of run) callback();
  };
  const schedule = (callback: () => void) => {
    queue.push(callback);
    if (queue.length > 1) return;
    if (document.visibilityState === "hidden") setTimeout(flush, 0);
    else requestAnimationFrame(flush);
  };
  return { schedule, flush };
}

/**
 * The one place live events enter the panel: every socket event is recorded for the event monitor, validated and
 * handed to the owning feature's handler (features/<name>/live.ts), which writes the query cache at once; all
 * batching happens here, through TanStack Query's notifyManager (one batch per event, notifications per frame).
 * Whenever the socket (re)connects, the features' live keys are refetched.
 */
export function SocketBridge({ features }: { features: readonly LiveFeature[] }) {
  const { socket } = useGatewaySocket();
  const queryClient = useQueryClient();

  useEffect(() => {
    const scheduler = frameScheduler();
    const onHidden = () => document.visibilityState === "hidden" && scheduler.flush();
    notifyManager.setScheduler(scheduler.schedule);
    document.addEventListener("visibilitychange", onHidden);
    return () => {
      document.removeEventListener("visibilitychange", onHidden);
      notifyManager.setScheduler(defaultScheduler);
      scheduler.flush();
    };
  }, []);

  useEffect(() => {
    if (!socket) return;
    const eventLog = socketEventLogOptions().queryKey;
    // The log is written whether or not the monitor (its only reader) is open: give the query its options up front.
    queryClient.setQueryDefaults(eventLog, { structuralSharing: false, staleTime: Infinity, gcTime: Infinity });
    const onAny = (name: string, payload: unknown) =>
      notifyManager.batch(() => {
        queryClient.setQueryData(eventLog, (log: LiveBuffer<SocketEvent> = EMPTY_EVENT_LOG) => appendToBuffer(log, [{ name, payload, at: new Date().toISOString() }], EVENT_LOG_LIMIT));
        routeSocketEvent(features, queryClient, name, payload);
      });
    // Events sent before a connect (while the page loaded from the server's HTML, or while offline) were not delivered.
    const onConnect = () => {
      for (const feature of features) for (const queryKey of feature.liveKeys ?? []) void queryClient.invalidateQueries({ queryKey });
    };
    socket.onAny(onAny);
    socket.on("connect", onConnect);
    if (socket.connected) onConnect();
    return () => {
      socket.offAny(onAny);
      socket.off("connect", onConnect);
    };
  }, [socket, queryClient, features]);

  return null;
}
