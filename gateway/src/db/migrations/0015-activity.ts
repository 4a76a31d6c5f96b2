import type { Kysely } from "kysely";

/**
 * Activity in 5-minute buckets (modules/stats): counts each node adds to (messages in and out, webhook attempts by
 * outcome, their latency) and gauges it samples (instances by status), one row per bucket, node and name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("activity_buckets")
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("node", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("value", "double precision", (c) => c.notNull())
    .addPrimaryKeyConstraint("activity_buckets_pk", ["bucket", "node", "name"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("activity_buckets").execute();
}
