import type { Kysely } from "kysely";

/**
 * The watchdog's per-instance policy and silence threshold (null: the gateway's WATCHDOG_POLICY and
 * WATCHDOG_SILENCE_SECONDS).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("instances").addColumn("watchdog_policy", "text").execute();
  await db.schema.alterTable("instances").addColumn("watchdog_silence_seconds", "integer").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("instances").dropColumn("watchdog_silence_seconds").execute();
  await db.schema.alterTable("instances").dropColumn("watchdog_policy").execute();
}
