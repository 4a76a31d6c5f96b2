import type { Kysely } from "kysely";
import { autoIncrementId } from "./portable";

/** Instances, their status history and their WhatsApp auth state (creds + signal keys). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = autoIncrementId(db);
  await db.schema
    .createTable("instances")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("engine", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("status_reason", "text")
    .addColumn("seq", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("number", "text")
    .addColumn("push_name", "text")
    .addColumn("platform", "text")
    .addColumn("browser", "text") // JSON tuple
    .addColumn("connected_at", "text")
    .addColumn("last_error_code", "integer")
    .addColumn("last_error_reason", "text")
    .addColumn("last_error_at", "text")
    .addColumn("desired_state", "text", (c) => c.notNull().defaultTo("stopped")) // running | stopped
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("instances_status").on("instances").column("status").execute();
  await db.schema.createIndex("instances_created").on("instances").columns(["created_at", "id"]).execute();

  await db.schema
    .createTable("instance_status_history")
    .addColumn("id", id.type, id.build)
    .addColumn("instance_id", "text", (c) => c.notNull().references("instances.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("status_reason", "text")
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("instance_status_history_instance").on("instance_status_history").columns(["instance_id", "seq"]).execute();

  await db.schema
    .createTable("instance_auth")
    .addColumn("instance_id", "text", (c) => c.notNull().references("instances.id").onDelete("cascade"))
    .addColumn("category", "text", (c) => c.notNull()) // "creds" or a Baileys signal key type
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull()) // JSON with Baileys' BufferJSON encoding
    .addPrimaryKeyConstraint("instance_auth_pk", ["instance_id", "category", "key_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["instance_auth", "instance_status_history", "instances"]) await db.schema.dropTable(table).execute();
}
