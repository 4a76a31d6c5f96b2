import { formatISO9075, lightFormat } from "date-fns";

// Relative times and durations come from the platform's Intl, which carries its own locale data, with the unit
// picked as date-fns' formatDistanceStrict picks it. date-fns' own formatDistance (and `format`) pull in its
// whole en-US locale, about 10 KiB gzip on every page; its locale-free helpers below do not.
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

type Unit = "second" | "minute" | "hour" | "day" | "month" | "year";
const UNITS: ReadonlyArray<readonly [Unit, number, number]> = [
  // unit, its length, and the span below which it is used
  ["second", SECOND, MINUTE],
  ["minute", MINUTE, HOUR],
  ["hour", HOUR, DAY],
  ["day", DAY, MONTH],
  ["month", MONTH, YEAR],
  ["year", YEAR, Infinity],
];

/** A span as one whole unit, rounded: 90 s → 2 minutes; 12 months → 1 year. */
function inLargestUnit(ms: number): { unit: Unit; value: number } {
  const span = Math.abs(ms);
  const [unit, length] = UNITS.find(([, , below]) => span < below)!;
  const value = Math.round(span / length);
  return unit === "month" && value === 12 ? { unit: "year", value: 1 } : { unit, value };
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "always" });
const durations = new Map<Unit, Intl.NumberFormat>();

/** Below this, a moment reads "just now" (or "in a moment"): it also absorbs small skew between the two clocks. */
const JUST_NOW_MS = 5 * SECOND;

function parse(iso: string | undefined): number | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}

/**
 * A moment that has happened, relative to `now`: "3 minutes ago". Never in the future: a time ahead of `now` (data
 * newer than the clock's last tick, or a gateway clock a little ahead of the browser's) reads "just now".
 */
export function timeAgo(iso: string | undefined, now: number = Date.now()): string {
  const time = parse(iso);
  if (time === null) return "—";
  if (now - time < JUST_NOW_MS) return "just now";
  const { unit, value } = inLargestUnit(now - time);
  return relative.format(-value, unit);
}

/** A moment still to come (a retry, an expiry): "in 3 minutes". One already due reads "in a moment". */
export function timeUntil(iso: string | undefined, now: number = Date.now()): string {
  const time = parse(iso);
  if (time === null) return "—";
  if (time - now < JUST_NOW_MS) return "in a moment";
  const { unit, value } = inLargestUnit(time - now);
  return relative.format(value, unit);
}

/** A length of time in words: "5 minutes", "2 days". */
export function duration(ms: number): string {
  const { unit, value } = inLargestUnit(ms);
  let format = durations.get(unit);
  if (!format) durations.set(unit, (format = new Intl.NumberFormat("en", { style: "unit", unit, unitDisplay: "long" })));
  return format.format(value);
}

/**
 * How long to wait, from a Retry-After in seconds: "45 seconds", "15 minutes", "2 hours". Rounded up, so whoever
 * waits that long is let in.
 */
export function waitTime(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  const [unit, value]: [Unit, number] = whole < 60 ? ["second", whole] : whole < 3600 ? ["minute", Math.ceil(whole / 60)] : ["hour", Math.ceil(whole / 3600)];
  let format = durations.get(unit);
  if (!format) durations.set(unit, (format = new Intl.NumberFormat("en", { style: "unit", unit, unitDisplay: "long" })));
  return format.format(value);
}

/** Exact local time for tooltips and timelines: "2026-11-24 21:04:25". */
export function exactTime(iso: string | undefined): string {
  if (!iso) return "—";
  const time = Date.parse(iso);
  return Number.isNaN(time) ? "—" : formatISO9075(time);
}

/** Seconds left until `iso`, never negative. */
export function secondsUntil(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

/** A log line's clock time with milliseconds: "21:04:25.318". */
export function clockTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? "—" : lightFormat(time, "HH:mm:ss.SSS");
}

/** Hours and minutes of a moment, local time: "14:03". */
export function hourMinute(ms: number): string {
  return lightFormat(ms, "HH:mm");
}

/** Month and day of a moment, local time, as in the exact times: "11-24". */
export function monthDay(ms: number): string {
  return lightFormat(ms, "MM-dd");
}

/** A time as the value of an `<input type="datetime-local">`, in local time: "2026-11-24T21:04". */
export function localInputValue(iso: string | undefined): string {
  return iso ? lightFormat(Date.parse(iso), "yyyy-MM-dd'T'HH:mm") : "";
}
