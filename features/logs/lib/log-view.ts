import { LOG_LEVELS, type LogEntry, type LogLevel } from "@/contract/logs";
import type { CompiledLogFilter } from "./log-filters";

/** Live entries, oldest first, bounded; `total` counts every entry ever appended (positions survive trimming). */
export interface LiveLogBuffer {
  entries: readonly LogEntry[];
  total: number;
}

export const LIVE_LOG_LIMIT = 50_000;
export const EMPTY_LIVE_BUFFER: LiveLogBuffer = { entries: [], total: 0 };

/** (time, id) order, the gateway's own. */
export const compareEntries = (a: LogEntry, b: LogEntry) => (a.time === b.time ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.time < b.time ? -1 : 1);

/** Appends a batch, keeping time order and only the newest `limit`; returns a new buffer (cache writes are immutable). */
export function appendLive(buffer: LiveLogBuffer, batch: readonly LogEntry[], limit = LIVE_LOG_LIMIT): LiveLogBuffer {
  if (batch.length === 0) return buffer;
  // One copy: keep only what survives the limit.
  const keep = Math.max(0, Math.min(buffer.entries.length, limit - batch.length));
  const entries = buffer.entries.slice(buffer.entries.length - keep);
  for (let i = Math.max(0, batch.length - limit); i < batch.length; i += 1) entries.push(batch[i]!);
  // The gateway sends in write order, which is almost always time order; sort only when it is not.
  let ordered = true;
  for (let i = Math.max(1, keep); i < entries.length && ordered; i += 1) ordered = compareEntries(entries[i - 1]!, entries[i]!) <= 0;
  if (!ordered) entries.sort(compareEntries);
  return { entries, total: buffer.total + batch.length };
}

export type LevelCounts = Record<LogLevel, number>;

export interface LogView {
  /** Oldest first: the order the viewer shows (newest at the bottom, like a terminal). */
  rows: LogEntry[];
  /** Per level, every entry that passes the other filters (what the chips show). */
  counts: LevelCounts;
  /** Live entries that match but arrived after `pausedAt`. */
  newSincePause: number;
}

/**
 * Merges loaded history (newest first, from the gateway) with the live buffer, drops duplicates, applies the
 * filters and counts per level, in one linear pass over both (both are already sorted).
 */
export function buildLogView(history: readonly LogEntry[], live: LiveLogBuffer, filter: CompiledLogFilter, pausedAt: number | null): LogView {
  const counts: LevelCounts = { debug: 0, info: 0, warn: 0, error: 0 };
  const rows: LogEntry[] = [];
  let newSincePause = 0;
  const historyIds = new Set<string>();
  for (const entry of history) historyIds.add(entry.id);
  const firstLivePosition = live.total - live.entries.length;

  const take = (entry: LogEntry) => {
    if (!filter.matchesExceptLevel(entry)) return;
    counts[entry.level] += 1;
    if (filter.levelSelected(entry.level)) rows.push(entry);
  };

  let h = history.length - 1; // history is newest first: walk it backwards
  for (let i = 0; i < live.entries.length; i += 1) {
    const entry = live.entries[i]!;
    if (historyIds.has(entry.id)) continue;
    if (pausedAt !== null && firstLivePosition + i >= pausedAt) {
      if (filter.matchesExceptLevel(entry) && filter.levelSelected(entry.level)) newSincePause += 1;
      continue;
    }
    while (h >= 0 && compareEntries(history[h]!, entry) <= 0) take(history[h--]!);
    take(entry);
  }
  while (h >= 0) take(history[h--]!);
  return { rows, counts, newSincePause };
}

export const EMPTY_COUNTS: LevelCounts = Object.fromEntries(LOG_LEVELS.map((l) => [l, 0])) as LevelCounts;
