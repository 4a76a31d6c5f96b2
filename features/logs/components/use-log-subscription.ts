"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { LogsSubscriptionAck } from "@/contract/logs";
import { useGatewaySocket } from "@/shared/lib/realtime/socket-provider";
import { logKeys } from "../api/logs";
import { EMPTY_LIVE_BUFFER } from "../lib/log-view";

/**
 * The gateway sends `log.entry` only to sockets that ask: subscribe while mounted (every entry, or one
 * instance's), again after each reconnect, and unsubscribe on unmount. Each subscription starts with an empty live
 * buffer: what came before is in the history it fetches.
 */
export function useLogSubscription(instanceId?: string): void {
  const { socket } = useGatewaySocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    const payload = instanceId ? { instanceId } : {};
    queryClient.setQueryData(logKeys.live(), EMPTY_LIVE_BUFFER);
    const subscribe = () =>
      socket.emit("logs.subscribe", payload, (ack: LogsSubscriptionAck) => {
        if (!ack.ok) console.warn(`The gateway refused the live log subscription: ${ack.error.message}`);
      });
    if (socket.connected) subscribe();
    socket.on("connect", subscribe);
    return () => {
      socket.off("connect", subscribe);
      if (socket.connected) socket.emit("logs.unsubscribe", payload);
    };
  }, [socket, instanceId, queryClient]);
}
