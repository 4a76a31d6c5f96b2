import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationProvider } from "kysely";
import pg from "pg";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";
import { GATEWAY_VERSION } from "../version";

export type Db = Kysely<Database>;

export type DialectName = "sqlite" | "postgres";

export interface OpenedDatabase {
  db: Db;
  dialect: DialectName;
  /** Where the data is, without credentials: the SQLite file, or postgres://host:port/database. */
  location: string;
  /** PostgreSQL only: its URL (socket.io's adapter opens its own pool) and the schema the gateway's tables are in. */
  postgres?: { url: string; schema: string };
  close(): Promise<void>;
}

/** SQLite in dataDir, or PostgreSQL when databaseUrl is set (cluster mode). */
export interface DatabaseTarget {
  dataDir: string;
  databaseUrl?: string;
}

/** The database cannot be used (unreachable, refused, newer schema): one line that says which, for the start-up error. */
export class DatabaseStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseStartError";
  }
}

/** Where openDatabase reports what it changed on disk (the gateway's pino logger fits). */
export interface DatabaseLog {
  warn(context: Record<string, unknown>, message: string): void;
}

/** Thrown when another gateway process already holds DATA_DIR. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
  ) {
    super(
      `another gateway (PID ${holderPid ?? "unknown"}) is already using DATA_DIR ${dataDir}; ` +
        "stop it first, or give this one its own DATA_DIR",
    );
    this.name = "DataDirLockedError";
  }
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

// The folder and every file in it are the gateway's alone: they hold webhook secrets, custom header values,
// API key hashes and WhatsApp auth state. POSIX modes only: on Windows, access is the folder's ACL.
const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;
const POSIX = process.platform !== "win32";

const LOCK_WAIT_MS = 250;

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

type ModeChange = { path: string; from: string; to: string; error?: string };

/** Narrows a file or folder that others may read to the owner alone; returns what changed (or failed to), if anything. */
function tighten(target: string, mode: number): ModeChange | null {
  if (!POSIX) return null;
  let current: number;
  try {
    current = fs.statSync(target).mode & 0o777;
  } catch {
    return null; // not there (yet)
  }
  if ((current & ~mode) === 0) return null;
  try {
    fs.chmodSync(target, mode);
    return { path: target, from: octal(current), to: octal(mode) };
  } catch (error) {
    // e.g. a mounted folder owned by another user: start anyway, and say so.
    return { path: target, from: octal(current), to: octal(mode), error: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/** Creates the file if needed with owner-only permissions (the mode of a new file), without truncating it. */
function touchPrivate(file: string): void {
  fs.closeSync(fs.openSync(file, "a", PRIVATE_FILE_MODE));
}

/**
 * One gateway per DATA_DIR. The lock is SQLite's own file lock on a small `gateway.lock` database, held for as
 * long as this process lives: POSIX record locks (fcntl), which the kernel releases when the process ends however
 * it ends (SIGKILL, crash, OOM), so it never goes stale, and taking it is atomic, so two starters never both win
 * (a PID file checked with kill(pid, 0) has a take-over race, and a recycled PID looks alive). The PID goes into a
 * plain `gateway.pid` beside it, only for the message: a second process cannot read an exclusively locked database.
 */
function lockDataDir(dataDir: string): { release(): void } {
  const lockFile = path.join(dataDir, "gateway.lock");
  const pidFile = path.join(dataDir, "gateway.pid");
  touchPrivate(lockFile);
  // The short busy wait only settles two gateways started in the same instant (exactly one wins); against a
  // running gateway it fails after it.
  const lock = new SQLite(lockFile, { timeout: LOCK_WAIT_MS });
  try {
    // No journal file next to it: the content is irrelevant, only the lock counts.
    lock.pragma("journal_mode = MEMORY");
    // Taken in NORMAL locking mode, where a starter that loses the race lets go of its shared lock between
    // retries; switched to EXCLUSIVE inside the transaction, so COMMIT keeps the lock until the connection closes.
    lock.exec("BEGIN EXCLUSIVE");
    lock.pragma("locking_mode = EXCLUSIVE");
    lock.exec("CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, since TEXT NOT NULL)");
    lock.prepare("INSERT OR REPLACE INTO holder (id, pid, since) VALUES (1, ?, ?)").run(process.pid, new Date().toISOString());
    lock.exec("COMMIT");
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      let holder: number | null = null;
      try {
        const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8"), 10);
        if (Number.isSafeInteger(pid) && pid > 0) holder = pid;
      } catch {
        // no PID file yet: the holder is still starting
      }
      throw new DataDirLockedError(dataDir, holder);
    }
    throw error;
  }
  fs.writeFileSync(pidFile, `${process.pid}\n`, { mode: PRIVATE_FILE_MODE });
  return {
    release() {
      // The PID file goes first, while the lock still guards it from the next gateway.
      try {
        if (fs.readFileSync(pidFile, "utf8").trim() === String(process.pid)) fs.rmSync(pidFile, { force: true });
      } catch {
        // already gone
      }
      lock.close();
    },
  };
}

/**
 * Opens the gateway's database and applies pending migrations: PostgreSQL when `databaseUrl` is set, otherwise
 * SQLite in `dataDir`. Fails with DatabaseStartError (or DataDirLockedError) and a message that says what is wrong.
 */
export async function openDatabase(target: DatabaseTarget, log?: DatabaseLog): Promise<OpenedDatabase> {
  return target.databaseUrl ? openPostgres(target.databaseUrl, log) : openSqlite(target.dataDir, log);
}

/**
 * Opens (creating if needed) the SQLite file under dataDir and applies pending migrations. The folder is
 * created 0700 and its files 0600 (looser existing ones are narrowed, with a warning), and an exclusive lock
 * keeps a second gateway off the same folder (it fails with DataDirLockedError).
 */
async function openSqlite(dataDir: string, log?: DatabaseLog): Promise<OpenedDatabase> {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const file = path.join(dataDir, "gateway.sqlite");
  const files = [file, `${file}-wal`, `${file}-shm`, path.join(dataDir, "gateway.lock"), path.join(dataDir, "gateway.pid")];
  const tightenAll = () => {
    const found = [tighten(dataDir, PRIVATE_DIR_MODE), ...files.map((f) => tighten(f, PRIVATE_FILE_MODE))].filter((c) => c !== null);
    const list = (changes: ModeChange[]) => changes.map((c) => `${c.path === dataDir ? "the folder" : path.basename(c.path)} ${c.from} → ${c.to}`).join(", ");
    const changed = found.filter((c) => !c.error);
    const failed = found.filter((c) => c.error);
    if (changed.length > 0) {
      log?.warn({ dataDir, changed }, `Narrowed permissions in DATA_DIR ${dataDir} to the gateway's user alone (${list(changed)}): it holds webhook secrets and WhatsApp credentials`);
    }
    if (failed.length > 0) {
      log?.warn({ dataDir, failed }, `Could not narrow permissions in DATA_DIR ${dataDir} (${list(failed)}: ${failed[0]!.error}); other users of this machine may read webhook secrets and WhatsApp credentials`);
    }
  };
  tightenAll();

  const lock = lockDataDir(dataDir);
  let sqlite: SQLite.Database;
  try {
    // SQLite gives its -wal and -shm files the database file's permissions: create that one private first.
    touchPrivate(file);
    sqlite = new SQLite(file);
  } catch (error) {
    lock.release();
    throw error;
  }
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrate(db, file, "sqlite");
  } catch (error) {
    await db.destroy();
    lock.release();
    throw error;
  }
  // Files SQLite created just now (the WAL and shared-memory index) are checked as well.
  tightenAll();

  return {
    db,
    dialect: "sqlite",
    location: file,
    close: async () => {
      await db.destroy();
      lock.release();
    },
  };
}

/** postgres://host:port/database, without user or password: safe for messages and logs. */
function describePostgres(url: URL): string {
  return `postgres://${url.host || "localhost"}${url.pathname}`;
}

/** One line for a PostgreSQL connection failure, by its error code. */
function postgresFailure(url: URL, error: unknown): string {
  const where = describePostgres(url);
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "ECONNREFUSED":
      return `Cannot reach PostgreSQL at ${where} (connection refused): is the server running, and is DATABASE_URL's host and port right?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot reach PostgreSQL at ${where}: the host name "${url.hostname}" does not resolve`;
    case "28P01":
    case "28000":
      return `PostgreSQL at ${where} refused user "${decodeURIComponent(url.username)}": wrong password, or no access (pg_hba.conf)`;
    case "3D000":
      return `PostgreSQL at ${url.host} has no database "${url.pathname.slice(1)}": create it first (createdb), or fix DATABASE_URL`;
    case "42501":
      return `PostgreSQL at ${where}: user "${decodeURIComponent(url.username)}" may not create tables here (${message})`;
    default:
      if (/timeout/i.test(message)) return `No answer from PostgreSQL at ${where} within ${CONNECT_TIMEOUT_MS / 1000} s`;
      return `Cannot use PostgreSQL at ${where}: ${message}`;
  }
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A pool on the gateway's PostgreSQL database. A connection that breaks (the server restarted, a network cut) must
 * not crash the process: pg emits "error" on the pool for idle clients and on the client itself for checked-out
 * ones (socket.io's LISTEN connection holds one for good). Every client gets a listener; the next query takes a
 * fresh connection, /health reports the database as down meanwhile, and fencing stops this node's sessions if it
 * stays down.
 */
export function postgresPool(databaseUrl: string, max: number, log?: DatabaseLog): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: "whatsapp-api-manager" });
  const broken = (error: Error) => log?.warn({ err: error }, `a PostgreSQL connection broke: ${error.message}`);
  pool.on("error", broken);
  pool.on("connect", (client) => client.on("error", broken));
  return pool;
}

