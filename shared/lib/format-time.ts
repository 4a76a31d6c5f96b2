import { format, formatDistanceStrict, formatISO9075 } from "date-fns";

/** The panel's one date formatter: "3 minutes ago", relative to `now`. */
export function timeAgo(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return "—";
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return "—";
  if (Math.abs(now - time) < 5_000) return "just now";
  return formatDistanceStrict(time, now, { addSuffix: true });
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
  return Number.isNaN(time) ? "—" : format(time, "HH:mm:ss.SSS");
}
