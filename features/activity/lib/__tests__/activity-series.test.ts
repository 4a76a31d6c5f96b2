import { describe, expect, it } from "vitest";
import type { Activity, ActivityPoint } from "@/contract/stats";
import { activityRows, describeActivity, formatRate, hasAttempts, hasSample, peakInstances, perMinute, presentStatuses, spanLabel, stepRows, successRate, summarizeActivity, timeTicks, type StatusSeries } from "../activity-series";

const FIVE_MIN = 300_000;
const START = Date.parse("2026-11-24T12:00:00.000Z");

const point = (index: number, fields: Partial<ActivityPoint> = {}, step = FIVE_MIN): ActivityPoint => ({
  at: new Date(START + index * step).toISOString(),
  messagesIn: 0,
  messagesOut: 0,
  webhooksDelivered: 0,
  webhooksFailed: 0,
  webhookLatencyMs: null,
  instances: null,
  ...fields,
});

const series = (points: ActivityPoint[], bucketSeconds = 300, range: Activity["range"] = "1h"): Activity => ({
  range,
  bucketSeconds,
  from: points[0]!.at,
  to: new Date(Date.parse(points.at(-1)!.at) + bucketSeconds * 1000).toISOString(),
  points,
});

const instances = (counts: Partial<Record<keyof NonNullable<ActivityPoint["instances"]>, number>>) => ({
  INIT: 0,
  QR_REQUIRED: 0,
  CONNECTED: 0,
  RECONNECTING: 0,
  DISCONNECTED: 0,
  ERROR: 0,
  ...counts,
});

const STATUSES: StatusSeries[] = [
  { key: "CONNECTED", label: "Connected", color: "var(--success)" },
  { key: "QR_REQUIRED", label: "QR required", color: "var(--info)" },
  { key: "ERROR", label: "Error", color: "var(--destructive)" },
];

describe("perMinute", () => {
  it("divides a point's count by its minutes", () => {
    expect(perMinute(30, 300)).toBe(6);
    expect(perMinute(3, 3600)).toBeCloseTo(0.05);
    expect(perMinute(0, 300)).toBe(0);
  });
});

describe("successRate", () => {
  it("is delivered over delivered + failed, and null without attempts", () => {
    expect(successRate(3, 1)).toBe(0.75);
    expect(successRate(0, 2)).toBe(0);
    expect(successRate(5, 0)).toBe(1);
    expect(successRate(0, 0)).toBeNull();
  });
});

describe("activityRows", () => {
  it("draws each point at its middle, with per-minute rates, success in percent and a gap where nothing was sampled", () => {
    const rows = activityRows(
      series([
        point(0, { messagesIn: 15, messagesOut: 5, webhooksDelivered: 2, webhooksFailed: 1, webhookLatencyMs: 120, instances: instances({ CONNECTED: 2, ERROR: 1 }) }),
        point(1),
      ]),
    );
    expect(rows[0]).toMatchObject({ t: START + FIVE_MIN / 2, from: START, to: START + FIVE_MIN, receivedPerMinute: 3, sentPerMinute: 1, successPercent: 66.7, latencyMs: 120, CONNECTED: 2, ERROR: 1, INIT: 0 });
    expect(rows[1]).toMatchObject({ receivedPerMinute: 0, successPercent: null, latencyMs: null, CONNECTED: null, ERROR: null });
  });
});

describe("stepRows", () => {
  it("adds a point at the start and at the end of every run of points with a value, so each covers its whole span", () => {
    const rows = activityRows(series([point(0), point(1, { instances: instances({ CONNECTED: 1 }) }), point(2, { instances: instances({ CONNECTED: 2 }) }), point(3), point(4, { instances: instances({ ERROR: 1 }) })]));
    const steps = stepRows(rows, hasSample);
    expect(steps.map((s) => [(s.t - START) / FIVE_MIN, s.CONNECTED, s.ERROR])).toEqual([
      [0.5, null, null],
      [1, 1, 0],
      [1.5, 1, 0],
      [2.5, 2, 0],
      [3, 2, 0],
      [3.5, null, null],
      [4, 0, 1],
      [4.5, 0, 1],
      [5, 0, 1],
    ]);
  });

  it("keys webhook charts on attempts", () => {
    const rows = activityRows(series([point(0, { webhooksDelivered: 1, webhookLatencyMs: 30 }), point(1)]));
    expect(stepRows(rows, hasAttempts).map((s) => [(s.t - START) / FIVE_MIN, s.successPercent])).toEqual([
      [0, 100],
      [0.5, 100],
      [1, 100],
      [1.5, null],
    ]);
  });
});

describe("presentStatuses and peakInstances", () => {
  it("keep the statuses some instance had, in order, and the most instances at one point", () => {
    const rows = activityRows(series([point(0), point(1, { instances: instances({ ERROR: 1, CONNECTED: 2 }) }), point(2, { instances: instances({ CONNECTED: 4 }) })]));
    expect(presentStatuses(rows, STATUSES).map((s) => s.key)).toEqual(["CONNECTED", "ERROR"]);
    expect(peakInstances(rows)).toBe(4);
    expect(peakInstances(activityRows(series([point(0)])))).toBe(0);
  });
});

