import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { ConfigError, loadConfig } from "../../src/config";
import { DatabaseStartError, openDatabase } from "../../src/db/database";
import { api, login, startGateway, storedRows, TEST_ADMIN_PASSWORD, TEST_DIALECT } from "../support/gateway";

// What an operator sees when the database cannot be used: one line that says which thing is wrong, and never the
// password in DATABASE_URL. And what the schema check does on both databases.

const ROOT = path.resolve(import.meta.dirname, "../../..");
const MAIN = path.join(ROOT, "gateway/src/main.ts");
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-dbstart-"));
  tempDirs.push(dir);
  return dir;
};

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startError(databaseUrl: string): Promise<Error> {
  try {
    const opened = await openDatabase({ dataDir: tempDir(), databaseUrl });
    await opened.close();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the database to be refused");
}

describe.skipIf(TEST_DIALECT !== "sqlite")("DATABASE_URL errors that need no server", () => {
  it("a URL that is not PostgreSQL's is a configuration error that hides the value", () => {
    for (const bad of ["mysql://root:hunter2secret@db/x", "postgres://root:hunter2secret@db", "not a url hunter2secret"]) {
      let error: unknown;
      try {
        loadConfig({ DATABASE_URL: bad });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).lines).toEqual(["Invalid configuration: DATABASE_URL=(hidden) must be a PostgreSQL URL like postgres://user:password@host:5432/database"]);
    }
    expect(loadConfig({ DATABASE_URL: "postgresql://u:p@db.internal:5433/wam" }).databaseUrl).toBe("postgresql://u:p@db.internal:5433/wam");
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });

  it("an unreachable server stops the gateway at start with one line naming host, port and database, not the password", async () => {
    const port = await closedPort();
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      cwd: ROOT,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: tempDir(), WA_ENGINE: "sandbox", ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, DATABASE_URL: `postgres://wam:hunter2secret@127.0.0.1:${port}/wam` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      `Gateway failed to start: Cannot reach PostgreSQL at postgres://127.0.0.1:${port}/wam (connection refused): is the server running, and is DATABASE_URL's host and port right?`,
    ]);
    expect(stdout + stderr).not.toContain("hunter2secret");
  });
});

describe.skipIf(TEST_DIALECT !== "postgres")("PostgreSQL start-up errors", () => {
  const base = () => new URL(inject("postgresUrl"));

  it("a wrong password names the user, not the password", async () => {
    const url = base();
    url.password = "hunter2-wrong-password";
    const error = await startError(url.toString());
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect(error.message).toBe(`PostgreSQL at postgres://${url.host}${url.pathname} refused user "${url.username}": wrong password, or no access (pg_hba.conf)`);
    expect(error.message).not.toContain("hunter2");
  });

  it("a database that does not exist says so", async () => {
    const url = base();
    url.pathname = "/wam_no_such_database";
    const error = await startError(url.toString());
    expect(error.message).toBe(`PostgreSQL at ${url.host} has no database "wam_no_such_database": create it first (createdb), or fix DATABASE_URL`);
  });

  it("several nodes starting at once on an empty database apply the migrations exactly once", async () => {
    const dataDir = tempDir();
    // Four gateways at once on one fresh schema: the migrator's advisory lock lets one migrate; the others wait.
    const gateways = await Promise.all([0, 1, 2, 3].map(() => startGateway({}, { dataDir })));
    try {
      const names = await storedRows<{ name: string; n: number }>(dataDir, "select name, count(*) as n from kysely_migration group by name");
      expect(names.length).toBeGreaterThan(8);
      expect(names.every((row) => row.n === 1)).toBe(true);
      const operators = await storedRows<{ n: number }>(dataDir, "select count(*) as n from operators");
      expect(operators[0]!.n).toBe(1);
      for (const gw of gateways) expect((await login(gw.url)).length).toBeGreaterThan(10);
    } finally {
      for (const gw of gateways.slice(1)) await gw.stop({ keepData: true });
      await gateways[0]!.stop();
    }
  });
});

describe(`the schema check (${TEST_DIALECT})`, () => {
  it("a database used by a newer gateway is refused at start with the migration it does not know; nothing is changed", async () => {
    const dataDir = tempDir();
    const first = await startGateway({}, { dataDir });
    const token = await login(first.url);
    expect((await api(first.url, "POST", "/api/v1/instances", { token, body: { name: "Kept", connect: false } })).status).toBe(201);
    await first.stop({ keepData: true });
    await storedRows(dataDir, "insert into kysely_migration (name, timestamp) values (?, ?)", ["9999-from-the-future", new Date().toISOString()], { write: true });
    const error = await startGateway({}, { dataDir }).then(
      async (gw) => {
        await gw.stop();
        return null;
      },
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect(error!.message).toMatch(/has a schema from a newer gateway \(migration 9999-from-the-future is unknown to this gateway, \d+\.\d+\.\d+\): upgrade this gateway, or point it at another database$/);
    expect((await storedRows<{ name: string }>(dataDir, "select name from instances")).map((r) => r.name)).toEqual(["Kept"]);
  });

  it("instances that share a name from before names were unique keep the oldest's; the others are numbered", async () => {
    const dataDir = tempDir();
    const first = await startGateway({}, { dataDir });
    await first.stop({ keepData: true });
    // Stage what an older gateway could have stored: drop the index and the migration's record, add duplicates.
    await storedRows(dataDir, "drop index instances_name_ci", [], { write: true });
    await storedRows(dataDir, "delete from kysely_migration where name = ?", ["0009-instance-name-unique"], { write: true });
    const insert = "insert into instances (id, name, engine, status, seq, desired_state, created_at, updated_at) values (?, ?, 'sandbox', 'INIT', 1, 'stopped', ?, ?)";
    const rows: Array<[string, string, string]> = [
      ["ins_a", "Sales", "2026-01-01T00:00:00.000Z"],
      ["ins_b", "sales", "2026-01-02T00:00:00.000Z"],
      ["ins_c", "SALES", "2026-01-03T00:00:00.000Z"],
      ["ins_d", "Sales 2", "2026-01-04T00:00:00.000Z"],
    ];
    for (const [id, name, at] of rows) await storedRows(dataDir, insert, [id, name, at, at], { write: true });
    const gw = await startGateway({}, { dataDir });
    try {
      const names = await storedRows<{ id: string; name: string }>(dataDir, "select id, name from instances order by id");
      expect(names).toEqual([
        { id: "ins_a", name: "Sales" },
        { id: "ins_b", name: "sales 3" },
        { id: "ins_c", name: "SALES 4" },
        { id: "ins_d", name: "Sales 2" },
      ]);
      const token = await login(gw.url);
      const again = await api(gw.url, "POST", "/api/v1/instances", { token, body: { name: "sALES 3", connect: false } });
      expect(again.status).toBe(409);
    } finally {
      await gw.stop();
    }
  });
});
