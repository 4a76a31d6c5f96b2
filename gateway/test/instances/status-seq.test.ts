import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type OpenedDatabase } from "../../src/db/database";
import { InstanceRepository } from "../../src/modules/instances/instance-repository";
import { retryingSchemaRace, sharedPostgres, TEST_DIALECT } from "../support/gateway";

// The repository on the run's database (SQLite here, PostgreSQL in the gateway-postgres project): every event of an
// instance carries the next seq, which the panel and webhook receivers order by, so no two may share one.

let opened: OpenedDatabase | undefined;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  await opened?.close();
  opened = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function repository() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-seq-"));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const shared = TEST_DIALECT === "postgres" ? await sharedPostgres() : undefined;
  if (shared) cleanups.push(() => shared.drop());
  // Its migrator reads every schema of the shared database: another test dropping its own can trip it (the helper).
  opened = await retryingSchemaRace(() => openDatabase({ dataDir, databaseUrl: shared?.url }), shared?.schema);
  return new InstanceRepository(opened.db, opened.dialect);
}

describe("an instance's seq", () => {
  it("is unique across status changes and QR rotations written at the same time", async () => {
    const repo = await repository();
    const created = await repo.insert({ id: "ins_seq", name: "Seq", engine: "sandbox", browser: ["Ubuntu", "Chrome", "1"], desired: "running", node: "test", at: new Date().toISOString() });
    const writes = 30;
    const seqs = await Promise.all(
      Array.from({ length: writes }, (_, i) =>
        i % 2 === 0 ? repo.changeStatus(created.id, { status: i % 4 === 0 ? "QR_REQUIRED" : "INIT", reason: `change ${i}` }).then((instance) => instance.seq) : repo.nextSeq(created.id),
      ),
    );
    // Each write's own seq: changeStatus answers the instance as it reads it afterwards, which a later write may
    // already have moved on, so its seq is checked through the history it wrote instead.
    const history = await opened!.db.selectFrom("instance_status_history").select("seq").where("instance_id", "=", created.id).execute();
    const rotations = seqs.filter((_, i) => i % 2 === 1);
    const all = [...history.map((h) => h.seq).filter((seq) => seq > created.seq), ...rotations];
    expect(all).toHaveLength(writes);
    expect(new Set(all).size).toBe(writes);
    expect((await repo.get(created.id)).seq).toBe(created.seq + writes);
  });
});
