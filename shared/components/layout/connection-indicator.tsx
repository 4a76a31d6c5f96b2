"use client";

import { useGatewaySocket, type SocketState } from "@/shared/lib/realtime/socket-provider";
import { cn } from "@/shared/lib/cn";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/shared/ui/tooltip";

const LABELS: Record<SocketState, { text: string; dot: string; help: string }> = {
  connected: { text: "Live", dot: "bg-success", help: "Connected to the gateway: changes appear as they happen." },
  connecting: { text: "Connecting…", dot: "bg-warning animate-pulse", help: "Opening the live connection to the gateway." },
  reconnecting: { text: "Reconnecting…", dot: "bg-warning animate-pulse", help: "The live connection dropped; retrying." },
  offline: { text: "Offline", dot: "bg-destructive", help: "No live connection to the gateway. Data on screen may be stale." },
};

/** The gateway-connection light in the top bar; its text is the state, so colour is never the only signal. */
export function ConnectionIndicator() {
  const { state, lastError } = useGatewaySocket();
  const label = LABELS[state];
  return (
    <Tooltip>
      <TooltipTrigger
        type="button"
        className="flex items-center gap-2 rounded-full border px-3 py-1 text-xs font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring"
        data-testid="connection-indicator"
        // Radix sets the trigger's data-state to the tooltip's (closed, delayed-open); this one names the connection.
        data-state={state}
      >
        <span className={cn("size-2 rounded-full", label.dot)} aria-hidden />
        <span role="status" aria-live="polite">
          <span className="sr-only">Gateway connection: </span>
          {label.text}
        </span>
      </TooltipTrigger>
      <TooltipContent side="bottom" className="max-w-72">
        {state !== "connected" && lastError ? lastError : label.help}
      </TooltipContent>
    </Tooltip>
  );
}
