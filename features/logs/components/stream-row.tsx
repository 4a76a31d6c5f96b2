"use client";

import { ChevronRight } from "lucide-react";
import type { HTMLAttributes, ReactNode } from "react";
import { CopyButton } from "@/shared/components/copy-button";
import { cn } from "@/shared/lib/cn";
import { clockTime, exactTime } from "@/shared/lib/format-time";

/** Height of a collapsed row (one line from `sm` up, two below), border included. */
export const LOG_ROW_HEIGHT = { wide: 33, narrow: 54 } as const;

/** Where rows fit on one line: Tailwind's `sm`, as in the classes below. */
export const ONE_LINE_ROWS = "(min-width: 640px)";

/**
 * One line of a live list (log entries, socket events): toggle, clock time, the row's own cells, its instance, the
 * message and a copy button; `details` shows below it while expanded (build it only then: it is often costly).
 */
export function StreamRow({
  expanded,
  onToggle,
  toggleLabel,
  detailsId,
  at,
  cells,
  instanceId,
  instanceName,
  message,
  messageProps,
  copy,
  details,
  rowProps,
}: {
  expanded: boolean;
  onToggle: () => void;
  /** What expanding reveals, for the toggle's label: "details", "payload". */
  toggleLabel: string;
  detailsId?: string;
  at: string;
  cells: ReactNode;
  instanceId?: string;
  instanceName?: string;
  message: ReactNode;
  messageProps?: HTMLAttributes<HTMLSpanElement> & { "data-testid"?: string };
  copy: { value: string; label: string };
  details: ReactNode;
  rowProps?: HTMLAttributes<HTMLDivElement> & Record<`data-${string}`, string>;
}) {
  return (
    <div {...rowProps} className={cn("text-xs", expanded && "border-b bg-muted/40")}>
      <div
        className={cn(
          "group flex flex-wrap content-center items-center gap-x-2 gap-y-0.5 overflow-hidden px-2 hover:bg-muted/50 sm:flex-nowrap",
          // Collapsed rows have a fixed height (LOG_ROW_HEIGHT): the list never has to measure them.
          expanded ? "py-1.5" : "h-[54px] border-b sm:h-[33px]",
        )}
      >
        <button
          type="button"
          onClick={onToggle}
          aria-expanded={expanded}
          aria-controls={expanded ? detailsId : undefined}
          aria-label={`${expanded ? "Hide" : "Show"} ${toggleLabel}`}
          className="flex size-5 shrink-0 items-center justify-center rounded-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <ChevronRight className={cn("size-3.5 transition-transform", expanded && "rotate-90")} aria-hidden />
        </button>
        <time dateTime={at} title={exactTime(at)} className="shrink-0 font-mono tabular-nums text-muted-foreground">
          {clockTime(at)}
        </time>
        {cells}
        {instanceId ? (
          <span className="max-w-28 shrink-0 truncate font-medium sm:max-w-40" title={instanceId}>
            {instanceName ?? instanceId}
          </span>
        ) : null}
        <span
          {...messageProps}
          className={cn("order-last min-w-0 basis-full font-mono sm:order-none sm:basis-auto sm:flex-1", expanded ? "whitespace-pre-wrap break-words" : "truncate")}
        >
          {message}
        </span>
        <CopyButton value={copy.value} label={copy.label} className="ml-auto size-6 opacity-60 group-hover:opacity-100 focus-visible:opacity-100" />
      </div>
      {expanded ? details : null}
    </div>
  );
}
