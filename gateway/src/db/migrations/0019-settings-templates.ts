import { sql, type Kysely } from "kysely";

/**
 * Settings templates (docs/templates.md): named sets of instance settings, a proxy policy and webhook subscriptions.
 *
 * - `settings`, `proxy`, `webhooks`: JSON as the contract shapes them (TemplateSettings, TemplateProxyPolicy or null,
 *   TemplateWebhook[]).
 * - `secret`: the signing secret of the webhooks the template creates, stored as webhook secrets are (those webhooks
 *   hold the same secret in `webhooks.secret`, so sealing only this copy would protect nothing).
 * - Names are unique ignoring case, and at most one row is the default: both are indexes, so concurrent writes on any
 *   number of nodes cannot break them (the default's is partial: only rows with `is_default = 1` are in it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("settings_templates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("settings", "text", (c) => c.notNull())
    .addColumn("proxy", "text")
    .addColumn("webhooks", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("settings_templates_name_ci").unique().on("settings_templates").expression(sql`lower(name)`).execute();
  await db.schema.createIndex("settings_templates_one_default").unique().on("settings_templates").column("is_default").where(sql.ref("is_default"), "=", 1).execute();
  await db.schema.createIndex("settings_templates_created").on("settings_templates").columns(["created_at", "id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("settings_templates").execute();
}
