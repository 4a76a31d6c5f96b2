import { sql, type Kysely } from "kysely";
import { isPostgres } from "./portable";

/**
 * Cluster mode (docs/architecture.md, "Several nodes"): the nodes that run instances, and which node owns each
 * running instance. The lease is the ownership: exactly one row per instance, taken over only when it expired,
 * its epoch bumped each time it changes hands (auth-state writes carry it, so a stale owner cannot write).
 * `instances.assigned_node` is where an instance should run (placement); the lease is where it does.
 * A single node on SQLite uses the same tables with itself as the only node.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("nodes")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("boot_id", "text", (c) => c.notNull()) // one per process: a second process with the same name is refused
    .addColumn("url", "text", (c) => c.notNull()) // where other nodes forward calls for the instances this one runs
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("heartbeat_at", "text", (c) => c.notNull()) // the database's clock, not the node's
    .addColumn("draining", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("stopped_at", "text") // a clean stop; null while running (or after a crash)
    .execute();

  await db.schema
    .createTable("instance_leases")
    .addColumn("instance_id", "text", (c) => c.primaryKey().references("instances.id").onDelete("cascade"))
    .addColumn("node", "text", (c) => c.notNull())
    .addColumn("epoch", "integer", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull()) // the database's clock
    .execute();
  await db.schema.createIndex("instance_leases_node").on("instance_leases").column("node").execute();

  await db.schema.alterTable("instances").addColumn("assigned_node", "text").execute();
  await db.schema.createIndex("instances_assigned_node").on("instances").column("assigned_node").execute();

  // socket.io's PostgreSQL adapter keeps payloads over NOTIFY's 8000-byte limit here (its documented table).
  if (isPostgres(db)) {
    await sql`create table socket_io_attachments (id bigserial unique, created_at timestamptz default now(), payload bytea)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await db.schema.dropTable("socket_io_attachments").execute();
  await db.schema.dropIndex("instances_assigned_node").execute();
  await db.schema.alterTable("instances").dropColumn("assigned_node").execute();
  await db.schema.dropTable("instance_leases").execute();
  await db.schema.dropTable("nodes").execute();
}
