import { LOG_LEVELS, type LogCounts, type LogEntry, type LogLevel } from "@/contract/logs";
import { appendToBuffer, bufferAt, bufferSlice, EMPTY_BUFFER, type LiveBuffer } from "@/shared/lib/live-buffer";
import type { CompiledLogFilter } from "./log-filters";

/** Live entries, oldest first, the newest LIVE_LOG_LIMIT; `total` counts every entry ever appended (positions survive trimming). */
export type LiveLogBuffer = LiveBuffer<LogEntry>;

export const LIVE_LOG_LIMIT = 50_000;
export const EMPTY_LIVE_BUFFER: LiveLogBuffer = EMPTY_BUFFER;

/** (time, id) order, the gateway's own. */
export const compareEntries = (a: LogEntry, b: LogEntry) => (a.time === b.time ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.time < b.time ? -1 : 1);

/** Appends entries in time order (the gateway's write order, almost always), keeping the newest `limit`. */
export function appendLive(buffer: LiveLogBuffer, batch: readonly LogEntry[], limit = LIVE_LOG_LIMIT): LiveLogBuffer {
  return appendToBuffer(buffer, batch, limit, compareEntries);
}

export type LevelCounts = Record<LogLevel, number>;

export interface LogView {
  /** Oldest first: the order the viewer shows (newest at the bottom, like a terminal). */
  rows: LogEntry[];
  /**
   * Per level, live entries that pass every filter but the levels and came after the gateway counted (`through`):
   * the chips show the gateway's counts plus these.
   */
  liveCounts: LevelCounts;
  /** Live entries that match but arrived after `pausedAt`. */
  newSincePause: number;
}

/** What the chips show: the gateway's counts plus the live entries that came after it counted. */
export function levelTotals(counted: LogCounts, liveCounts: LevelCounts): LevelCounts {
  return Object.fromEntries(LOG_LEVELS.map((level) => [level, counted.byLevel[level] + liveCounts[level]])) as LevelCounts;
}

const EMPTY_COUNTS: LevelCounts = Object.fromEntries(LOG_LEVELS.map((l) => [l, 0])) as LevelCounts;

/** Everything that passes the filters except the levels; the level chips then only pick from it. */
interface Scope {
  entries: LogEntry[];
  liveCounts: LevelCounts;
  /** Per level, matching live entries held back by a pause. */
  held: LevelCounts;
}

/** The gateway counted entries up to `through` (ids grow with every write); null: it had none. */
const uncounted = (entry: LogEntry, through: string | null) => through === null || entry.id > through;

function buildScope(history: readonly LogEntry[], historyIds: ReadonlySet<string>, live: LiveLogBuffer, filter: CompiledLogFilter, pausedAt: number | null, through: string | null): Scope {
  const liveCounts = { ...EMPTY_COUNTS };
  const held = { ...EMPTY_COUNTS };
  const entries: LogEntry[] = [];
  const firstLivePosition = live.total - live.size;
  const take = (entry: LogEntry) => {
    if (filter.matchesScope(entry)) entries.push(entry);
  };
  let h = history.length - 1; // history is newest first: walk it backwards
  let i = 0;
  for (const chunk of live.chunks) {
    for (const entry of chunk) {
      const position = firstLivePosition + i++;
      const inScope = filter.matchesScope(entry);
      if (inScope && uncounted(entry, through)) liveCounts[entry.level] += 1;
      if (historyIds.has(entry.id)) continue;
      if (pausedAt !== null && position >= pausedAt) {
        if (inScope) held[entry.level] += 1;
        continue;
      }
      while (h >= 0 && compareEntries(history[h]!, entry) <= 0) take(history[h--]!);
      if (inScope) entries.push(entry);
    }
  }
  while (h >= 0) take(history[h--]!);
  return { entries, liveCounts, held };
}

