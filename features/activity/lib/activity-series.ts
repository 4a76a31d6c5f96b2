import { addDays, addHours, addMinutes, getHours, getMinutes, startOfDay, startOfHour } from "date-fns";
import { InstanceStatus } from "@/contract/instances";
import type { Activity, ActivityRange } from "@/contract/stats";
import { hourMinute, monthDay } from "@/shared/lib/format-time";
import { RANGE_COPY } from "./activity-ranges";

// Pure transforms from the gateway's activity series (contract/stats.ts) to what the Overview's charts draw and say.

/** A status series of the instances chart, as the app composes it from the instances feature's labels and colours. */
export type StatusSeries = { key: InstanceStatus; label: string; color: string };

/** A count over a point of `bucketSeconds`, per minute. */
export const perMinute = (count: number, bucketSeconds: number): number => count / (bucketSeconds / 60);

/** The share of webhook attempts delivered, from 0 to 1; null when there was none. */
export function successRate(delivered: number, failed: number): number | null {
  const attempts = delivered + failed;
  return attempts > 0 ? delivered / attempts : null;
}

/** One point as drawn: its span, per-minute message rates, the webhooks' success in percent and latency, instances by status. */
export type ActivityRow = {
  /** The middle of the point (ms), where it is drawn on the time axis. */
  t: number;
  from: number;
  to: number;
  receivedPerMinute: number;
  sentPerMinute: number;
  delivered: number;
  failed: number;
  /** Percent, to one decimal; null without attempts (a gap, not a zero). */
  successPercent: number | null;
  latencyMs: number | null;
} & Record<InstanceStatus, number | null>;

const STATUSES = InstanceStatus.options;

export function activityRows(activity: Activity): ActivityRow[] {
  const step = activity.bucketSeconds * 1000;
  return activity.points.map((point) => {
    const from = Date.parse(point.at);
    const rate = successRate(point.webhooksDelivered, point.webhooksFailed);
    const row = {
      t: from + step / 2,
      from,
      to: from + step,
      receivedPerMinute: perMinute(point.messagesIn, activity.bucketSeconds),
      sentPerMinute: perMinute(point.messagesOut, activity.bucketSeconds),
      delivered: point.webhooksDelivered,
      failed: point.webhooksFailed,
      successPercent: rate === null ? null : Math.round(rate * 1000) / 10,
      latencyMs: point.webhookLatencyMs,
    } as ActivityRow;
    // Before the gateway sampled any, a gap rather than zeros.
    for (const status of STATUSES) row[status] = point.instances ? (point.instances[status] ?? 0) : null;
    return row;
  });
}

/** The gateway sampled instances by status in this point (every status is null, or none is). */
export const hasSample = (row: ActivityRow): boolean => row.CONNECTED !== null;

/** Some webhook attempt was made in this point. */
export const hasAttempts = (row: ActivityRow): boolean => row.successPercent !== null;

/**
 * The points of a chart drawn as steps (Recharts' `type="step"`, each point's value held over its whole span): every
 * run of points that have a value gets one more point at its start and at its end, so a lone point shows as a block
 * as wide as its span rather than a line of no width, and a run ends where its last point does.
 */
export function stepRows(rows: ActivityRow[], has: (row: ActivityRow) => boolean): ActivityRow[] {
  return rows.flatMap((row, index) => {
    if (!has(row)) return [row];
    const previous = rows[index - 1];
    const next = rows[index + 1];
    return [...(previous && has(previous) ? [] : [{ ...row, t: row.from }]), row, ...(next && has(next) ? [] : [{ ...row, t: row.to }])];
  });
}

/** The statuses some instance had in the range, in the given order: the ones worth a colour in the legend. */
export const presentStatuses = (rows: ActivityRow[], statuses: readonly StatusSeries[]): StatusSeries[] => statuses.filter((s) => rows.some((row) => (row[s.key] ?? 0) > 0));

/** The most instances at any point of the range. */
export const peakInstances = (rows: ActivityRow[]): number => Math.max(0, ...rows.map((row) => STATUSES.reduce((sum, status) => sum + (row[status] ?? 0), 0)));

export type ActivitySummary = {
  received: number;
  sent: number;
  /** Averages over the whole range. */
  receivedPerMinute: number;
  sentPerMinute: number;
  delivered: number;
  failed: number;
  successRate: number | null;
  /** The mean of every attempt (each point's mean weighted by its attempts); null without attempts. */
  meanLatencyMs: number | null;
  slowestLatencyMs: number | null;
  /** Instances by status at the newest point that has a sample; null when none has. */
  latestInstances: Record<InstanceStatus, number> | null;
  /** Every point is zero or null: nothing to draw. */
  empty: boolean;
};

