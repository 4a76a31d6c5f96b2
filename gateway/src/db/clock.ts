import { sql, type RawBuilder } from "kysely";
import type { DialectName } from "./database";

/**
 * The database's own time (plus an offset) as the ISO-8601 UTC text every time column holds. Leases and
 * heartbeats are written and compared with it, so the nodes' clocks never need to agree.
 */
export function dbTime(dialect: DialectName, offsetMs = 0): RawBuilder<string> {
  if (dialect === "postgres") {
    return sql<string>`to_char((clock_timestamp() at time zone 'UTC') + make_interval(secs => ${offsetMs / 1000}), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  }
  return sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`${offsetMs >= 0 ? "+" : ""}${offsetMs / 1000} seconds`})`;
}
