import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import pino from "pino";
import { io as connectSocket, type Socket } from "socket.io-client";
import { inject } from "vitest";
import { buildGateway, type Gateway } from "../../src/app";
import { loadConfig } from "../../src/config";

export const TEST_ADMIN_PASSWORD = "correct horse battery staple";

export interface RunningGateway {
  gateway: Gateway;
  url: string;
  dataDir: string;
  /** Every log line the gateway wrote (only with `captureLogs`). */
  logs: string[];
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Which database the gateways of this test project use: the `gateway-postgres` project provides a URL. */
export const TEST_DIALECT: "sqlite" | "postgres" = inject("postgresUrl") ? "postgres" : "sqlite";

/** A test's own connection to PostgreSQL; bigint (count) comes back as a number, as it does from SQLite. */
async function onTestDatabase<T>(connectionString: string, statement: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({
    connectionString,
    types: { getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  await client.connect();
  try {
    return (await client.query(statement, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const schemaFor = (dataDir: string) => `gw_${createHash("sha256").update(dataDir).digest("hex").slice(0, 16)}`;

function urlFor(dataDir: string): string {
  const url = new URL(inject("postgresUrl"));
  url.searchParams.set("options", `-c search_path=${schemaFor(dataDir)}`);
  return url.toString();
}

/**
 * The gateway's own PostgreSQL schema in the run's database, named after its data folder so that a restart on the
 * same folder finds its data again; a DATABASE_URL whose search_path points there.
 */
async function postgresFor(dataDir: string): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = schemaFor(dataDir);
  // Gateways started at once on one folder race to create it: "if not exists" is not atomic in PostgreSQL.
  await onTestDatabase(inject("postgresUrl"), `create schema if not exists ${schema}`).catch((error: { code?: string }) => {
    if (error.code !== "23505" && error.code !== "42P06") throw error;
  });
  return { url: urlFor(dataDir), schema, drop: () => onTestDatabase(inject("postgresUrl"), `drop schema if exists ${schema} cascade`).then(() => {}) };
}

/**
 * Starts a gateway or opens a database (`start`), once more if its migrator tripped over another test's schema being
 * dropped. Kysely's migrator looks for its tables with an introspection query over every table of every schema of the
 * database (`has_schema_privilege` by schema name, `pg_get_serial_sequence` by table name), which fails when a gateway
 * of another test worker drops its own schema during that query: `schema "gw_…" does not exist`,
 * `relation "gw_….operators" does not exist` or `column "id" of relation "operators" does not exist`, depending
 * on which lookup the drop overtakes (all three seen with a loop dropping schemas beside `getTables()`). It is a
 * race of tests sharing one database, not this gateway's fault; an error naming this gateway's own schema, or
 * the same error three times, is its fault and is thrown.
 */
export async function retryingSchemaRace<T>(start: () => Promise<T>, ownSchema: string | undefined): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (!droppedUnderIntrospection(String((error as Error)?.message), ownSchema) || attempt >= 3) throw error;
    }
  }
}

/** Whether a start failed on another gateway's schema dropped under the migrator's introspection query (above). */
export function droppedUnderIntrospection(message: string, ownSchema: string | undefined): boolean {
  const schema = /(?:schema "|relation ")(gw_[0-9a-f]{16})(?:"|\.[^"]+") does not exist/.exec(message)?.[1];
  if (schema) return schema !== ownSchema;
  return /column "[^"]+" of relation "[^"]+" does not exist/.test(message);
}

/**
 * A schema of the run's PostgreSQL database for gateways that share it (a cluster): its DATABASE_URL, a way to
 * read it (storedRows with `key`), and drop().
 */
export async function sharedPostgres(): Promise<{ url: string; key: string; schema: string; drop(): Promise<void> }> {
  const key = `cluster-${process.pid}-${Date.now()}-${Math.random()}`;
  const { url, schema, drop } = await postgresFor(key);
  return { url, key, schema, drop };
}

/**
 * Reads what a gateway stored, over a connection of the test's own (as an operator would look): its SQLite file
 * read-only, or its schema on PostgreSQL. `?` placeholders work on both. `write` lets a test change it (to stage
 * what another version of the gateway would have left behind).
 */
export async function storedRows<T = Record<string, unknown>>(dataDir: string, statement: string, params: unknown[] = [], options: { write?: boolean } = {}): Promise<T[]> {
  if (TEST_DIALECT === "postgres") {
    let n = 0;
    return onTestDatabase<T>(urlFor(dataDir), statement.replace(/\?/g, () => `$${++n}`), params);
  }
  const db = new SQLite(path.join(dataDir, "gateway.sqlite"), { readonly: !options.write });
  try {
    const prepared = db.prepare(statement);
    return (prepared.reader ? prepared.all(...params) : (prepared.run(...params), [])) as T[];
  } finally {
    db.close();
  }
}

/**
 * Test gateways hash passwords with scrypt at N=2^14 instead of the production 2^17: the same algorithm, format and
 * code path at an eighth of the memory and time, since the suite hashes some four hundred times (admins, sign-ins).
 * A test of what the cost itself does (the sign-in throttle's hashing slots) or of the stored parameters asks for the
 * production cost with `productionScrypt`.
 */
const TEST_SCRYPT = { logN: 14, r: 8, p: 1 };

/**
 * A real gateway on 127.0.0.1 with a random port and a temporary data folder: its SQLite file, or in the
 * `gateway-postgres` project its own schema in the run's PostgreSQL database. `dataDir` reuses a folder (and schema).
 */
export async function startGateway(
  env: Record<string, string> = {},
  reuse?: { dataDir?: string; captureLogs?: boolean; productionScrypt?: boolean },
): Promise<RunningGateway> {
  // The gateway projects reuse modules across test files (vitest.config.ts: isolate off): this module must never be
  // carried from one project's files into the other's, or a PostgreSQL test would quietly run on SQLite.
  if ((inject("postgresUrl") ? "postgres" : "sqlite") !== TEST_DIALECT) throw new Error(`test support loaded for ${TEST_DIALECT} is running in the other database's project`);
  const dataDir = reuse?.dataDir || fs.mkdtempSync(path.join(os.tmpdir(), "wam-gw-"));
  const postgres = TEST_DIALECT === "postgres" && !env.DATABASE_URL ? await postgresFor(dataDir) : null;
  const loaded = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    WA_ENGINE: "sandbox",
    LOG_LEVEL: "silent",
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    ...env,
  });
  const config = reuse?.productionScrypt ? loaded : { ...loaded, auth: { ...loaded.auth, scrypt: TEST_SCRYPT } };
  const logs: string[] = [];
  const log = reuse?.captureLogs
    ? pino({ level: "debug" }, { write: (line: string) => void logs.push(line) })
    : undefined;
  // A cluster's nodes share a schema through their DATABASE_URL's search_path (sharedPostgres).
  const shared = env.DATABASE_URL && URL.canParse(env.DATABASE_URL) ? new URL(env.DATABASE_URL).searchParams.get("options") : null;
  const ownSchema = postgres?.schema ?? /search_path=(gw_[0-9a-f]{16})/.exec(shared ?? "")?.[1];
  const gateway = await retryingSchemaRace(() => buildGateway(log ? { ...config, logLevel: "debug" } : config, log), ownSchema);
  const { url } = await gateway.listen();
  return {
    gateway,
    url,
    dataDir,
    logs,
    async stop(options?: { keepData?: boolean }) {
      await gateway.close();
      if (options?.keepData) return;
      fs.rmSync(dataDir, { recursive: true, force: true });
      await postgres?.drop();
    },
  };
}

export async function api(base: string, method: string, url: string, init: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(base + url, {
    method,
    headers: {
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, body: json as any };
}

export async function login(base: string, username = "admin", password = TEST_ADMIN_PASSWORD): Promise<string> {
  const res = await api(base, "POST", "/api/v1/auth/login", { body: { username, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export type TestSocket = Socket & { received: Array<{ event: string; payload: unknown }> };

/** Waits until the socket has received `event` (recorded from the moment it was created). */
export async function nextEvent(socket: TestSocket, event: string, timeoutMs = 5000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = socket.received.find((r) => r.event === event);
    if (found) return found.payload;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no "${event}" event within ${timeoutMs} ms`);
}

/** Connects a socket.io client that records every event; resolves with it or rejects with the connect_error. */
export function connect(base: string, auth: Record<string, unknown>, query?: Record<string, string>): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const socket = connectSocket(base, { auth, query, transports: ["websocket"], reconnection: false, forceNew: true }) as TestSocket;
    socket.received = [];
    socket.onAny((event: string, payload: unknown) => socket.received.push({ event, payload }));
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Polls until `predicate` holds for the value `read` returns; fails with the last value seen. */
export async function waitUntil<T>(read: () => Promise<T>, predicate: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** Sandbox timings short enough for tests (Baileys' real cadence is 60 s, then 20 s). */
/** The same token with its last character changed: always a different token, whatever it ends with. */
export const withLastCharChanged = (token: string): string => token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");

export const FAST_SANDBOX = { SANDBOX_QR_FIRST_MS: "600", SANDBOX_QR_NEXT_MS: "300", SANDBOX_QR_ATTEMPTS: "4" };
