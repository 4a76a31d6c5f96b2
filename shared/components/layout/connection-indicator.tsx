"use client";

import type { ComponentProps } from "react";
import { LazyTooltip } from "@/shared/components/lazy-tooltip";
import { useGatewaySocket, type SocketState } from "@/shared/lib/realtime/socket-provider";
import { cn } from "@/shared/lib/cn";

const LABELS: Record<SocketState, { text: string; dot: string; help: string }> = {
  connected: { text: "Live", dot: "bg-success", help: "Connected to the gateway: changes appear as they happen." },
  connecting: { text: "Connecting…", dot: "bg-warning animate-pulse", help: "Opening the live connection to the gateway." },
  reconnecting: { text: "Reconnecting…", dot: "bg-warning animate-pulse", help: "The live connection dropped; retrying." },
  offline: { text: "Offline", dot: "bg-destructive", help: "No live connection to the gateway. Data on screen may be stale." },
};

function Light({ state, ...props }: { state: SocketState } & ComponentProps<"button">) {
  const label = LABELS[state];
  return (
    <button
      type="button"
      className="flex items-center gap-2 rounded-full border px-3 py-1 text-xs font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring"
      {...props}
      data-testid="connection-indicator"
      // After the spread: the tooltip's trigger passes its own data-state (open/closed).
      data-state={state}
    >
      <span className={cn("size-2 rounded-full", label.dot)} aria-hidden />
      <span role="status" aria-live="polite">
        <span className="sr-only">Gateway connection: </span>
        {label.text}
      </span>
    </button>
  );
}

/** The gateway-connection light in the top bar; its text is the state, so colour is never the only signal. */
export function ConnectionIndicator() {
  const { state, lastError } = useGatewaySocket();
  return (
    <LazyTooltip
      side="bottom"
      className="max-w-72"
      content={state !== "connected" && lastError ? lastError : LABELS[state].help}
      trigger={(props) => <Light state={state} {...props} />}
    />
  );
}
