import { Readable } from "node:stream";
import { ExportLogsQuery, LOG_CSV_COLUMNS, ListLogsQuery, LogCounts, LogCountsQuery, LogList, type LogEntry } from "../../../../contract/logs";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { json } from "../../plugins/openapi";

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(entry: LogEntry): string {
  const cells: Record<(typeof LOG_CSV_COLUMNS)[number], string> = {
    time: entry.time,
    level: entry.level,
    source: entry.source,
    instanceId: entry.instanceId ?? "",
    message: entry.message,
    context: JSON.stringify(entry.context),
    id: entry.id,
  };
  return `${LOG_CSV_COLUMNS.map((c) => csvCell(cells[c])).join(",")}\r\n`;
}

async function* exportLines(rows: AsyncIterable<LogEntry>, format: "ndjson" | "csv"): AsyncGenerator<string> {
  if (format === "csv") yield `${LOG_CSV_COLUMNS.join(",")}\r\n`;
  let chunk = "";
  for await (const entry of rows) {
    chunk += format === "csv" ? csvRow(entry) : `${JSON.stringify(entry)}\n`;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

const TAGS = ["Logs"];

/** The structured log: a filtered, paged list, counts per level and an NDJSON/CSV export. */
export default async function logRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/v1/logs",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "listLogs",
        summary: "The structured log, newest first: filter by level (minimum or set), instance, source, time range and text",
        description: "Newest first. `minLevel` keeps a level and everything more severe; `levels` picks exact levels instead (not both). Filters combine with AND. Cursor paging: pass `nextCursor` back as `cursor` with the same filters.",
        tags: TAGS,
        querystring: ListLogsQuery,
        response: { 200: json("A page of entries", LogList) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return app.logs.list(filter, limit, cursor);
    },
  );

  r.get(
    "/api/v1/logs/counts",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "countLogs",
        summary: "How many entries match the filters, per level (true counts over the whole time range)",
        description: "Takes the same filters as the list, without paging, and counts every matching entry, not one page. `through` is the newest entry id stored when counting: a client that follows the live log adds entries with a greater id itself.",
        tags: TAGS,
        querystring: LogCountsQuery,
        response: { 200: json("Counts per level", LogCounts) },
      },
    },
    async (request) => app.logs.counts(request.query),
  );

  r.get(
    "/api/v1/logs/export",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "exportLogs",
        summary: "Download the filtered log as NDJSON or CSV (newest first, at most 100,000 rows)",
        description: "Streams every matching entry, newest first, as NDJSON (one LogEntry per line) or CSV (RFC 4180; cells that a spreadsheet would run as a formula are defused). At most `limit` rows (default and maximum 100,000).",
        tags: TAGS,
        querystring: ExportLogsQuery,
        response: {
          200: {
            description: "One LogEntry per line (NDJSON) or a CSV table, as an attachment",
            content: { "application/x-ndjson": { schema: z.string() }, "text/csv": { schema: z.string() } },
          },
        },
      },
    },
    async (request, reply) => {
      const { format, limit, ...filter } = request.query;
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
      void reply
        .header("content-type", format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
        .header("content-disposition", `attachment; filename="gateway-logs-${stamp}.${format}"`);
      // A stream is sent as is (no serializer runs); the declared string schemas only describe it.
      return reply.send(Readable.from(exportLines(app.logs.stream(filter, limit), format)) as unknown as string);
    },
  );
}
