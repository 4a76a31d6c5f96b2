"use client";

import { Area, AreaChart, CartesianGrid, Line, LineChart, XAxis, YAxis } from "recharts";
import type { ActivityRange } from "@/contract/stats";
import { ChartLegend, ChartLegendContent, ChartTooltip, ChartTooltipContent, type ChartConfig } from "@/shared/ui/chart";
import { formatRate, hasAttempts, hasSample, peakInstances, presentStatuses, spanLabel, stepRows, tickLabel, timeTicks, type ActivityRow, type StatusSeries } from "../lib/activity-series";
import { ActivityChartPanel, type DataColumn } from "./activity-chart-panel";

// The Overview's four activity charts over one range. Drawn without animation: they are refetched every minute.
// What is counted per point (instances, webhooks) is drawn as steps holding each value over its span, with gaps where
// there is none: bars would be a pixel wide over a day, and Recharts rounds their width down, which stripes them.

type ChartProps = { range: ActivityRange; rows: ActivityRow[]; from: number; to: number; summary: string };

const MARGIN = { top: 4, right: 4, bottom: 0, left: 0 };

/** The shared time axis: points drawn at their middle, labelled at round local times. */
function timeAxis(range: ActivityRange, from: number, to: number) {
  return {
    dataKey: "t",
    type: "number" as const,
    scale: "time" as const,
    domain: [from, to],
    ticks: timeTicks(range, from, to),
    tickFormatter: (ms: number) => tickLabel(range, ms),
    tickLine: false,
    axisLine: false,
    tickMargin: 8,
    minTickGap: 16,
  };
}

const valueAxis = { tickLine: false, axisLine: false, width: "auto" as const, tickMargin: 4 };

/** The tooltip: the point's span, then its series in the legend's order (Recharts sorts them by name otherwise). */
function tooltip(range: ActivityRange, order: readonly string[], indicator: "dot" | "line" = "dot") {
  return (
    <ChartTooltip
      cursor={false}
      itemSorter={(item) => order.indexOf(String(item.dataKey))}
      content={<ChartTooltipContent indicator={indicator} labelFormatter={(_, payload) => (payload[0] ? spanLabel(range, payload[0].payload as ActivityRow) : null)} />}
    />
  );
}

const timeColumn = (range: ActivityRange): DataColumn<ActivityRow> => ({ label: "Time", value: (row) => spanLabel(range, row) });
const orDash = (value: number | null, unit = "") => (value === null ? "—" : `${value.toLocaleString()}${unit}`);

export function InstancesByStatusChart({ range, rows, from, to, summary, statuses }: ChartProps & { statuses: readonly StatusSeries[] }) {
  // Only the statuses that occur get an area and a legend entry: an area of zeros would still draw on top of the stack.
  const present = presentStatuses(rows, statuses);
  const config = Object.fromEntries(present.map((s) => [s.key, { label: s.label, color: s.color }])) satisfies ChartConfig;
  const peak = peakInstances(rows);
  return (
    <ActivityChartPanel
      title="Instances by status"
      summary={summary}
      config={config}
      rows={rows}
      empty={present.length === 0 ? "No instances in this range" : undefined}
      columns={[timeColumn(range), ...statuses.map((s) => ({ label: s.label, value: (row: ActivityRow) => orDash(row[s.key]) }))]}
    >
      <AreaChart data={stepRows(rows, hasSample)} margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid vertical={false} />
        <XAxis {...timeAxis(range, from, to)} />
        {/* Whole numbers only, and no more ticks than there are: 0 and 1 for a single instance, not 0 to 4. */}
        <YAxis {...valueAxis} allowDecimals={false} tickCount={Math.min(5, peak + 1)} />
        {tooltip(range, present.map((s) => s.key))}
        {present.map((s) => (
          <Area key={s.key} dataKey={s.key} type="step" stackId="instances" stroke="none" fill={`var(--color-${s.key})`} fillOpacity={0.6} isAnimationActive={false} />
        ))}
        <ChartLegend content={<ChartLegendContent />} itemSorter={null} />
      </AreaChart>
    </ActivityChartPanel>
  );
}

