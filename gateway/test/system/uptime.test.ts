import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenedDatabase } from "../../src/db/database";
import { uptimeOf } from "../../src/modules/stats/uptime";

// Uptime arithmetic on a history written by hand: a known timeline, known answers.
let dataDir: string;
let database: OpenedDatabase;
const NOW = Date.parse("2026-03-02T00:00:00.000Z");
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-uptime-"));
  database = await openDatabase({ dataDir });
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function instanceWith(id: string, createdAt: number, changes: Array<[number, string]>) {
  await database.db.insertInto("instances").values({ id, name: id, engine: "sandbox", status: changes.at(-1)![1], seq: changes.length, desired_state: "running", created_at: iso(createdAt), updated_at: iso(createdAt) }).execute();
  for (const [n, [at, status]] of changes.entries()) {
    await database.db.insertInto("instance_status_history").values({ instance_id: id, seq: n + 1, status, status_code: null, status_reason: null, at: iso(at) }).execute();
  }
}

describe("uptimeOf", () => {
  it("counts the status in force when the window opens, every change inside it, and drops", async () => {
    // Connected two days ago; down from 18 h to 12 h ago (a drop), and from 3 h to 2 h ago (another).
    await instanceWith("ins_uptimeaaaaaa", NOW - 48 * H, [
      [NOW - 48 * H, "INIT"],
      [NOW - 47.9 * H, "CONNECTED"],
      [NOW - 18 * H, "RECONNECTING"],
      [NOW - 17 * H, "DISCONNECTED"],
      [NOW - 12 * H, "CONNECTED"],
      [NOW - 3 * H, "RECONNECTING"],
      [NOW - 2 * H, "CONNECTED"],
    ]);
    const day = await uptimeOf(database.db, "ins_uptimeaaaaaa", "24h", NOW);
    expect(day.observedSeconds).toBe(24 * 3600);
    expect(day.connectedSeconds).toBe(17 * 3600);
    expect(day.uptimePercent).toBe(70.83);
    expect(day.drops).toBe(2);
    expect(day.slots).toHaveLength(96);
    // 15-minute slots: the first six hours connected, then 18 h → 17 h ago reconnecting, then disconnected.
    expect(day.slots[0]).toEqual({ from: iso(NOW - 24 * H), status: "CONNECTED", connectedRatio: 1 });
    expect(day.slots[24]).toMatchObject({ status: "RECONNECTING", connectedRatio: 0 });
    expect(day.slots[30]).toMatchObject({ status: "DISCONNECTED", connectedRatio: 0 });
    expect(day.slots[95]).toMatchObject({ status: "CONNECTED", connectedRatio: 1 });

    // Over 7 days it only existed for 48 h: the share is of those.
    const week = await uptimeOf(database.db, "ins_uptimeaaaaaa", "7d", NOW);
    expect(week.observedSeconds).toBe(48 * 3600);
    expect(week.connectedSeconds).toBe(Math.round((48 - 0.1 - 6 - 1) * 3600));
    expect(week.slots.filter((slot) => slot.status === null).length).toBeGreaterThan(60);
  });

  it("is null for an instance that did not exist in the window, and 404 for one that does not exist", async () => {
    await instanceWith("ins_uptimebbbbbb", NOW + H, [[NOW + H, "INIT"]]);
    expect((await uptimeOf(database.db, "ins_uptimebbbbbb", "24h", NOW)).uptimePercent).toBeNull();
    await expect(uptimeOf(database.db, "ins_uptimeunknown", "24h", NOW)).rejects.toMatchObject({ kind: "not_found" });
  });
});
