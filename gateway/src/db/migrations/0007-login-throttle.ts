import type { Kysely } from "kysely";

/**
 * Sign-in throttling v2 (docs/sign-in-throttling.md): rows per (account, IP) pair, per IP and per account,
 * reserved atomically before a password is hashed. The table holds only transient counters, so it is recreated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("login_throttle").ifExists().execute();
  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "text", (c) => c.primaryKey()) // pair:<account>|<ip>, ip:<ip>, session:<id>, account:<account>
    .addColumn("failures", "integer", (c) => c.notNull()) // pair/ip/session: attempts reserved in the window; account: failures
    .addColumn("window_started_at", "text", (c) => c.notNull()) // account rows: the last failure (or the row's creation)
    .addColumn("locked_until", "text") // pair/ip/session: a hard lock
    .addColumn("busy_until", "text") // account: a password of this account is being checked (a lease; expires if the node dies)
    .addColumn("next_attempt_at", "text") // account: the growing delay after a failure
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("login_throttle").execute();
  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .execute();
}
