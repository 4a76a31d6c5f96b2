"use client";

import type { InstanceStatus } from "@/contract/instances";
import { cn } from "@/shared/lib/cn";
import { Badge } from "@/shared/ui/badge";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/shared/ui/tooltip";
import { STATUS_META } from "./instance-status";

/** Colour, icon and text together, so status never relies on colour alone; the reason shows on hover/focus. */
export function InstanceStatusBadge({ status, reason, code, className }: { status: InstanceStatus; reason?: string; code?: number; className?: string }) {
  const meta = STATUS_META[status];
  const badge = (
    <Badge variant={meta.variant} data-status={status} className={cn("gap-1.5", className)} tabIndex={reason ? 0 : undefined}>
      <meta.icon className={cn(meta.spin && "animate-spin [animation-duration:2s]")} aria-hidden />
      {meta.label}
    </Badge>
  );
  if (!reason) return badge;
  return (
    <Tooltip>
      <TooltipTrigger asChild>{badge}</TooltipTrigger>
      <TooltipContent className="max-w-72">
        {reason}
        {code ? ` (code ${code})` : ""}
      </TooltipContent>
    </Tooltip>
  );
}