/**
 * Opens a pool on PostgreSQL and applies pending migrations. Kysely's migrator takes a PostgreSQL advisory lock
 * for the whole run, so when several nodes start at once exactly one applies them and the others wait, then find
 * nothing left to do.
 */
async function openPostgres(databaseUrl: string, log?: DatabaseLog): Promise<OpenedDatabase> {
  const url = new URL(databaseUrl);
  const pool = postgresPool(databaseUrl, 10, log);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new DatabaseStartError(postgresFailure(url, error));
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, describePostgres(url), "postgres");
  } catch (error) {
    await db.destroy();
    if (error instanceof DatabaseStartError) throw error;
    throw new DatabaseStartError(postgresFailure(url, error));
  }
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema;
  return { db, dialect: "postgres", location: describePostgres(url), postgres: { url: databaseUrl, schema }, close: () => db.destroy() };
}

/** Migrations recorded in the database that this gateway does not have: the schema is from a newer version. */
async function unknownMigrations(db: Db): Promise<string[]> {
  let applied: string[];
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = rows.rows.map((row) => row.name);
  } catch {
    return []; // a new database: no migration table yet
  }
  return applied.filter((name) => !(name in migrations)).sort();
}

async function migrate(db: Db, where: string, dialect: DialectName): Promise<void> {
  // On PostgreSQL, Kysely's own bookkeeping tables go into the schema the gateway's tables go into (the first
  // on the search_path): without naming it, the migrator would take a same-named table in any other schema of the
  // database for its own.
  const migrationTableSchema =
    dialect === "postgres" ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const newer = await unknownMigrations(db);
  if (newer.length > 0) {
    throw new DatabaseStartError(
      `The database at ${where} has a schema from a newer gateway (migration ${newer.at(-1)} is unknown to this gateway, ${GATEWAY_VERSION}): upgrade this gateway, or point it at another database`,
    );
  }
  const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true, ...(migrationTableSchema ? { migrationTableSchema } : {}) }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? "unknown error");
    throw new DatabaseStartError(`Database migration ${failed?.migrationName ?? ""} failed on ${where}: ${reason}`.replace("  ", " "));
  }
}

/**
 * A row whose `name` is `name` ignoring case, by the same `lower()` as the unique indexes on `lower(name)`
 * (migrations 0009, 0018, 0019): the check and the index then always agree. SQLite's `lower()` folds ASCII letters
 * only and PostgreSQL's follows the database's locale; JavaScript's `toLowerCase()` folds every script, so a check made
 * with it missed names the index then refused ("ÖLX" against "ÖLX" on SQLite), and the write failed with a 500.
 */
export const sameName = (name: string) => sql<boolean>`lower(name) = lower(${name})`;

/** Whether a write failed on a unique index or key (SQLite's and PostgreSQL's codes). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/** A cheap round trip that proves the database answers. */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
