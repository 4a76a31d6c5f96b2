import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql, type MigrationProvider } from "kysely";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  db: Db;
  dialect: "sqlite";
  file: string;
  close(): Promise<void>;
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
 * Opens (creating if needed) the SQLite file under dataDir and applies pending migrations. The folder is
 * created 0700 and its files 0600 (looser existing ones are narrowed, with a warning), and an exclusive lock
 * keeps a second gateway off the same folder (it fails with DataDirLockedError).
 */
export async function openDatabase(dataDir: string, log?: DatabaseLog): Promise<OpenedDatabase> {
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

  const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    await db.destroy();
    lock.release();
    const reason = error instanceof Error ? error.message : String(error ?? "unknown error");
    throw new Error(`Database migration ${failed?.migrationName ?? ""} failed: ${reason}`.replace("  ", " "));
  }
  // Files SQLite created just now (the WAL and shared-memory index) are checked as well.
  tightenAll();

  return {
    db,
    dialect: "sqlite",
    file,
    close: async () => {
      await db.destroy();
      lock.release();
    },
  };
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
