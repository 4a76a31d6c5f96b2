import type { Kysely } from "kysely";
import { binaryType } from "./portable";

/**
 * Received media files (issue 19): what is needed to fetch one again on demand, kept until `expires_at`
 * (MEDIA_RETENTION_HOURS after it arrived). `source` is the engine's own way back to the bytes (Baileys: the
 * message's media key and CDN path, as JSON); `content` holds the bytes themselves when the engine has no other
 * (the sandbox), so any node of a cluster can serve a download. Once expired both are cleared and the row stays
 * a while as a tombstone, so the id answers 410 rather than 404.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("inbound_media")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("instance_id", "text", (c) => c.notNull().references("instances.id").onDelete("cascade"))
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull()) // image | video | audio | document | sticker
    .addColumn("mimetype", "text", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("file_name", "text")
    .addColumn("source", "text") // null once expired
    .addColumn("content", binaryType(db)) // sandbox only; null once expired
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("inbound_media_expires").on("inbound_media").column("expires_at").execute();
  await db.schema.createIndex("inbound_media_instance").on("inbound_media").column("instance_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("inbound_media").execute();
}
