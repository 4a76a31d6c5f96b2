import { Readable } from "node:stream";
import { ExportLogsQuery, LOG_CSV_COLUMNS, ListLogsQuery, LogList, type LogEntry } from "../../../../contract/logs";
import type { GatewayContext } from "../../context";
import { defineRoute, type AnyRoute } from "../../http/route";

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

export function logRoutes(ctx: GatewayContext): AnyRoute[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/v1/logs",
      operationId: "listLogs",
      summary: "The structured log, newest first: filter by level (minimum or set), instance, source, time range and text",
      tag: "Logs",
      auth: "operator",
      query: ListLogsQuery,
      responses: { 200: { description: "A page of entries", schema: LogList } },
      handler: async ({ query }) => {
        const { limit, cursor, ...filter } = query;
        return ctx.logs.list(filter, limit, cursor);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/logs/export",
      operationId: "exportLogs",
      summary: "Download the filtered log as NDJSON or CSV (newest first, at most 100,000 rows)",
      tag: "Logs",
      auth: "operator",
      query: ExportLogsQuery,
      responses: { 200: { description: "application/x-ndjson (one LogEntry per line) or text/csv, as an attachment" } },
      handler: async ({ query }, reply) => {
        const { format, limit, ...filter } = query;
        const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
        void reply
          .header("content-type", format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
          .header("content-disposition", `attachment; filename="gateway-logs-${stamp}.${format}"`)
          .header("cache-control", "no-store");
        return reply.send(Readable.from(exportLines(ctx.logs.stream(filter, limit), format)));
      },
    }),
  ];
}