describe("summarizeActivity", () => {
  it("totals the counts, averages the rates over the range and weights latency by attempts", () => {
    const summary = summarizeActivity(
      series([
        point(0, { messagesIn: 6, messagesOut: 3, webhooksDelivered: 3, webhooksFailed: 0, webhookLatencyMs: 100, instances: instances({ CONNECTED: 1 }) }),
        point(1, { messagesIn: 6, webhooksDelivered: 0, webhooksFailed: 1, webhookLatencyMs: 500, instances: instances({ CONNECTED: 1, QR_REQUIRED: 2 }) }),
        point(2),
      ]),
    );
    expect(summary).toMatchObject({ received: 12, sent: 3, delivered: 3, failed: 1, successRate: 0.75, meanLatencyMs: 200, slowestLatencyMs: 500, empty: false });
    // 15 minutes in all.
    expect(summary.receivedPerMinute).toBeCloseTo(0.8);
    expect(summary.sentPerMinute).toBeCloseTo(0.2);
    expect(summary.latestInstances).toMatchObject({ CONNECTED: 1, QR_REQUIRED: 2, ERROR: 0 });
  });

  it("is empty when every point is zero or null, instances included", () => {
    expect(summarizeActivity(series([point(0), point(1)])).empty).toBe(true);
    expect(summarizeActivity(series([point(0, { instances: instances({}) }), point(1)])).empty).toBe(true);
    expect(summarizeActivity(series([point(0, { instances: instances({ DISCONNECTED: 1 }) })])).empty).toBe(false);
    expect(summarizeActivity(series([point(0, { messagesOut: 1 })])).empty).toBe(false);
    const none = summarizeActivity(series([point(0)]));
    expect(none).toMatchObject({ successRate: null, meanLatencyMs: null, slowestLatencyMs: null, latestInstances: null });
  });
});

describe("describeActivity", () => {
  it("says in one sentence per chart what it shows", () => {
    const activity = series(
      [
        point(0, { messagesIn: 3, webhooksDelivered: 2, webhooksFailed: 1, webhookLatencyMs: 40, instances: instances({ CONNECTED: 1 }) }),
        point(1, { instances: instances({ CONNECTED: 2, ERROR: 1 }) }),
        ...Array.from({ length: 10 }, (_, i) => point(i + 2)),
      ],
      300,
    );
    const text = describeActivity("1h", summarizeActivity(activity), STATUSES);
    expect(text.messages).toBe("Messages per minute over the last hour: 0.05 in, 0 out on average (3 received, 0 sent)");
    expect(text.instances).toBe("Instances by status over the last hour: 2 Connected, 1 Error at the latest point");
    expect(text.successRate).toBe("Webhook success rate over the last hour: 66.7% (2 of 3 attempts delivered)");
    expect(text.latency).toBe("Webhook latency over the last hour: 40 ms on average, 40 ms at the slowest");

    const quiet = describeActivity("7d", summarizeActivity(series([point(0)], 3600, "7d")), STATUSES);
    expect(quiet.instances).toBe("Instances by status over the last 7 days: not recorded yet");
    expect(quiet.successRate).toBe("Webhook success rate over the last 7 days: no attempts");
    expect(quiet.latency).toBe("Webhook latency over the last 7 days: no attempts");
  });

  it("keeps small rates readable", () => {
    expect(formatRate(0)).toBe("0");
    expect(formatRate(0.0021)).toBe("0.002");
    expect(formatRate(0.05)).toBe("0.05");
    expect(formatRate(3.24)).toBe("3.2");
    expect(formatRate(1200)).toBe("1,200");
  });
});

describe("timeTicks", () => {
  const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();

  it("labels an hour every 15 minutes, a day every 4 hours and a week at each midnight, inside the range", () => {
    const hour = timeTicks("1h", local(2026, 11, 24, 13, 5), local(2026, 11, 24, 14, 5));
    expect(hour.map((t) => new Date(t).getMinutes())).toEqual([15, 30, 45, 0]);

    const day = timeTicks("24h", local(2026, 11, 23, 14, 5), local(2026, 11, 24, 14, 5));
    expect(day.map((t) => new Date(t).getHours())).toEqual([16, 20, 0, 4, 8, 12]);
    expect(day.every((t) => new Date(t).getMinutes() === 0)).toBe(true);

    const week = timeTicks("7d", local(2026, 11, 17, 14), local(2026, 11, 24, 14, 5));
    expect(week).toEqual([18, 19, 20, 21, 22, 23, 24].map((d) => local(2026, 11, d)));
  });

  it("names a point's span, with the day over a week", () => {
    expect(spanLabel("24h", { from: local(2026, 11, 24, 14, 5), to: local(2026, 11, 24, 14, 10) })).toBe("14:05–14:10");
    expect(spanLabel("7d", { from: local(2026, 11, 24, 14), to: local(2026, 11, 24, 15) })).toBe("11-24 14:00–15:00");
  });
});
