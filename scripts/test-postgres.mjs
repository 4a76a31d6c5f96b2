#!/usr/bin/env node
// A throwaway PostgreSQL database for one test run (README, "Two commands").
//
//   node scripts/test-postgres.mjs --export   prints `export TEST_DATABASE_URL=…` for a shell to eval
//   node scripts/test-postgres.mjs --drop URL drops that throwaway database again
//
// With TEST_DATABASE_URL already set it only checks that the server answers. Otherwise it starts the local
// Debian cluster when it is down (`pg_ctlcluster <version> main start`, as root), makes a fresh
// `wam_test_<time>_<pid>` database and a role of the same name that owns it, and hands back its URL; --drop removes
// both. Tests put each gateway in its own schema inside that database, so one database serves the whole run.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
}

/** Runs SQL as the `postgres` superuser over the local socket (root only). */
function asSuperuser(statement) {
  return run("runuser", ["-u", "postgres", "--", "psql", "-v", "ON_ERROR_STOP=1", "-qAtc", statement]);
}

/** The first local Debian cluster, started if it is down; its port. */
function startLocalCluster() {
  let clusters;
  try {
    clusters = run("pg_lsclusters", ["--no-header"]).trim().split("\n").filter(Boolean).map((line) => line.trim().split(/\s+/));
  } catch {
    throw new Error("PostgreSQL is not installed here (no pg_lsclusters): install the Debian `postgresql` package, or set TEST_DATABASE_URL");
  }
  if (clusters.length === 0) throw new Error("PostgreSQL is installed but has no cluster: create one with pg_createcluster, or set TEST_DATABASE_URL");
  const [version, name, port, status] = clusters[0];
  if (status !== "online") {
    if (process.getuid?.() !== 0) throw new Error(`PostgreSQL ${version}/${name} is down and only root can start it here: run pg_ctlcluster ${version} ${name} start, or set TEST_DATABASE_URL`);
    run("pg_ctlcluster", [version, name, "start"]);
  }
  return Number(port);
}

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("select 1");
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether PostgreSQL tests can run here: TEST_DATABASE_URL is set, or this (root) user can start the local Debian
 * cluster. In CI the answer is always yes (.ci/run provides the server), so a broken setup fails there, never skips.
 */
export function testDatabaseAvailable() {
  if (process.env.TEST_DATABASE_URL || process.env.CI) return true;
  try {
    return process.getuid?.() === 0 && run("pg_lsclusters", ["--no-header"]).trim() !== "";
  } catch {
    return false;
  }
}

/** A URL of a fresh database for this run, or an Error saying why there can be none. */
export async function provideTestDatabase() {
  if (process.env.TEST_DATABASE_URL) {
    await answers(process.env.TEST_DATABASE_URL);
    return { url: process.env.TEST_DATABASE_URL, created: false };
  }
  if (process.getuid?.() !== 0) throw new Error("TEST_DATABASE_URL is not set and creating a test database needs root (runuser -u postgres)");
  const port = startLocalCluster();
  const password = randomBytes(18).toString("base64url");
  const database = `wam_test_${Date.now().toString(36)}_${process.pid}`;
  // A role of its own, named like the database, with a password only this run knows: runs at the same time (two
  // terminals, a browser test beside the unit tests) must not change each other's password.
  asSuperuser(`create role ${database} login password '${password}'`);
  asSuperuser(`create database ${database} owner ${database} encoding 'UTF8' template template0`);
  const url = `postgres://${database}:${password}@127.0.0.1:${port}/${database}`;
  await answers(url);
  return { url, created: true };
}

/** Drops a database this script created (its name says so). */
export function dropTestDatabase(url) {
  const database = new URL(url).pathname.slice(1);
  if (!/^wam_test_[a-z0-9]+_\d+$/.test(database)) return;
  asSuperuser(`drop database if exists ${database} with (force)`);
  asSuperuser(`drop role if exists ${database}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [flag, value] = process.argv.slice(2);
  try {
    if (flag === "--export") {
      const { url } = await provideTestDatabase();
      process.stdout.write(`export TEST_DATABASE_URL='${url}'\n`);
    } else if (flag === "--drop" && value) {
      dropTestDatabase(value);
    } else {
      process.stderr.write("usage: test-postgres.mjs --export | --drop URL\n");
      process.exit(2);
    }
  } catch (error) {
    process.stderr.write(`test-postgres: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
