import type { Kysely } from "kysely";

/**
 * The retention sweep of the webhook delivery log (WEBHOOK_DELIVERY_RETENTION_DAYS): finished deliveries
 * (`succeeded`, `failed`) whose last change is older than the retention are deleted, their attempts with them. This
 * index answers "which finished deliveries are that old" without scanning the log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("webhook_deliveries_finished").on("webhook_deliveries").columns(["status", "updated_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("webhook_deliveries_finished").execute();
}
