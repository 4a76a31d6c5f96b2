import type { Kysely } from "kysely";

/** The structured log: newest-first reads page by (time, id); filters by instance, level and source. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("logs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("time", "text", (c) => c.notNull())
    .addColumn("level", "integer", (c) => c.notNull()) // 20 debug, 30 info, 40 warn, 50 error (pino's numbers)
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("instance_id", "text") // no foreign key: an instance's log outlives the instance until retention trims it
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("context", "text", (c) => c.notNull()) // JSON object
    .execute();
  await db.schema.createIndex("logs_time").on("logs").columns(["time", "id"]).execute();
  await db.schema.createIndex("logs_instance_time").on("logs").columns(["instance_id", "time"]).execute();
  await db.schema.createIndex("logs_level_time").on("logs").columns(["level", "time"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("logs").execute();
}
