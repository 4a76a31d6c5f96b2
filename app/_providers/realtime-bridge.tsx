"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { instanceSocketFeature } from "@/features/instances/realtime/instance-socket-handlers";
import { logSocketFeature } from "@/features/logs/realtime/log-socket-handlers";
import { systemSocketFeature } from "@/features/system/realtime/system-socket-handlers";
import { webhookSocketFeature } from "@/features/webhooks/realtime/webhook-socket-handlers";
import { routeSocketEvent, type SocketFeature } from "@/shared/lib/realtime/event-router";
import { useGatewaySocket } from "@/shared/lib/realtime/socket-provider";

/** Every feature that reads live events. Adding one here is the only wiring a new feature needs. */
const FEATURES: readonly SocketFeature[] = [systemSocketFeature, instanceSocketFeature, webhookSocketFeature, logSocketFeature];

/** Hands each gateway event to the owning feature's handler, which writes that feature's cache keys. */
export function RealtimeBridge() {
  const { socket } = useGatewaySocket();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!socket) return;
    const onAny = (name: string, payload: unknown) => void routeSocketEvent(FEATURES, queryClient, name, payload);
    // Whenever the socket (re)connects, refetch what it feeds: events sent before that (while the page loaded from
    // the server's HTML, or while offline) were not delivered.
    const onConnect = () => {
      for (const feature of FEATURES) for (const key of feature.liveKeys ?? []) void queryClient.invalidateQueries({ queryKey: key });
    };
    socket.onAny(onAny);
    socket.on("connect", onConnect);
    if (socket.connected) onConnect();
    return () => {
      socket.offAny(onAny);
      socket.off("connect", onConnect);
    };
  }, [socket, queryClient]);

  return null;
}