const messagesConfig = {
  receivedPerMinute: { label: "Received", color: "var(--chart-1)" },
  sentPerMinute: { label: "Sent", color: "var(--chart-2)" },
} satisfies ChartConfig;
const MESSAGE_SERIES = ["receivedPerMinute", "sentPerMinute"] as const;

export function MessagesChart({ range, rows, from, to, summary }: ChartProps) {
  return (
    <ActivityChartPanel
      title="Messages per minute"
      summary={summary}
      config={messagesConfig}
      rows={rows}
      columns={[timeColumn(range), { label: "Received / min", value: (row) => formatRate(row.receivedPerMinute) }, { label: "Sent / min", value: (row) => formatRate(row.sentPerMinute) }]}
    >
      <LineChart data={rows} margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid vertical={false} />
        <XAxis {...timeAxis(range, from, to)} />
        <YAxis {...valueAxis} />
        {tooltip(range, MESSAGE_SERIES, "line")}
        {MESSAGE_SERIES.map((key) => (
          <Line key={key} dataKey={key} type="monotone" stroke={`var(--color-${key})`} strokeWidth={2} dot={false} unit="/min" isAnimationActive={false} />
        ))}
        <ChartLegend content={<ChartLegendContent />} itemSorter={null} />
      </LineChart>
    </ActivityChartPanel>
  );
}

const successConfig = { successPercent: { label: "Success rate", color: "var(--success)" } } satisfies ChartConfig;

export function WebhookSuccessChart({ range, rows, from, to, summary, attempts }: ChartProps & { attempts: number }) {
  return (
    <ActivityChartPanel
      title="Webhook success rate"
      summary={summary}
      config={successConfig}
      rows={rows}
      empty={attempts === 0 ? "No webhook attempts in this range" : undefined}
      columns={[timeColumn(range), { label: "Delivered", value: (row) => row.delivered.toLocaleString() }, { label: "Failed", value: (row) => row.failed.toLocaleString() }, { label: "Success", value: (row) => orDash(row.successPercent, "%") }]}
    >
      <AreaChart data={stepRows(rows, hasAttempts)} margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid vertical={false} />
        <XAxis {...timeAxis(range, from, to)} />
        <YAxis {...valueAxis} domain={[0, 100]} ticks={[0, 50, 100]} tickFormatter={(value: number) => `${value}%`} />
        {tooltip(range, ["successPercent"])}
        <Area dataKey="successPercent" type="step" stroke="var(--color-successPercent)" fill="var(--color-successPercent)" fillOpacity={0.4} unit="%" isAnimationActive={false} />
      </AreaChart>
    </ActivityChartPanel>
  );
}

const latencyConfig = { latencyMs: { label: "Mean latency", color: "var(--chart-3)" } } satisfies ChartConfig;

export function WebhookLatencyChart({ range, rows, from, to, summary, attempts }: ChartProps & { attempts: number }) {
  return (
    <ActivityChartPanel
      title="Webhook latency"
      summary={summary}
      config={latencyConfig}
      rows={rows}
      empty={attempts === 0 ? "No webhook attempts in this range" : undefined}
      columns={[timeColumn(range), { label: "Mean latency", value: (row) => orDash(row.latencyMs, " ms") }]}
    >
      <AreaChart data={stepRows(rows, hasAttempts)} margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid vertical={false} />
        <XAxis {...timeAxis(range, from, to)} />
        <YAxis {...valueAxis} tickFormatter={(value: number) => `${value} ms`} />
        {tooltip(range, ["latencyMs"])}
        <Area dataKey="latencyMs" type="step" stroke="var(--color-latencyMs)" fill="var(--color-latencyMs)" fillOpacity={0.4} unit=" ms" isAnimationActive={false} />
      </AreaChart>
    </ActivityChartPanel>
  );
}
