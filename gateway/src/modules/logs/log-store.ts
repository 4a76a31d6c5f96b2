import { randomBytes } from "node:crypto";
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from "kysely";
import type { Logger } from "pino";
import type { LogCounts, LogEntry, LogLevel, LogSource } from "../../../../contract/logs";
import type { Db } from "../../db/database";
import type { Database, LogsTable } from "../../db/schema";
import { MAX_MESSAGE, redactContext, scrubText } from "./log-redaction";
import { decodeCursor, encodeCursor } from "../../db/keyset-cursor";

/** What a caller hands the log; the store adds id and time, and strips secrets. */
export interface LogInput {
  level: LogLevel;
  source: LogSource;
  message: string;
  instanceId?: string;
  context?: Record<string, unknown>;
  /** When it happened (ISO-8601); defaults to now. */
  time?: string;
}

export interface LogFilter {
  minLevel?: LogLevel;
  levels?: LogLevel[];
  instanceId?: string;
  source?: LogSource[];
  from?: string;
  to?: string;
  q?: string;
}

export interface LogStoreOptions {
  retentionDays: number;
  retentionMax: number;
  trimIntervalMs: number;
  flushMs?: number;
  batchSize?: number;
  /** Entries held in memory while the database does not answer; beyond it the oldest are dropped. */
  maxBuffered?: number;
}

/** pino's numbers, so stored levels order the same way as the gateway's own log. */
const LEVEL_NUMBER: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };
const LEVEL_NAME: Record<number, LogLevel> = { 20: "debug", 30: "info", 40: "warn", 50: "error" };

const DAY_MS = 86_400_000;
const DELETE_CHUNK = 5000;
const INSERT_CHUNK = 100;

type Row = Selectable<LogsTable>;

function toEntry(row: Row): LogEntry {
  return {
    id: row.id,
    time: row.time,
    level: LEVEL_NAME[row.level] ?? "info",
    source: row.source as LogSource,
    ...(row.instance_id ? { instanceId: row.instance_id } : {}),
    message: row.message,
    context: JSON.parse(row.context) as Record<string, unknown>,
  };
}

function toRow(entry: LogEntry): Row {
  return {
    id: entry.id,
    time: entry.time,
    level: LEVEL_NUMBER[entry.level],
    source: entry.source,
    instance_id: entry.instanceId ?? null,
    message: entry.message,
    context: JSON.stringify(entry.context),
  };
}

/** Stored times are `toISOString()` strings; inputs are normalised so plain string order is time order. */
const normaliseTime = (iso: string) => new Date(iso).toISOString();

/**
 * The gateway's structured log. `write` only appends to a buffer (never waits on the database); the buffer is
 * flushed in one transaction every `flushMs` or at `batchSize` entries. Retention trims by age and count on an
 * interval, in chunks, so a large backlog never holds the database for long.
 */
export class LogStore {
  private buffer: LogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private trimTimer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(entry: LogEntry) => void>();
  private lastMs = 0;
  private seq = 0;
  private closed = false;
  private dropped = 0;
  private readonly flushMs: number;
  private readonly batchSize: number;
  private readonly maxBuffered: number;

  constructor(
    private readonly db: Db,
    private readonly options: LogStoreOptions,
    private readonly log: Logger,
  ) {
    this.flushMs = options.flushMs ?? 250;
    this.batchSize = options.batchSize ?? 500;
    this.maxBuffered = options.maxBuffered ?? 50_000;
    this.trimTimer = setInterval(() => {
      this.trim().catch((error: unknown) => this.log.warn({ err: error }, "trimming the log failed"));
    }, options.trimIntervalMs);
    this.trimTimer.unref();
  }

  /** Appends an entry (secrets removed); it is stored and sent live within `flushMs`. Never throws. */
  write(input: LogInput): LogEntry | null {
    if (this.closed) return null;
    const now = Date.now();
    const time = input.time && !Number.isNaN(Date.parse(input.time)) ? normaliseTime(input.time) : new Date(now).toISOString();
    const entry: LogEntry = {
      id: this.nextId(now),
      time,
      level: input.level,
      source: input.source,
      ...(input.instanceId ? { instanceId: input.instanceId } : {}),
      message: scrubText(input.message, MAX_MESSAGE),
      context: redactContext(input.context),
    };
    this.buffer.push(entry);
    if (this.buffer.length > this.maxBuffered) {
      this.dropped += this.buffer.length - this.maxBuffered;
      this.buffer.splice(0, this.buffer.length - this.maxBuffered);
    }
    if (this.buffer.length >= this.batchSize) this.schedule(0);
    else this.schedule(this.flushMs);
    return entry;
  }

