import type { Selectable } from "kysely";
import type { Db } from "../../db/database";
import type { Database } from "../../db/schema";
import type { AlertSignal } from "./alert-signals";

type SubjectRow = Selectable<Database["alert_subjects"]>;

/** Signals older than this are dropped unread (no node evaluated meanwhile, or no rule wanted them). */
const SIGNAL_TTL_MS = 3_600_000;

/**
 * What the evaluator keeps between rounds: per (rule, subject) the open alert covering it and when the rule last sent
 * a notice about it, and the signals nodes wrote for it to read.
 */
export class AlertTracking {
  constructor(private readonly db: Db) {}

  async subjects(ruleId: string): Promise<Map<string, SubjectRow>> {
    const rows = await this.db.selectFrom("alert_subjects").selectAll().where("rule_id", "=", ruleId).execute();
    return new Map(rows.map((row) => [row.subject_key, row]));
  }

  /**
   * Puts subjects under an alert; returns those it got. A subject another open alert covers is not taken: the primary
   * key (rule, subject) is what keeps two evaluators racing from opening two alerts about one subject.
   */
  async claim(ruleId: string, keys: string[], alertId: string): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = await this.db
      .insertInto("alert_subjects")
      .values(keys.map((key) => ({ rule_id: ruleId, subject_key: key, alert_id: alertId, last_notified_at: null })))
      .onConflict((oc) => oc.columns(["rule_id", "subject_key"]).doUpdateSet({ alert_id: alertId }).where("alert_subjects.alert_id", "is", null))
      .returning("subject_key")
      .execute();
    return rows.map((row) => row.subject_key);
  }

  /** The subjects recovered: the alert no longer covers them (their notice time stays, for the cooldown). */
  async release(ruleId: string, keys: string[], alertId: string): Promise<void> {
    if (keys.length === 0) return;
    await this.db.updateTable("alert_subjects").set({ alert_id: null }).where("rule_id", "=", ruleId).where("subject_key", "in", keys).where("alert_id", "=", alertId).execute();
  }

  /**
   * Records a notice about these subjects (their cooldown starts). A subject that recovered while its alert gathered
   * may have been pruned meanwhile (no alert covered it, no notice yet): it is written back, so the cooldown holds.
   */
  async notified(ruleId: string, keys: string[], at: string): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .insertInto("alert_subjects")
      .values(keys.map((key) => ({ rule_id: ruleId, subject_key: key, alert_id: null, last_notified_at: at })))
      .onConflict((oc) => oc.columns(["rule_id", "subject_key"]).doUpdateSet({ last_notified_at: at }))
      .execute();
  }

  /** Forgets subjects no alert covers whose cooldown is over (or that were never notified). */
  async prune(ruleId: string, cooldownEndedBefore: string): Promise<void> {
    await this.db
      .deleteFrom("alert_subjects")
      .where("rule_id", "=", ruleId)
      .where("alert_id", "is", null)
      .where((eb) => eb.or([eb("last_notified_at", "is", null), eb("last_notified_at", "<", cooldownEndedBefore)]))
      .execute();
  }

  async addSignal(signal: AlertSignal): Promise<void> {
    await this.db.insertInto("alert_signals").values({ kind: signal.kind, instance_id: signal.instanceId, detail: signal.detail, at: signal.at }).execute();
  }

  /** Reads and removes the signals written since the last round. */
  async takeSignals(now = Date.now()): Promise<AlertSignal[]> {
    await this.db.deleteFrom("alert_signals").where("at", "<", new Date(now - SIGNAL_TTL_MS).toISOString()).execute();
    const rows = await this.db.selectFrom("alert_signals").selectAll().orderBy("id").limit(10_000).execute();
    if (rows.length === 0) return [];
    await this.db.deleteFrom("alert_signals").where("id", "in", rows.map((row) => row.id)).execute();
    return rows.map((row) => ({ kind: row.kind as AlertSignal["kind"], instanceId: row.instance_id, detail: row.detail, at: row.at }));
  }
}
