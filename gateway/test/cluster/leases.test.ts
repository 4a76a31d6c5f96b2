import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type OpenedDatabase } from "../../src/db/database";
import { Cluster } from "../../src/modules/cluster/cluster";

// The lease bookkeeping of one node, on its own SQLite database (the cluster test runs it across processes).

let database: OpenedDatabase | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await database?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function setup(ids: string[]) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-leases-"));
  database = await openDatabase({ dataDir });
  const at = new Date().toISOString();
  for (const id of ids) {
    await database.db
      .insertInto("instances")
      .values({ id, name: id, engine: "sandbox", status: "INIT", status_code: null, status_reason: null, seq: 1, number: null, push_name: null, platform: null, browser: null, connected_at: null, last_error_code: null, last_error_reason: null, last_error_at: null, desired_state: "running", assigned_node: "n1", send_rate_per_second: null, created_at: at, updated_at: at })
      .execute();
  }
  const cluster = new Cluster(database.db, "sqlite", { nodeName: "n1", url: "http://127.0.0.1:1", version: "test", leaseTtlMs: 3000 }, pino({ level: "silent" }));
  await cluster.register();
  return cluster;
}

describe("instance leases", () => {
  it("a lease taken while a renewal is on its way is not reported lost", async () => {
    const cluster = await setup(["ins_first0000001", "ins_second000002"]);
    expect(await cluster.acquire("ins_first0000001")).toEqual({ epoch: 1 });
    const renewal = cluster.tick();
    const second = cluster.acquire("ins_second000002");
    expect(await renewal).toEqual([]);
    expect(await second).toEqual({ epoch: 1 });
    expect(cluster.holds("ins_second000002")).toBe(true);
    expect(await cluster.tick()).toEqual([]);
  });

  it("a lease another node took (a later epoch) is reported lost and forgotten", async () => {
    const cluster = await setup(["ins_first0000001"]);
    await cluster.acquire("ins_first0000001");
    await database!.db.updateTable("instance_leases").set({ node: "n2", epoch: 2 }).where("instance_id", "=", "ins_first0000001").execute();
    expect(await cluster.tick()).toEqual(["ins_first0000001"]);
    expect(cluster.holds("ins_first0000001")).toBe(false);
    expect(await cluster.acquire("ins_first0000001")).toEqual({ owner: "n2" });
  });
});