/** First index in `rows` (sorted) whose entry is not before `entry`. */
function lowerBound(rows: readonly LogEntry[], entry: LogEntry): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(rows[mid]!, entry) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** When only the live buffer moved on (a batch appended, the oldest dropped), updates the scope with just those. */
function extendScope(scope: Scope, historyIds: ReadonlySet<string>, before: LiveLogBuffer, live: LiveLogBuffer, filter: CompiledLogFilter, pausedAt: number | null, through: string | null): Scope | null {
  const added = live.total - before.total;
  if (added <= 0 || added > live.size) return null;
  const keptOld = live.size - added;
  // The new buffer must be the old one's tail plus the batch, in order (appendLive re-sorts only rarely).
  if (keptOld > before.size || (keptOld > 0 && bufferAt(live, keptOld - 1) !== bufferAt(before, before.size - 1))) return null;
  const fresh = bufferSlice(live, keptOld);
  const last = scope.entries.at(-1);
  if (last && compareEntries(fresh[0]!, last) < 0) return null;

  const liveCounts = { ...scope.liveCounts };
  const held = { ...scope.held };
  const isHeld = (position: number) => pausedAt !== null && position >= pausedAt;

  // The oldest live entries fell out of the buffer: out of the scope and the counts too (as a rebuild would).
  const dropped = before.size - keptOld;
  const beforeFirst = before.total - before.size;
  const gone = new Set<string>();
  for (let i = 0; i < dropped; i += 1) {
    const entry = bufferAt(before, i)!;
    if (!filter.matchesScope(entry)) continue;
    if (uncounted(entry, through)) liveCounts[entry.level] -= 1;
    if (historyIds.has(entry.id)) continue;
    if (isHeld(beforeFirst + i)) held[entry.level] -= 1;
    else gone.add(entry.id);
  }
  let entries: LogEntry[];
  if (gone.size > 0) {
    const from = lowerBound(scope.entries, bufferAt(before, 0)!);
    const to = lowerBound(scope.entries, bufferAt(before, dropped - 1)!) + 1;
    entries = scope.entries.slice(0, from);
    for (let i = from; i < to && i < scope.entries.length; i += 1) if (!gone.has(scope.entries[i]!.id)) entries.push(scope.entries[i]!);
    for (let i = to; i < scope.entries.length; i += 1) entries.push(scope.entries[i]!);
  } else {
    entries = scope.entries.slice();
  }

  const firstPosition = live.total - added;
  for (let i = 0; i < fresh.length; i += 1) {
    const entry = fresh[i]!;
    if (!filter.matchesScope(entry)) continue;
    if (uncounted(entry, through)) liveCounts[entry.level] += 1;
    if (historyIds.has(entry.id)) continue;
    if (isHeld(firstPosition + i)) held[entry.level] += 1;
    else entries.push(entry);
  }
  return { entries, liveCounts, held };
}

function toView(scope: Scope, filter: CompiledLogFilter): LogView {
  const rows = filter.allLevels ? scope.entries : scope.entries.filter((e) => filter.levelSelected(e.level));
  const newSincePause = LOG_LEVELS.reduce((n, level) => n + (filter.levelSelected(level) ? scope.held[level] : 0), 0);
  return { rows, liveCounts: scope.liveCounts, newSincePause };
}

/**
 * Merges loaded history (newest first, from the gateway, already filtered there) with the live entries that match
 * the filters, drops duplicates and counts per level what the gateway has not counted yet, in one linear pass over
 * both (both are already sorted). History rows are matched too: while the gateway answers new filters, the rows
 * of the previous ones stay on screen, narrowed to what still matches.
 */
export function buildLogView(history: readonly LogEntry[], live: LiveLogBuffer, filter: CompiledLogFilter, pausedAt: number | null, through: string | null = null): LogView {
  return toView(buildScope(history, new Set(history.map((e) => e.id)), live, filter, pausedAt, through), filter);
}

interface ViewInputs {
  history: readonly LogEntry[];
  live: LiveLogBuffer;
  filter: CompiledLogFilter;
  pausedAt: number | null;
  /** The newest id the gateway's counts include (`LogCounts.through`). */
  through: string | null;
}

/**
 * `buildLogView` for a viewer that keeps asking: when only the live buffer moved on, only the new batch is
 * filtered (a steady stream costs per batch, not per 50,000 held); when only the levels changed, the chips pick
 * from the entries already filtered. Anything else (scope filters, history, pause) rebuilds.
 */
export class LogViewCache {
  private last: { inputs: ViewInputs; scope: Scope; historyIds: ReadonlySet<string>; view: LogView } | null = null;

  compute(inputs: ViewInputs): LogView {
    const last = this.last;
    const same = last && last.inputs.history === inputs.history && last.inputs.filter.scope === inputs.filter.scope && last.inputs.pausedAt === inputs.pausedAt && last.inputs.through === inputs.through;
    if (last && same) {
      const sameLevels = last.inputs.filter === inputs.filter;
      if (last.inputs.live === inputs.live) {
        if (sameLevels) return last.view;
        return this.keep(inputs, last.scope, last.historyIds);
      }
      const scope = extendScope(last.scope, last.historyIds, last.inputs.live, inputs.live, inputs.filter, inputs.pausedAt, inputs.through);
      if (scope) return this.keep(inputs, scope, last.historyIds);
    }
    const historyIds = new Set(inputs.history.map((e) => e.id));
    return this.keep(inputs, buildScope(inputs.history, historyIds, inputs.live, inputs.filter, inputs.pausedAt, inputs.through), historyIds);
  }

  private keep(inputs: ViewInputs, scope: Scope, historyIds: ReadonlySet<string>): LogView {
    const view = toView(scope, inputs.filter);
    this.last = { inputs, scope, historyIds, view };
    return view;
  }
}