export function summarizeActivity(activity: Activity): ActivitySummary {
  let received = 0;
  let sent = 0;
  let delivered = 0;
  let failed = 0;
  let latencyTotal = 0;
  let latencyAttempts = 0;
  let slowest: number | null = null;
  let latestInstances: Record<InstanceStatus, number> | null = null;
  let anyInstance = false;
  for (const point of activity.points) {
    received += point.messagesIn;
    sent += point.messagesOut;
    delivered += point.webhooksDelivered;
    failed += point.webhooksFailed;
    const attempts = point.webhooksDelivered + point.webhooksFailed;
    if (point.webhookLatencyMs !== null && attempts > 0) {
      latencyTotal += point.webhookLatencyMs * attempts;
      latencyAttempts += attempts;
      slowest = Math.max(slowest ?? 0, point.webhookLatencyMs);
    }
    if (point.instances) {
      latestInstances = Object.fromEntries(STATUSES.map((status) => [status, point.instances?.[status] ?? 0])) as Record<InstanceStatus, number>;
      anyInstance ||= Object.values(point.instances).some((n) => n > 0);
    }
  }
  const minutes = (activity.points.length * activity.bucketSeconds) / 60;
  return {
    received,
    sent,
    receivedPerMinute: minutes > 0 ? received / minutes : 0,
    sentPerMinute: minutes > 0 ? sent / minutes : 0,
    delivered,
    failed,
    successRate: successRate(delivered, failed),
    meanLatencyMs: latencyAttempts > 0 ? latencyTotal / latencyAttempts : null,
    slowestLatencyMs: slowest,
    latestInstances,
    empty: received === 0 && sent === 0 && delivered === 0 && failed === 0 && slowest === null && !anyInstance,
  };
}

const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });
const oneDigit = new Intl.NumberFormat("en", { maximumSignificantDigits: 1 });
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

/** A rate that stays readable when small: 3.2, 0.4, 0.05 (not 0.0). */
export const formatRate = (n: number): string => (n === 0 ? "0" : n < 0.1 ? oneDigit.format(n) : oneDecimal.format(n));

/** What each chart shows, in one sentence: its accessible name. */
export function describeActivity(range: ActivityRange, summary: ActivitySummary, statuses: readonly StatusSeries[]) {
  const over = `over ${RANGE_COPY[range].span}`;
  const attempts = summary.delivered + summary.failed;
  const latest = summary.latestInstances;
  const present = latest ? statuses.filter((s) => latest[s.key] > 0).map((s) => `${whole.format(latest[s.key])} ${s.label}`) : [];
  return {
    instances: `Instances by status ${over}: ${!latest ? "not recorded yet" : present.length === 0 ? "none at the latest point" : `${present.join(", ")} at the latest point`}`,
    messages: `Messages per minute ${over}: ${formatRate(summary.receivedPerMinute)} in, ${formatRate(summary.sentPerMinute)} out on average (${whole.format(summary.received)} received, ${whole.format(summary.sent)} sent)`,
    successRate:
      summary.successRate === null
        ? `Webhook success rate ${over}: no attempts`
        : `Webhook success rate ${over}: ${percent.format(summary.successRate)} (${whole.format(summary.delivered)} of ${whole.format(attempts)} attempts delivered)`,
    latency:
      summary.meanLatencyMs === null
        ? `Webhook latency ${over}: no attempts`
        : `Webhook latency ${over}: ${whole.format(summary.meanLatencyMs)} ms on average, ${whole.format(summary.slowestLatencyMs ?? 0)} ms at the slowest`,
  };
}

/**
 * Where the time axis puts its labels, in local time: every 15 minutes over an hour, every 4 hours over a day, each
 * midnight over a week. Stepping by calendar units and keeping the round ones stays right across a DST change.
 */
export function timeTicks(range: ActivityRange, from: number, to: number): number[] {
  const ticks: number[] = [];
  if (range === "7d") {
    for (let day = startOfDay(from); day.getTime() <= to; day = addDays(day, 1)) if (day.getTime() >= from) ticks.push(day.getTime());
  } else if (range === "24h") {
    for (let hour = startOfHour(from); hour.getTime() <= to; hour = addHours(hour, 1)) if (hour.getTime() >= from && getHours(hour) % 4 === 0) ticks.push(hour.getTime());
  } else {
    for (let minute = startOfHour(from); minute.getTime() <= to; minute = addMinutes(minute, 5)) if (minute.getTime() >= from && getMinutes(minute) % 15 === 0) ticks.push(minute.getTime());
  }
  return ticks;
}

/** A tick's label: a clock time, or the day over a week. */
export const tickLabel = (range: ActivityRange, ms: number): string => (range === "7d" ? monthDay(ms) : hourMinute(ms));

/** A point's span, for tooltips and tables: "14:05–14:10", over a week "11-24 14:00–15:00". */
export const spanLabel = (range: ActivityRange, row: Pick<ActivityRow, "from" | "to">): string =>
  `${range === "7d" ? `${monthDay(row.from)} ` : ""}${hourMinute(row.from)}–${hourMinute(row.to)}`;
