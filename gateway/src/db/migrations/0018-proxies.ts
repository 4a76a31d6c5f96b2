import { sql, type Kysely } from "kysely";

/**
 * Proxies (docs/proxies.md): the pool, and which proxy each instance goes through.
 *
 * - `proxies`: one row per pool proxy. `credentials` is the user name and password sealed with the gateway's secrets
 *   key (modules/secrets: AES-256-GCM), never stored in the clear; `masked_url` is what responses show. `health_*` is
 *   the last check's outcome. Names are unique ignoring case (an index, so concurrent creates cannot both win).
 * - `instance_proxies`: one row per instance that does not connect directly: a pool proxy (`proxy_id`), or a URL of
 *   its own (`custom_*`, credentials sealed likewise). Goes with its instance; a pool proxy with rows cannot be deleted.
 *   Counting the rows of a proxy is how its cap is kept (under a lock on the proxy's row).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("proxies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("protocol", "text", (c) => c.notNull()) // http | https | socks5 | socks5h
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("port", "integer", (c) => c.notNull())
    .addColumn("masked_url", "text", (c) => c.notNull())
    .addColumn("credentials", "text") // sealed JSON {username, password?}; null: none
    .addColumn("max_instances", "integer") // null: no cap
    .addColumn("health_state", "text", (c) => c.notNull().defaultTo("unknown")) // ok | failing | unknown
    .addColumn("health_checked_at", "text")
    .addColumn("health_latency_ms", "integer")
    .addColumn("health_exit_ip", "text")
    .addColumn("health_error", "text")
    .addColumn("health_error_code", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("proxies_name_ci").unique().on("proxies").expression(sql`lower(name)`).execute();
  await db.schema.createIndex("proxies_created").on("proxies").columns(["created_at", "id"]).execute();

  await db.schema
    .createTable("instance_proxies")
    .addColumn("instance_id", "text", (c) => c.primaryKey().references("instances.id").onDelete("cascade"))
    .addColumn("proxy_id", "text", (c) => c.references("proxies.id"))
    .addColumn("custom_protocol", "text")
    .addColumn("custom_host", "text")
    .addColumn("custom_port", "integer")
    .addColumn("custom_masked_url", "text")
    .addColumn("custom_credentials", "text") // sealed, as proxies.credentials
    .addColumn("assigned_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("instance_proxies_proxy").on("instance_proxies").column("proxy_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("instance_proxies").execute();
  await db.schema.dropTable("proxies").execute();
}
