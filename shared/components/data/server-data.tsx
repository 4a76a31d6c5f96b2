"use client";

import { HydrationBoundary, useQueryClient, type DehydratedState } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { useGatewaySocket } from "@/shared/lib/realtime/socket-provider";

/**
 * Puts the data a page's server read into the cache before the page renders. Only queries the cache does not hold
 * yet are taken: what the cache holds is kept current by the socket and is never replaced by an older server copy.
 * Events sent between the server's read and the live connection are not delivered, so the queries taken here are
 * refetched once the socket is connected (at once when it already is).
 */
export function ServerData({ state, children }: { state: DehydratedState; children: ReactNode }) {
  const queryClient = useQueryClient();
  const { socket } = useGatewaySocket();
  // Decided once, on the first render: later renders must not drop what this one hydrated.
  const taken = useMemo(() => ({ ...state, queries: state.queries.filter((q) => queryClient.getQueryCache().get(q.queryHash)?.state.data === undefined) }), [state, queryClient]);
  const refetched = useRef(false);

  useEffect(() => {
    if (!socket || refetched.current || taken.queries.length === 0) return;
    const refetch = () => {
      refetched.current = true;
      for (const { queryKey } of taken.queries) void queryClient.invalidateQueries({ queryKey, exact: true });
    };
    if (socket.connected) {
      refetch();
      return;
    }
    socket.once("connect", refetch);
    return () => void socket.off("connect", refetch);
  }, [socket, taken, queryClient]);

  return <HydrationBoundary state={taken}>{children}</HydrationBoundary>;
}
