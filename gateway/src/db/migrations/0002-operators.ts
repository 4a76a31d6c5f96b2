import type { Kysely } from "kysely";

/** Operators (people using the panel), their sessions, login throttling and one-time socket tickets. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("operators")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("operator_sessions")
    .addColumn("id", "text", (c) => c.primaryKey()) // SHA-256 of the token; the token itself is never stored
    .addColumn("operator_id", "text", (c) => c.notNull().references("operators.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("operator_sessions_operator").on("operator_sessions").column("operator_id").execute();
  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .execute();
  await db.schema
    .createTable("socket_tickets")
    .addColumn("id", "text", (c) => c.primaryKey()) // SHA-256 of the ticket
    .addColumn("session_id", "text", (c) => c.notNull().references("operator_sessions.id").onDelete("cascade"))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["socket_tickets", "login_throttle", "operator_sessions", "operators"]) {
    await db.schema.dropTable(table).execute();
  }
}