  /** Called with every entry once it is stored (the socket layer forwards it to subscribers). */
  onEntry(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores everything buffered so far; resolves once it is in the database. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.chain.then(() => this.drain());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Newest first, keyset-paged by (time, id). */
  async list(filter: LogFilter, limit: number, cursor?: string): Promise<{ items: LogEntry[]; nextCursor: string | null }> {
    await this.flush();
    let q = this.filtered(filter);
    if (cursor) {
      const c = decodeCursor(cursor);
      q = q.where((eb) => eb.or([eb("time", "<", c.v), eb.and([eb("time", "=", c.v), eb("id", "<", c.id)])]));
    }
    const rows = await q.selectAll().orderBy("time", "desc").orderBy("id", "desc").limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toEntry), nextCursor: rows.length > limit && last ? encodeCursor({ v: last.time, id: last.id }) : null };
  }

  /**
   * How many entries match, per level. One transaction, so `through` (the newest id stored) and the counts agree.
   * Over a time range this is a skip-scan of the covering index logs_level_time (level, time): no row is read.
   */
  async counts(filter: LogFilter): Promise<LogCounts> {
    await this.flush();
    return this.db.transaction().execute(async (trx) => {
      const newest = await trx.selectFrom("logs").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
      const rows = await this.filtered(filter, trx).select((eb) => ["level", eb.fn.countAll<number>().as("n")]).groupBy("level").execute();
      const byLevel: LogCounts["byLevel"] = { debug: 0, info: 0, warn: 0, error: 0 };
      for (const row of rows) {
        const level = LEVEL_NAME[row.level];
        if (level) byLevel[level] += Number(row.n);
      }
      return { total: rows.reduce((sum, row) => sum + Number(row.n), 0), byLevel, through: newest?.id ?? null };
    });
  }

  /** Every matching entry, newest first, up to `max`, read in pages so memory stays flat. */
  async *stream(filter: LogFilter, max: number, pageSize = 1000): AsyncGenerator<LogEntry> {
    let cursor: string | undefined;
    let sent = 0;
    while (sent < max) {
      const page = await this.list(filter, Math.min(pageSize, max - sent), cursor);
      for (const entry of page.items) yield entry;
      sent += page.items.length;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /** Drops entries older than the retention age, then all but the newest `retentionMax`. Returns how many went. */
  async trim(now = Date.now()): Promise<number> {
    await this.flush();
    const cutoff = new Date(now - this.options.retentionDays * DAY_MS).toISOString();
    let removed = await this.deleteChunked((eb) => eb("time", "<", cutoff));
    const edge = await this.db
      .selectFrom("logs")
      .select(["time", "id"])
      .orderBy("time", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .offset(this.options.retentionMax)
      .executeTakeFirst();
    if (edge) removed += await this.deleteChunked((eb) => eb.or([eb("time", "<", edge.time), eb.and([eb("time", "=", edge.time), eb("id", "<=", edge.id)])]));
    if (removed > 0) this.log.debug({ removed }, "log retention trimmed entries");
    return removed;
  }

  /** Stops the timers and stores what is buffered. Later writes are ignored. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.trimTimer);
    await this.flush();
    this.closed = true;
    clearTimeout(this.timer);
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** `log_` + time (ms) + a per-millisecond sequence + noise: later writes sort after earlier ones. */
  private nextId(now: number): string {
    if (now > this.lastMs) {
      this.lastMs = now;
      this.seq = 0;
    } else {
      this.seq += 1;
    }
    return `log_${this.lastMs.toString(36).padStart(9, "0")}${this.seq.toString(36).padStart(4, "0")}${randomBytes(3).toString("hex")}`;
  }

  private schedule(delay: number): void {
    if (this.timer && delay > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined);
    }, delay);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.batchSize);
      try {
        await this.db.transaction().execute(async (trx) => {
          for (let i = 0; i < batch.length; i += INSERT_CHUNK) {
            await trx.insertInto("logs").values(batch.slice(i, i + INSERT_CHUNK).map(toRow)).execute();
          }
        });
      } catch (error) {
        // Keep them for the next flush; the cap on the buffer bounds memory if the database stays down.
        this.buffer.unshift(...batch);
        this.log.warn({ err: error, buffered: this.buffer.length }, "storing log entries failed; will retry");
        if (!this.closed) this.schedule(Math.max(this.flushMs, 1000));
        throw error;
      }
      for (const entry of batch) {
        for (const listener of this.listeners) {
          try {
            listener(entry);
          } catch (error) {
            this.log.warn({ err: error }, "a log listener threw");
          }
        }
      }
    }
    if (this.dropped > 0) {
      this.log.warn({ dropped: this.dropped }, "log entries dropped while the database was unavailable");
      this.dropped = 0;
    }
  }

  private filtered(filter: LogFilter, db: Db = this.db) {
    let q = db.selectFrom("logs");
    if (filter.minLevel) q = q.where("level", ">=", LEVEL_NUMBER[filter.minLevel]);
    if (filter.levels && filter.levels.length > 0) q = q.where("level", "in", filter.levels.map((l) => LEVEL_NUMBER[l]));
    if (filter.instanceId) q = q.where("instance_id", "=", filter.instanceId);
    if (filter.source && filter.source.length > 0) q = q.where("source", "in", filter.source);
    if (filter.from) q = q.where("time", ">=", normaliseTime(filter.from));
    if (filter.to) q = q.where("time", "<", normaliseTime(filter.to));
    if (filter.q) {
      const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where(sql<string>`lower(message || ' ' || context)`, "like", sql<string>`${like} escape '\\'`);
    }
    return q;
  }

  private async deleteChunked(where: (eb: ExpressionBuilder<Database, "logs">) => Expression<SqlBool>): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await this.db
        .deleteFrom("logs")
        .where("id", "in", (eb) => eb.selectFrom("logs").select("id").where(where).limit(DELETE_CHUNK))
        .executeTakeFirst();
      const n = Number(result.numDeletedRows);
      total += n;
      if (n < DELETE_CHUNK) return total;
      // Let other work in between: better-sqlite3 runs each statement synchronously.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
