import type { QueryClient } from "@tanstack/react-query";
import type { ServerEventName, ServerEventPayload } from "@/contract/socket-events";
import { loadContract, loadedContract, type Contract } from "@/shared/lib/contract-loader";

/** What a feature hands the socket bridge: for each event it owns, how to write it into the query cache. */
export type SocketHandlers = {
  [E in ServerEventName]?: (queryClient: QueryClient, payload: ServerEventPayload<E>) => void;
};

export interface SocketFeature {
  handlers: SocketHandlers;
  /** Query keys to refetch after a reconnect, so nothing missed while offline stays wrong. */
  liveKeys?: readonly (readonly unknown[])[];
}

type Routed = { features: readonly SocketFeature[]; queryClient: QueryClient; name: string; payload: unknown };

/** Events that arrived before the contract's chunk: delivered in arrival order once it has loaded. */
let waiting: Routed[] = [];

function dispatch(contract: Contract, { features, queryClient, name, payload }: Routed): boolean {
  if (!Object.hasOwn(contract.serverEvents, name)) return false;
  const eventName = name as ServerEventName;
  const parsed = contract.serverEvents[eventName].safeParse(payload);
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

/**
 * Routes one raw socket event: validates it with the contract's schema and calls each feature's handler.
 * Returns false (and calls nobody) when the payload does not match the contract. Until the contract's chunk has
 * loaded (the first moments after a page load) events wait in order and the result is "pending".
 */
export function routeSocketEvent(features: readonly SocketFeature[], queryClient: QueryClient, name: string, payload: unknown): boolean | "pending" {
  const event = { features, queryClient, name, payload };
  const contract = loadedContract();
  if (contract && waiting.length === 0) return dispatch(contract, event);
  waiting.push(event);
  if (waiting.length === 1) {
    void loadContract().then(
      (loaded) => {
        const queued = waiting;
        waiting = [];
        for (const item of queued) dispatch(loaded, item);
      },
      () => {
        console.warn(`Dropped ${waiting.length} live event(s): the contract's chunk did not load`);
        waiting = [];
      },
    );
  }
  return "pending";
}
