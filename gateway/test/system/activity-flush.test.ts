import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenedDatabase } from "../../src/db/database";
import { GatewayEvents } from "../../src/events/gateway-events";
import { ActivityRecorder } from "../../src/modules/stats/activity";

// What a node counted stays counted when a flush fails (a database blip): it is written by the next one.
let dataDir: string;
let database: OpenedDatabase;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-activity-flush-"));
  database = await openDatabase({ dataDir });
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("activity flushes", () => {
  it("keep the counts of a flush whose status sample failed for the next flush", async () => {
    const events = new GatewayEvents();
    const recorder = new ActivityRecorder(database.db, events, () => "node-a", pino({ level: "silent" }), 3_600_000);
    recorder.start();
    const received = { type: "message.received", data: { messageId: "IN1", from: "4915100000009@s.whatsapp.net", text: "hi", timestamp: new Date().toISOString() } } as Parameters<GatewayEvents["emitMessage"]>[1];
    for (let i = 0; i < 3; i++) events.emitMessage("ins_activityflush1", received);
    const counted = async () => Number((await sql<{ n: number | null }>`select sum(value) as n from activity_buckets where name = 'messages_in'`.execute(database.db)).rows[0]?.n ?? 0);

    // The instances sample fails (its table is briefly away), then the database is back.
    await sql`alter table instances rename to instances_away`.execute(database.db);
    await recorder.flush();
    await sql`alter table instances_away rename to instances`.execute(database.db);
    expect(await counted()).toBe(0);
    await recorder.stop(); // flushes
    expect(await counted()).toBe(3);
  });
});
