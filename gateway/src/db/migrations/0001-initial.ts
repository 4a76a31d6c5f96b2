import type { Kysely } from "kysely";

/** Gateway-wide key/value settings (first-start markers, feature flags). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("gateway_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("gateway_settings").execute();
}
