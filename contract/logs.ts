import * as z from "zod/mini";
import { commaList, pageLimit } from "./query-params";
import type { ErrorBody } from "./errors";
import { InstanceId } from "./instances";

/** Least to most severe: `minLevel` keeps a level and everything after it. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export const LOG_SOURCES = ["gateway", "engine", "webhook", "auth"] as const;
const LOG_EXPORT_MAX_ROWS = 100_000;
/** The CSV export's columns, in order. */
export const LOG_CSV_COLUMNS = ["time", "level", "source", "instanceId", "message", "context", "id"] as const;

export const LogLevel = z.enum(LOG_LEVELS).register(z.globalRegistry, { id: "LogLevel" });
export type LogLevel = z.infer<typeof LogLevel>;

export const LogSource = z.enum(LOG_SOURCES).register(z.globalRegistry, { id: "LogSource" });
export type LogSource = z.infer<typeof LogSource>;

/** A small JSON object of facts (reason code, attempt, URL host…); never a secret. */
const LogContext = z.record(z.string(), z.unknown()).register(z.globalRegistry, { description: "Structured facts about the entry; secrets are removed before storing" });

export const LogEntry = z
  .object({
    id: z.string().check(z.regex(/^log_[0-9a-z]{10,40}$/)).register(z.globalRegistry, { description: "Sortable id; newer entries have greater ids" }),
    time: z.iso.datetime(),
    level: LogLevel,
    source: LogSource,
    instanceId: z.optional(InstanceId),
    message: z.string(),
    context: LogContext,
  })
  .register(z.globalRegistry, { id: "LogEntry" });
export type LogEntry = z.infer<typeof LogEntry>;

const isoParam = () => z.iso.datetime({ message: "must be an ISO-8601 date-time, e.g. 2026-01-15T10:30:00Z" });

/** Every filter of the log list and the export; each one narrows the result (they combine with AND). */
const logFilterShape = {
  minLevel: z.optional(LogLevel).register(z.globalRegistry, { description: "This level and every more severe one" }),
  levels: commaList(LogLevel, "Comma-separated levels to include (instead of minLevel)", "warn,error"),
  instanceId: z.optional(InstanceId),
  source: commaList(LogSource, "Comma-separated sources to include", "engine,webhook"),
  from: z.optional(isoParam()).register(z.globalRegistry, { description: "At or after (inclusive)" }),
  to: z.optional(isoParam()).register(z.globalRegistry, { description: "Before (exclusive)" }),
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))).register(z.globalRegistry, { description: "Case-insensitive text in the message or the context" }),
};

type FilterShape = { minLevel?: unknown; levels?: unknown; from?: string; to?: string };
const checkFilters = z.superRefine((query: FilterShape, ctx) => {
  if (query.minLevel !== undefined && query.levels !== undefined) ctx.addIssue({ code: "custom", path: ["levels"], message: "cannot be combined with minLevel; use one of them" });
  if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
});

export const ListLogsQuery = z
  .strictObject({
    ...logFilterShape,
    limit: pageLimit(1000, 100),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  })
  .check(checkFilters);
export type ListLogsQuery = z.input<typeof ListLogsQuery>;

/** Newest first. */
export const LogList = z.object({ items: z.array(LogEntry), nextCursor: z.nullable(z.string()) }).register(z.globalRegistry, { id: "LogList" });
export type LogList = z.infer<typeof LogList>;

/** The filters alone (no paging): what the per-level counts are taken over. */
export const LogCountsQuery = z.strictObject(logFilterShape).check(checkFilters);
export type LogCountsQuery = z.input<typeof LogCountsQuery>;

const count = () => z.number().check(z.int(), z.gte(0));
/** How many entries match the filters, per level: true counts over the whole time range, not just a page. */
export const LogCounts = z
  .object({
    total: count(),
    byLevel: z.object({ debug: count(), info: count(), warn: count(), error: count() }),
    through: z.nullable(z.string()).register(z.globalRegistry, {
      description: "The newest entry id stored when counting (whatever the filters); entries with a greater id came later and are not counted. null when the log is empty",
    }),
  })
  .register(z.globalRegistry, { id: "LogCounts" });
export type LogCounts = z.infer<typeof LogCounts>;

export const LogExportFormat = z.enum(["ndjson", "csv"]);
export type LogExportFormat = z.infer<typeof LogExportFormat>;

export const ExportLogsQuery = z
  .strictObject({
    ...logFilterShape,
    format: z._default(LogExportFormat, "ndjson"),
    limit: pageLimit(LOG_EXPORT_MAX_ROWS, LOG_EXPORT_MAX_ROWS, "At most this many rows, newest first"),
  })
  .check(checkFilters);
export type ExportLogsQuery = z.input<typeof ExportLogsQuery>;

// ---- live feed -----------------------------------------------------------------------------------

/** `logs.subscribe` / `logs.unsubscribe`: one instance's entries, or every entry when instanceId is omitted. */
export const LogsSubscription = z.strictObject({ instanceId: z.optional(InstanceId) });
export type LogsSubscription = z.infer<typeof LogsSubscription>;
/** The answer through the ack: `ok`, or the one error shape beside `ok: false`. */
export type LogsSubscriptionAck = { ok: true } | ({ ok: false } & ErrorBody);
