"use client";

import { useQuery } from "@tanstack/react-query";
import { Activity } from "lucide-react";
import { useState } from "react";
import type { InstanceStatus } from "@/contract/instances";
import { UPTIME_RANGES, type Uptime, type UptimeRange } from "@/contract/stats";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";
import { cn } from "@/shared/lib/cn";
import { hourMinute, monthDay } from "@/shared/lib/format-time";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { ToggleGroup, ToggleGroupItem } from "@/shared/ui/toggle-group";
import { instanceUptimeOptions } from "../../api/instances";
import { STATUS_META } from "../instance-status-meta";
import { WatchdogSettingsForm } from "./watchdog-settings-form";

const RANGE_LABELS: Record<UptimeRange, { short: string; long: string }> = {
  "24h": { short: "24 h", long: "the last 24 hours" },
  "7d": { short: "7 d", long: "the last 7 days" },
  "30d": { short: "30 d", long: "the last 30 days" },
};

/** The strip's colours, as the status badges use them (the legend and the labels carry the meaning too). */
const SLOT_COLOURS: Record<InstanceStatus, string> = {
  INIT: "bg-secondary-foreground/30",
  QR_REQUIRED: "bg-info",
  CONNECTED: "bg-success",
  RECONNECTING: "bg-warning",
  DISCONNECTED: "bg-muted-foreground/50",
  ERROR: "bg-destructive",
};

/** A slot's start as the strip labels it: "14:15" within a day, "11-24 14:15" beyond. */
const slotTime = (iso: string, range: UptimeRange) => (range === "24h" ? hourMinute(Date.parse(iso)) : `${monthDay(Date.parse(iso))} ${hourMinute(Date.parse(iso))}`);

const slotLabel = (slot: Uptime["slots"][number], range: UptimeRange) =>
  `${slotTime(slot.from, range)}: ${slot.status ? `${STATUS_META[slot.status].label}, ${Math.round(slot.connectedRatio * 100)}% connected` : "did not exist yet"}`;

function summary(uptime: Uptime, range: UptimeRange): string {
  if (uptime.uptimePercent === null) return `No history in ${RANGE_LABELS[range].long}.`;
  const drops = uptime.drops === 1 ? "1 drop" : `${uptime.drops} drops`;
  return `${uptime.uptimePercent}% connected over ${RANGE_LABELS[range].long}, ${drops}.`;
}

/** 96 slots of the window, each coloured by the status that held longest in it. */
function UptimeStrip({ uptime, range }: { uptime: Uptime; range: UptimeRange }) {
  const present = new Set(uptime.slots.flatMap((slot) => (slot.status ? [slot.status] : [])));
  return (
    <div className="flex flex-col gap-2">
      <div role="img" aria-label={`Timeline of ${RANGE_LABELS[range].long}: ${summary(uptime, range)}`} className="flex h-8 w-full gap-px overflow-hidden rounded-md" data-testid="uptime-strip">
        {uptime.slots.map((slot) => (
          <div key={slot.from} title={slotLabel(slot, range)} className={cn("h-full min-w-0 flex-1", slot.status ? SLOT_COLOURS[slot.status] : "bg-muted")} />
        ))}
      </div>
      <div className="flex justify-between text-xs text-muted-foreground">
        <span>{range === "24h" ? hourMinute(Date.parse(uptime.from)) : monthDay(Date.parse(uptime.from))}</span>
        <span>now</span>
      </div>
      {present.size > 0 ? (
        <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted-foreground" aria-label="Legend">
          {[...present].map((status) => (
            <li key={status} className="flex items-center gap-1">
              <span className={cn("size-2.5 rounded-sm", SLOT_COLOURS[status])} aria-hidden /> {STATUS_META[status].label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Uptime over 24 h, 7 d or 30 d with its timeline, and the watchdog that keeps it up. */
export function UptimeCard({ instanceId }: { instanceId: string }) {
  const [range, setRange] = useState<UptimeRange>("24h");
  const uptime = useQuery(instanceUptimeOptions(instanceId, range));
  return (
    <Card data-testid="uptime-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Activity className="size-4" aria-hidden /> Uptime
        </CardTitle>
        <CardDescription>Time connected, from the status history.</CardDescription>
        <CardAction>
          {/* Single choice, never none: an empty value (pressing the chosen one again) keeps the range. */}
          <ToggleGroup type="single" value={range} onValueChange={(value) => value && setRange(value as UptimeRange)} aria-label="Uptime window">
            {UPTIME_RANGES.map((value) => (
              <ToggleGroupItem key={value} value={value} aria-label={RANGE_LABELS[value].long}>
                {RANGE_LABELS[value].short}
              </ToggleGroupItem>
            ))}
          </ToggleGroup>
        </CardAction>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {uptime.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : uptime.isError && !uptime.data ? (
          <InlineLoadError what="Could not load the uptime" error={uptime.error} />
        ) : (
          <>
            <dl className="grid grid-cols-2 gap-3 text-sm">
              <div>
                <dt className="text-muted-foreground">Connected</dt>
                <dd className="text-2xl font-semibold tabular-nums" data-testid="uptime-percent">
                  {uptime.data.uptimePercent === null ? "—" : `${uptime.data.uptimePercent}%`}
                </dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Drops</dt>
                <dd className="text-2xl font-semibold tabular-nums" data-testid="uptime-drops">
                  {uptime.data.drops}
                </dd>
              </div>
            </dl>
            <UptimeStrip uptime={uptime.data} range={range} />
          </>
        )}
        <WatchdogSettingsForm instanceId={instanceId} />
      </CardContent>
    </Card>
  );
}
