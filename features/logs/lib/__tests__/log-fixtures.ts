import type { LogEntry, LogLevel } from "@/contract/logs";

/** Log entries for the logs feature's tests: one a second from T0 by default, levels in turn. */
export const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
export const LEVELS: LogLevel[] = ["debug", "info", "warn", "error"];
let counter = 0;
export function entry(second: number, extra: Partial<LogEntry> = {}): LogEntry {
  counter += 1;
  return {
    id: `log_${String(counter).padStart(12, "0")}`,
    time: new Date(T0 + second * 1000).toISOString(),
    level: LEVELS[counter % 4]!,
    source: "engine",
    message: `entry ${counter}`,
    context: {},
    ...extra,
  };
}
