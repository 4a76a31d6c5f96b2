import type { Kysely } from "kysely";

/**
 * Outbound messages by age: an instance's messages of the last 24 h (the counts `GET …/send-queue` reports and the
 * instance page shows), and the retention sweep that deletes sent messages older than MESSAGE_RETENTION_DAYS.
 * Numbered 0013: 0012 is the inbound media table's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("messages_instance_created").on("messages").columns(["instance_id", "created_at"]).execute();
  await db.schema.createIndex("messages_created").on("messages").column("created_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("messages_created").execute();
  await db.schema.dropIndex("messages_instance_created").execute();
}
