"use client";

import { CloudOff } from "lucide-react";
import { useEffect } from "react";
import { hourMinute } from "@/shared/lib/format-time";
import { useGatewaySocket } from "@/shared/lib/realtime/socket-provider";

/**
 * Says, above every page, that the gateway stopped answering and since when, while the page keeps its last known
 * data. It also marks the document, so live statuses (`data-live-status`) dim through one rule in app/globals.css
 * instead of every row re-rendering.
 */
export function GatewayOutageBanner() {
  const { unreachableSince } = useGatewaySocket();
  const down = unreachableSince !== null;
  useEffect(() => {
    if (!down) return;
    document.documentElement.dataset.gateway = "unreachable";
    return () => void delete document.documentElement.dataset.gateway;
  }, [down]);
  return (
    <div role="status" aria-live="polite" className="sticky top-14 z-20 empty:hidden">
      {down ? (
        <div className="flex items-start gap-2 border-b border-warning/40 bg-warning/15 px-4 py-2 text-sm md:px-6" data-testid="gateway-outage">
          <CloudOff className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p>
            <span className="font-medium">Gateway unreachable since {hourMinute(unreachableSince)}</span> — showing the last known state. Reconnecting by
            itself; changes made meanwhile appear once it answers.
          </p>
        </div>
      ) : null}
    </div>
  );
}
