import type { Kysely } from "kysely";

/**
 * An instance's behaviour settings (docs/instance-settings.md) as one JSON text: calls, presence, read receipts,
 * ignored kinds of chats, history sync. Null: every default. JSON rather than a column per flag because the settings
 * are read and written as a whole and never queried by field, and a setting added later needs no migration (a
 * missing key reads as its default). Not in it: the device name (the `browser` column) and the watchdog's
 * (`watchdog_policy`, `watchdog_silence_seconds`, migration 0014), which keep their own columns so each has one home.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("instances").addColumn("settings", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("instances").dropColumn("settings").execute();
}
