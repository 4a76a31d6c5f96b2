import { INSTANCE_ID_PATTERN } from "@/contract/instances";
import { LOG_LEVELS, LOG_SOURCES, type LogEntry, type LogExportFormat, type LogLevel, type LogSource } from "@/contract/logs";

export const TIME_RANGES = ["15m", "1h", "24h", "7d", "custom"] as const;
export type TimeRange = (typeof TIME_RANGES)[number];
export const TIME_RANGE_LABELS: Record<TimeRange, string> = { "15m": "Last 15 min", "1h": "Last hour", "24h": "Last 24 h", "7d": "Last 7 days", custom: "Custom range" };
const RANGE_MS: Record<Exclude<TimeRange, "custom">, number> = { "15m": 15 * 60_000, "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 };
const DEFAULT_RANGE: TimeRange = "24h";

/** Everything the viewer filters by; lives in the URL. Empty lists mean "all". */
export interface LogViewFilters {
  levels: LogLevel[];
  instanceId?: string;
  sources: LogSource[];
  range: TimeRange;
  /** Only with range "custom": ISO-8601. */
  from?: string;
  to?: string;
  q: string;
}

/** Every filter except the levels: what the level chips' counts are taken over. */
export type LogScope = Omit<LogViewFilters, "levels">;

export const DEFAULT_FILTERS: LogViewFilters = { levels: [], sources: [], range: DEFAULT_RANGE, q: "" };

const isoOrUndefined = (raw: string | null) => (raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw).toISOString() : undefined);

function listParam<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
  if (!raw) return [];
  const wanted = new Set(raw.split(","));
  return allowed.filter((value) => wanted.has(value));
}

/** Reads `level`, `instance`, `source`, `range`, `from`, `to`, `q`; anything malformed falls back to the default. */
export function parseLogFilters(params: URLSearchParams): LogViewFilters {
  const range = (TIME_RANGES as readonly string[]).includes(params.get("range") ?? "") ? (params.get("range") as TimeRange) : DEFAULT_RANGE;
  const instance = params.get("instance");
  const from = range === "custom" ? isoOrUndefined(params.get("from")) : undefined;
  const to = range === "custom" ? isoOrUndefined(params.get("to")) : undefined;
  return {
    levels: listParam(params.get("level"), LOG_LEVELS),
    ...(instance && INSTANCE_ID_PATTERN.test(instance) ? { instanceId: instance } : {}),
    sources: listParam(params.get("source"), LOG_SOURCES),
    range,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    q: (params.get("q") ?? "").slice(0, 200),
  };
}

/** Writes the filters over `params` (other keys, e.g. the tab, stay as they are). */
export function writeLogFilters(params: URLSearchParams, filters: LogViewFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string | undefined) => (value ? next.set(key, value) : next.delete(key));
  set("level", filters.levels.join(","));
  set("instance", filters.instanceId);
  set("source", filters.sources.join(","));
  set("range", filters.range === DEFAULT_RANGE ? undefined : filters.range);
  set("from", filters.range === "custom" ? filters.from : undefined);
  set("to", filters.range === "custom" ? filters.to : undefined);
  set("q", filters.q.trim() || undefined);
  return next;
}

/** The time window a range means right now. */
export function timeWindow(filters: Pick<LogViewFilters, "range" | "from" | "to">, now: number): { from?: string; to?: string } {
  if (filters.range === "custom") return { ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}) };
  return { from: new Date(now - RANGE_MS[filters.range]).toISOString() };
}

export function scopeOf(filters: LogViewFilters): LogScope {
  const { levels: _levels, ...rest } = filters;
  return rest;
}

/** The gateway query for these filters: every one of them is applied by the gateway (list, counts, export). */
export function gatewayLogParams(filters: LogViewFilters | LogScope, now: number): URLSearchParams {
  const params = new URLSearchParams();
  const { from, to } = timeWindow(filters, now);
  if ("levels" in filters && filters.levels.length > 0) params.set("levels", filters.levels.join(","));
  if (filters.instanceId) params.set("instanceId", filters.instanceId);
  if (filters.sources.length > 0) params.set("source", filters.sources.join(","));
  if (from) params.set("from", from);
  if (to) params.set("to", to);
  if (filters.q.trim()) params.set("q", filters.q.trim());
  return params;
}

/** The BFF download link for what is filtered. */
export function logExportHref(filters: LogViewFilters, format: LogExportFormat, now: number): string {
  const params = gatewayLogParams(filters, now);
  params.set("format", format);
  return `/bff/api/v1/logs/export?${params}`;
}

// ---- matching on the client: live entries, and rows kept on screen while the gateway answers new filters ----

const haystacks = new WeakMap<LogEntry, string>();
/** Same text the gateway searches: the message and the context JSON, lower-cased (cached per entry). */
function haystack(entry: LogEntry): string {
  let text = haystacks.get(entry);
  if (text === undefined) {
    text = `${entry.message} ${JSON.stringify(entry.context)}`.toLowerCase();
    haystacks.set(entry, text);
  }
  return text;
}

/**
 * The gateway's filters as a predicate on one entry (GET /api/v1/logs applies the same ones): whatever the socket
 * brings joins the list only if `matches` says so.
 */
export interface CompiledLogFilter {
  /** Identifies everything but the levels: two filters with the same scope match the same entries before levels. */
  scope: string;
  /** Every filter: the entry belongs in the list. */
  matches(entry: LogEntry): boolean;
  /** Every filter except the levels (what the level chips count). */
  matchesScope(entry: LogEntry): boolean;
  levelSelected(level: LogLevel): boolean;
  /** No level chip selected: every level shows. */
  allLevels: boolean;
}

export function compileLogFilter(filters: LogViewFilters, now: number): CompiledLogFilter {
  const { from, to } = timeWindow(filters, now);
  const sources = filters.sources.length > 0 ? new Set<string>(filters.sources) : null;
  const levels = filters.levels.length > 0 ? new Set<string>(filters.levels) : null;
  const q = filters.q.trim().toLowerCase();
  const matchesScope = (entry: LogEntry) => {
    if (filters.instanceId && entry.instanceId !== filters.instanceId) return false;
    if (sources && !sources.has(entry.source)) return false;
    // Entry times and window bounds are all toISOString() strings: string order is time order.
    if (from && entry.time < from) return false;
    if (to && entry.time >= to) return false;
    return !q || haystack(entry).includes(q);
  };
  const levelSelected = (level: LogLevel) => !levels || levels.has(level);
  return {
    scope: JSON.stringify([filters.instanceId ?? "", [...(sources ?? [])], from ?? "", to ?? "", q]),
    allLevels: !levels,
    matches: (entry) => levelSelected(entry.level) && matchesScope(entry),
    matchesScope,
    levelSelected,
  };
}
