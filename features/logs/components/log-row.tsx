"use client";

import { memo } from "react";
import type { LogEntry } from "@/contract/logs";
import { exactTime } from "@/shared/lib/format-time";
import { Badge } from "@/shared/ui/badge";
import { HighlightMatches } from "./highlight-matches";
import { LEVEL_META, SOURCE_LABELS } from "./log-level";
import { StreamRow } from "./stream-row";

/** One entry: time, level, source, instance, message; expands to the full message and its context JSON. */
export const LogRow = memo(function LogRow({
  entry,
  instanceName,
  query,
  expanded,
  onToggle,
}: {
  entry: LogEntry;
  instanceName?: string;
  query: string;
  expanded: boolean;
  onToggle: (id: string) => void;
}) {
  const meta = LEVEL_META[entry.level];
  const detailsId = `log-details-${entry.id}`;
  const hasContext = Object.keys(entry.context).length > 0;
  return (
    <StreamRow
      expanded={expanded}
      onToggle={() => onToggle(entry.id)}
      toggleLabel="details"
      detailsId={detailsId}
      at={entry.time}
      rowProps={{ "data-level": entry.level, "data-source": entry.source, "data-instance": entry.instanceId ?? "" }}
      cells={
        <>
          <Badge variant={meta.badge} className="w-12 uppercase">
            {entry.level}
          </Badge>
          <span className="hidden w-16 shrink-0 text-muted-foreground sm:inline">{SOURCE_LABELS[entry.source]}</span>
        </>
      }
      instanceId={entry.instanceId}
      instanceName={instanceName}
      message={<HighlightMatches text={entry.message} query={query} />}
      messageProps={{ "data-testid": "log-message" }}
      copy={{ value: JSON.stringify(entry), label: "Copy entry" }}
      details={
        expanded ? (
          <div id={detailsId} className="flex flex-col gap-1 px-9 pb-2">
            <p className="text-muted-foreground">
              {exactTime(entry.time)} · <span className="font-mono">{entry.id}</span>
              {entry.instanceId ? <span className="font-mono"> · {entry.instanceId}</span> : null}
            </p>
            {hasContext ? (
              <pre className="max-h-72 overflow-auto rounded-md bg-muted p-2 font-mono text-[11px] leading-relaxed" data-testid="log-context">
                <HighlightMatches text={JSON.stringify(entry.context, null, 2)} query={query} />
              </pre>
            ) : (
              <p className="text-muted-foreground">No context.</p>
            )}
          </div>
        ) : null
      }
    />
  );
});
