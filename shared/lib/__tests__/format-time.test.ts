import { formatDistanceStrict } from "date-fns";
import { describe, expect, it } from "vitest";
import { clockTime, duration, localInputValue, timeAgo, timeUntil, waitTime } from "@/shared/lib/format-time";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Spans from seconds to years, each unit's edges and rounding points included (none within an hour of a
// rounding point for days and up, so a daylight-saving change in the machine's zone cannot move the result).
const SPANS = [
  6 * SECOND, 29 * SECOND, 30 * SECOND, 59 * SECOND, 59.6 * SECOND, MINUTE, 89 * SECOND, 90 * SECOND, 44 * MINUTE, 59 * MINUTE + 29 * SECOND,
  HOUR, 90 * MINUTE, 23 * HOUR, 23 * HOUR + 40 * MINUTE, DAY, 2.3 * DAY, 2.7 * DAY, 29 * DAY, 30 * DAY + 3 * HOUR, 45.4 * DAY, 200 * DAY,
  340 * DAY, 350 * DAY, 364 * DAY, 366 * DAY, 500 * DAY, 900 * DAY, 5000 * DAY,
];

describe("timeAgo and timeUntil", () => {
  it.each(SPANS)("say what date-fns' formatDistanceStrict says, %d ms in the past and in the future", (span) => {
    const past = new Date(NOW - span).toISOString();
    const future = new Date(NOW + span).toISOString();
    expect(timeAgo(past, NOW)).toBe(formatDistanceStrict(NOW - span, NOW, { addSuffix: true }));
    expect(timeUntil(future, NOW)).toBe(formatDistanceStrict(NOW + span, NOW, { addSuffix: true }));
  });

  it("never put a past event in the future, nor a coming one in the past", () => {
    // Data newer than the clock's last tick, or a gateway clock ahead of the browser's: the event just happened.
    for (const ahead of [1, 4 * SECOND, 7 * SECOND, 13 * SECOND, 5 * MINUTE]) {
      expect(timeAgo(new Date(NOW + ahead).toISOString(), NOW)).toBe("just now");
    }
    // A retry or expiry already due is about to happen.
    for (const behind of [0, 4 * SECOND, 2 * MINUTE]) {
      expect(timeUntil(new Date(NOW - behind).toISOString(), NOW)).toBe("in a moment");
    }
  });

  it("reads plainly at the edges: just now, singular units, missing or broken times", () => {
    expect(timeAgo(new Date(NOW - 4 * SECOND).toISOString(), NOW)).toBe("just now");
    expect(timeUntil(new Date(NOW + 4 * SECOND).toISOString(), NOW)).toBe("in a moment");
    expect(timeAgo(new Date(NOW - MINUTE).toISOString(), NOW)).toBe("1 minute ago");
    expect(timeUntil(new Date(NOW + DAY).toISOString(), NOW)).toBe("in 1 day");
    expect(timeAgo(new Date(NOW - 350 * DAY).toISOString(), NOW)).toBe("1 year ago");
    expect(timeAgo(undefined, NOW)).toBe("—");
    expect(timeAgo("not a date", NOW)).toBe("—");
  });
});

describe("duration", () => {
  it.each(SPANS)("matches formatDistanceStrict from zero, without a suffix (%d ms)", (span) => {
    expect(duration(span)).toBe(formatDistanceStrict(0, span));
  });
});

describe("clock and input times", () => {
  it("formats local time with milliseconds, and as a datetime-local value", () => {
    const local = new Date(2026, 10, 24, 21, 4, 25, 318);
    expect(clockTime(local.toISOString())).toBe("21:04:25.318");
    expect(localInputValue(local.toISOString())).toBe("2026-11-24T21:04");
    expect(localInputValue(undefined)).toBe("");
    expect(clockTime("nope")).toBe("—");
  });
});

describe("waitTime", () => {
  it("says a Retry-After in the largest whole unit, rounded up so the wait is long enough", () => {
    expect(waitTime(1)).toBe("1 second");
    expect(waitTime(45)).toBe("45 seconds");
    expect(waitTime(60)).toBe("1 minute");
    expect(waitTime(61)).toBe("2 minutes");
    expect(waitTime(900)).toBe("15 minutes");
    expect(waitTime(899)).toBe("15 minutes");
    expect(waitTime(3600)).toBe("1 hour");
    expect(waitTime(5400)).toBe("2 hours");
  });
});
