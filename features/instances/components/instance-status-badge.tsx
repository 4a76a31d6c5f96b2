"use client";

import type { InstanceStatus } from "@/contract/instances";
import { cn } from "@/shared/lib/cn";
import { Badge } from "@/shared/ui/badge";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/shared/ui/tooltip";
import { STATUS_META } from "./instance-status-meta";

/**
 * Colour, icon and text together, so status never relies on colour alone; the reason shows on hover/focus. The
 * colour snaps rather than fading: a colour transition repaints on the main thread each frame it runs.
 *
 * A reason that only repeats the label (the gateway's "Connected" on every connected instance) says nothing more:
 * that badge has no tooltip and is no tab stop, so a list of 50 connected instances does not carry 50 tab stops and
 * 50 tooltips saying what each row already shows.
 */
export function InstanceStatusBadge({ status, reason, code, className }: { status: InstanceStatus; reason?: string; code?: number; className?: string }) {
  const meta = STATUS_META[status];
  const says = reason !== undefined && reason !== "" && (code !== undefined || reason.trim().toLowerCase() !== meta.label.toLowerCase());
  const badge = (
    <Badge variant={meta.variant} data-status={status} data-live-status className={cn("gap-1.5 transition-[box-shadow]", className)} tabIndex={says ? 0 : undefined}>
      {meta.spin ? (
        // The span spins, not the svg: Chromium does not composite transform animations on an <svg> with a viewBox,
        // so a spinning icon repaints the page on the main thread every frame (dozens at once in a reconnect storm).
        <span className="inline-flex animate-spin [animation-duration:2s] [&>svg]:size-3" aria-hidden>
          <meta.icon />
        </span>
      ) : (
        <meta.icon aria-hidden />
      )}
      {meta.label}
    </Badge>
  );
  if (!says) return badge;
  return (
    <Tooltip>
      <TooltipTrigger asChild>{badge}</TooltipTrigger>
      <TooltipContent className="max-w-72">{`${reason}${code ? ` (code ${code})` : ""}`}</TooltipContent>
    </Tooltip>
  );
}
