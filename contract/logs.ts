import { z } from "zod";
import { commaList } from "./query-params";
import { LOG_CSV_COLUMNS, LOG_EXPORT_MAX_ROWS, LOG_LEVELS, LOG_SOURCES } from "./constants";
import { InstanceId } from "./instances";

export { LOG_CSV_COLUMNS, LOG_EXPORT_MAX_ROWS, LOG_LEVELS, LOG_SOURCES };

export const LogLevel = z.enum(LOG_LEVELS).meta({ id: "LogLevel" });
export type LogLevel = z.infer<typeof LogLevel>;

export const LogSource = z.enum(LOG_SOURCES).meta({ id: "LogSource" });
export type LogSource = z.infer<typeof LogSource>;

/** A small JSON object of facts (reason code, attempt, URL host…); never a secret. */
export const LogContext = z.record(z.string(), z.unknown()).meta({ description: "Structured facts about the entry; secrets are removed before storing" });
export type LogContext = z.infer<typeof LogContext>;

export const LogEntry = z
  .object({
    id: z.string().regex(/^log_[0-9a-z]{10,40}$/).meta({ description: "Sortable id; newer entries have greater ids" }),
    time: z.iso.datetime(),
    level: LogLevel,
    source: LogSource,
    instanceId: InstanceId.optional(),
    message: z.string(),
    context: LogContext,
  })
  .meta({ id: "LogEntry" });
export type LogEntry = z.infer<typeof LogEntry>;


/** Every filter of the log list and the export; each one narrows the result (they combine with AND). */
const logFilterShape = {
  minLevel: LogLevel.optional().meta({ description: "This level and every more severe one" }),
  levels: commaList(LogLevel, "Comma-separated levels to include (instead of minLevel)", "warn,error"),
  instanceId: InstanceId.optional(),
  source: commaList(LogSource, "Comma-separated sources to include", "engine,webhook"),
  from: z.iso.datetime({ message: "must be an ISO-8601 date-time, e.g. 2026-01-15T10:30:00Z" }).optional().meta({ description: "At or after (inclusive)" }),
  to: z.iso.datetime({ message: "must be an ISO-8601 date-time, e.g. 2026-01-15T10:30:00Z" }).optional().meta({ description: "Before (exclusive)" }),
  q: z.string().trim().min(1).max(200).optional().meta({ description: "Case-insensitive text in the message or the context" }),
};

type FilterShape = { minLevel?: unknown; levels?: unknown; from?: string; to?: string };
const checkFilters = (query: FilterShape, ctx: z.core.$RefinementCtx) => {
  if (query.minLevel !== undefined && query.levels !== undefined) ctx.addIssue({ code: "custom", path: ["levels"], message: "cannot be combined with minLevel; use one of them" });
  if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
};

export const ListLogsQuery = z
  .strictObject({
    ...logFilterShape,
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().min(1).max(512).optional(),
  })
  .superRefine(checkFilters);
export type ListLogsQuery = z.input<typeof ListLogsQuery>;
/** The filters alone, as the panel keeps them (no paging). */
export type LogFilters = Omit<z.input<typeof ListLogsQuery>, "limit" | "cursor">;

/** Newest first. */
export const LogList = z.object({ items: z.array(LogEntry), nextCursor: z.string().nullable() }).meta({ id: "LogList" });
export type LogList = z.infer<typeof LogList>;

export const LogExportFormat = z.enum(["ndjson", "csv"]);
export type LogExportFormat = z.infer<typeof LogExportFormat>;

export const ExportLogsQuery = z
  .strictObject({
    ...logFilterShape,
    format: LogExportFormat.default("ndjson"),
    limit: z.coerce.number().int().min(1).max(LOG_EXPORT_MAX_ROWS).default(LOG_EXPORT_MAX_ROWS).meta({ description: "At most this many rows, newest first" }),
  })
  .superRefine(checkFilters);
export type ExportLogsQuery = z.input<typeof ExportLogsQuery>;


// ---- live feed -----------------------------------------------------------------------------------

/** `logs.subscribe` / `logs.unsubscribe`: one instance's entries, or every entry when instanceId is omitted. */
export const LogsSubscription = z.strictObject({ instanceId: InstanceId.optional() });
export type LogsSubscription = z.infer<typeof LogsSubscription>;
export type LogsSubscriptionAck = { ok: true } | { ok: false; error: string };
