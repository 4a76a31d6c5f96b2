import type { Kysely } from "kysely";
import { autoIncrementId } from "./portable";

/**
 * Webhook endpoints, the durable delivery outbox and every attempt.
 *
 * The signing secret is stored as is: Standard Webhooks signs with a symmetric HMAC, so the gateway needs the raw
 * key to sign each delivery (a hash would not do). It never leaves the database after creation/rotation: not in
 * API responses, not in logs. Custom header values are stored for the same reason (they are sent on each request).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = autoIncrementId(db);
  await db.schema
    .createTable("webhooks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("description", "text")
    .addColumn("events", "text", (c) => c.notNull()) // JSON array of event types
    .addColumn("instance_id", "text") // null = every instance
    .addColumn("headers", "text", (c) => c.notNull().defaultTo("[]")) // JSON [{name, value}]
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("previous_secret", "text")
    .addColumn("previous_secret_expires_at", "text")
    .addColumn("disabled_reason", "text")
    .addColumn("disabled_at", "text")
    .addColumn("failing_since", "text")
    .addColumn("last_attempt_at", "text")
    .addColumn("last_attempt_ok", "integer")
    .addColumn("last_status_code", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhooks_created").on("webhooks").columns(["created_at", "id"]).execute();

  // The outbox: a row is written before anything is sent; it keeps the exact body and its webhook-id.
  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("webhook_id", "text", (c) => c.notNull().references("webhooks.id").onDelete("cascade"))
    .addColumn("event_id", "text", (c) => c.notNull()) // the webhook-id header
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("instance_id", "text")
    .addColumn("body", "text", (c) => c.notNull()) // exact JSON text (UTF-8) that is signed and sent
    .addColumn("status", "text", (c) => c.notNull()) // pending | retrying | succeeded | failed | disabled
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text")
    .addColumn("lease_until", "text") // set while a worker sends it; an expired lease means the worker died
    .addColumn("last_status_code", "integer")
    .addColumn("last_latency_ms", "integer")
    .addColumn("last_error", "text")
    .addColumn("is_test", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("replay_of", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // next_attempt_at is set exactly while a delivery is queued: these two answer "what is due" without scanning.
  await db.schema.createIndex("webhook_deliveries_due").on("webhook_deliveries").column("next_attempt_at").execute();
  await db.schema.createIndex("webhook_deliveries_endpoint_due").on("webhook_deliveries").columns(["webhook_id", "next_attempt_at"]).execute();
  await db.schema.createIndex("webhook_deliveries_webhook").on("webhook_deliveries").columns(["webhook_id", "created_at", "id"]).execute();
  await db.schema.createIndex("webhook_deliveries_event").on("webhook_deliveries").column("event_id").execute();
  await db.schema.createIndex("webhook_deliveries_instance").on("webhook_deliveries").columns(["instance_id", "created_at"]).execute();

  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", id.type, id.build)
    .addColumn("delivery_id", "text", (c) => c.notNull().references("webhook_deliveries.id").onDelete("cascade"))
    .addColumn("webhook_id", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("ok", "integer", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("latency_ms", "integer", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("response_excerpt", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("response_headers", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("request_headers", "text", (c) => c.notNull().defaultTo("{}"))
    .execute();
  await db.schema.createIndex("webhook_attempts_delivery").on("webhook_attempts").columns(["delivery_id", "id"]).execute();
  await db.schema.createIndex("webhook_attempts_webhook").on("webhook_attempts").columns(["webhook_id", "at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["webhook_attempts", "webhook_deliveries", "webhooks"]) await db.schema.dropTable(table).execute();
}
