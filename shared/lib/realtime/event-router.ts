import type { QueryClient } from "@tanstack/react-query";
import { serverEvents, type ServerEventName, type ServerEventPayload } from "@/contract/socket-events";

/** What a feature hands the socket bridge: for each event it owns, how to write it into the query cache. */
export type SocketHandlers = {
  [E in ServerEventName]?: (queryClient: QueryClient, payload: ServerEventPayload<E>) => void;
};

export interface SocketFeature {
  handlers: SocketHandlers;
  /** Query keys to refetch after a reconnect, so nothing missed while offline stays wrong. */
  liveKeys?: readonly (readonly unknown[])[];
}

/**
 * Routes one raw socket event: validates it with the contract's schema and calls each feature's handler.
 * Returns false (and calls nobody) when the payload does not match the contract.
 */
export function routeSocketEvent(features: readonly SocketFeature[], queryClient: QueryClient, name: string, payload: unknown): boolean {
  if (!(name in serverEvents)) return false;
  const eventName = name as ServerEventName;
  const parsed = serverEvents[eventName].safeParse(payload);
  if (!parsed.success) {
    console.warn(`Ignored a malformed "${name}" event from the gateway`, parsed.error.issues);
    return false;
  }
  for (const feature of features) {
    const handler = feature.handlers[eventName] as ((qc: QueryClient, p: unknown) => void) | undefined;
    handler?.(queryClient, parsed.data);
  }
  return true;
}
