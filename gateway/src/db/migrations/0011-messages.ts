import type { Kysely } from "kysely";

/**
 * Outbound messages (issue 19): each send is stored before the 202, and the table is also the durable send queue:
 * `queued` is 1 until the message has left (or failed), and a worker claims a row by setting `lease_until` with a
 * conditional UPDATE, so two workers can never send the same row. `content` is the validated request (JSON).
 * Idempotency keys live apart, keyed by a hash of instance, credential and key, and expire after 24 h.
 * The per-instance send rate overrides the gateway default (MESSAGE_RATE_PER_SECOND) when set.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("instance_id", "text", (c) => c.notNull().references("instances.id").onDelete("cascade"))
    .addColumn("to_jid", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull()) // pending | server_ack | delivered | read | played | failed
    .addColumn("failure_reason", "text")
    .addColumn("queued", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("lease_until", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .addColumn("edited_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("messages_queue").on("messages").columns(["queued", "instance_id", "created_at", "id"]).execute();

  await db.schema
    .createTable("message_idempotency_keys")
    .addColumn("id", "text", (c) => c.primaryKey()) // sha256(instance, credential, key): the key itself is not stored
    .addColumn("instance_id", "text", (c) => c.notNull().references("instances.id").onDelete("cascade"))
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("response", "text", (c) => c.notNull()) // the first answer's body (JSON)
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("message_idempotency_keys_created").on("message_idempotency_keys").column("created_at").execute();

  await db.schema.alterTable("instances").addColumn("send_rate_per_second", "real").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("instances").dropColumn("send_rate_per_second").execute();
  await db.schema.dropTable("message_idempotency_keys").execute();
  await db.schema.dropTable("messages").execute();
}
