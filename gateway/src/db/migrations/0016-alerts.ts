import type { Kysely } from "kysely";
import { autoIncrementId } from "./portable";

/**
 * Alerts (docs/alerts.md): rules, the channels their notices go to, the history of what fired, and the state the
 * evaluator keeps between rounds.
 *
 * - `alert_channels.secret` holds what a channel needs to send and must never be shown again (a Slack or Discord
 *   webhook URL, a Telegram bot token, a signing secret), as JSON; `config` holds what may be shown.
 * - `alert_subjects` is one row per (rule, subject) the evaluator is tracking: the open alert that covers it (at most
 *   one: the primary key is what keeps two evaluators from opening two alerts for one subject) and when the rule
 *   last sent a notice about it (the cooldown).
 * - `alert_signals` are moments an evaluator could miss between two rounds (an instance reported unresponsive or
 *   logged out), written by whichever node saw them and read by the one that evaluates.
 * - `leader_leases` names the node that evaluates (cluster mode): one row per job, taken when expired.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("alert_channels")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull()) // email | slack | discord | telegram | webhook
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("config", "text", (c) => c.notNull()) // JSON, shown: {to} | {chatId} | {url}
    .addColumn("secret", "text") // JSON, never shown: {url} | {botToken} | {secret}
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("alert_channels_created").on("alert_channels").columns(["created_at", "id"]).execute();

  await db.schema
    .createTable("alert_rules")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull()) // JSON: {statuses?, forMinutes?}
    .addColumn("instance_ids", "text") // JSON array; null = every instance
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("cooldown_minutes", "double precision", (c) => c.notNull())
    .addColumn("channel_ids", "text", (c) => c.notNull()) // JSON array
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("alert_rules_created").on("alert_rules").columns(["created_at", "id"]).execute();

  await db.schema
    .createTable("alerts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("rule_id", "text", (c) => c.notNull()) // kept when the rule is deleted
    .addColumn("rule_name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull()) // firing | acknowledged | resolved
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("subjects", "text", (c) => c.notNull()) // JSON AlertSubject[]
    .addColumn("fired_at", "text", (c) => c.notNull())
    .addColumn("group_until", "text", (c) => c.notNull()) // subjects join until then; the first notice goes out after it
    .addColumn("notified_at", "text")
    .addColumn("last_notice_at", "text") // the first notice or the last reminder
    .addColumn("acknowledged_at", "text")
    .addColumn("acknowledged_by", "text")
    .addColumn("resolved_at", "text")
    .addColumn("deliveries", "text", (c) => c.notNull().defaultTo("[]")) // JSON AlertDelivery[]
    .execute();
  await db.schema.createIndex("alerts_fired").on("alerts").columns(["fired_at", "id"]).execute();
  await db.schema.createIndex("alerts_state").on("alerts").column("state").execute();

  await db.schema
    .createTable("alert_subjects")
    .addColumn("rule_id", "text", (c) => c.notNull())
    .addColumn("subject_key", "text", (c) => c.notNull()) // instance:ins_… | webhook:whk_… | node:<name>
    .addColumn("alert_id", "text") // the open alert covering it; null once it recovered
    .addColumn("last_notified_at", "text")
    .addPrimaryKeyConstraint("alert_subjects_pk", ["rule_id", "subject_key"])
    .execute();

  const id = autoIncrementId(db);
  await db.schema
    .createTable("alert_signals")
    .addColumn("id", id.type, id.build)
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("instance_id", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("leader_leases")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("node", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull()) // the database's clock
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["leader_leases", "alert_signals", "alert_subjects", "alerts", "alert_rules", "alert_channels"]) await db.schema.dropTable(table).execute();
}
