import type { Logger } from "pino";
import type { AlertNoticeKind, AlertRuleKind, AlertSubject } from "../../../../contract/alerts";
import type { Db, DialectName } from "../../db/database";
import { newId } from "../auth/tokens";
import type { LogStore } from "../logs/log-store";
import { dueSubjects, loadFacts, recovered, subjectKey, type Candidate, type Facts, type RuleParams } from "./alert-conditions";
import { alertMessage, alertTitle, noticeText } from "./alert-messages";
import type { AlertSenders } from "./alert-senders";
import type { AlertSignal } from "./alert-signals";
import { OPEN_STATES, toAlert, type AlertRow, type AlertStore, type RuleRow } from "./alert-store";
import type { AlertTracking } from "./alert-tracking";

export interface EvaluatorDeps {
  db: Db;
  dialect: DialectName;
  store: AlertStore;
  tracking: AlertTracking;
  senders: AlertSenders;
  /** How long subjects of one rule gather into one alert before its first notice. */
  groupMs: number;
  clusterMode: boolean;
  nodeTtlMs: number;
  log: Logger;
  logs: Pick<LogStore, "write">;
}

/** Resolved alerts are kept this long in the history. */
const HISTORY_DAYS = 90;

/**
 * One evaluation round (docs/alerts.md): opens alerts for subjects whose condition is due (grouped per rule within
 * the grouping window, held back during their cooldown), sends each alert's first notice once its window closed,
 * reminds about unacknowledged ones every cooldown, and resolves those whose subjects all recovered. Every notice
 * is claimed by a conditional update first, so it goes out once even if two nodes ever evaluate at the same time.
 */
export class AlertEvaluator {
  private lastPrune = 0;

  constructor(private readonly deps: EvaluatorDeps) {}

  async round(signals: AlertSignal[], now = Date.now()): Promise<void> {
    const { store } = this.deps;
    const rules = await store.enabledRules();
    const open = await store.openAlerts();
    if (rules.length === 0 && open.length === 0) return;
    const kinds = new Set<string>([...rules.map((r) => r.kind), ...open.map((a) => a.kind)]);
    const facts = await loadFacts(this.deps.db, this.deps.dialect, kinds, { clusterMode: this.deps.clusterMode, nodeTtlMs: this.deps.nodeTtlMs });
    for (const rule of rules) await this.openAlerts(rule, facts, signals, open, now);
    const rulesById = new Map(rules.map((r) => [r.id, r]));
    for (const alert of open) await this.advance(alert, rulesById.get(alert.rule_id), facts, now);
    if (now - this.lastPrune > 3_600_000) {
      this.lastPrune = now;
      await store.pruneResolved(new Date(now - HISTORY_DAYS * 86_400_000).toISOString());
    }
  }

  /** Puts this rule's newly due subjects into the alert gathering them, or a new one. */
  private async openAlerts(rule: RuleRow, facts: Facts, signals: AlertSignal[], open: AlertRow[], now: number): Promise<void> {
    const { tracking } = this.deps;
    const cooldownMs = rule.cooldown_minutes * 60_000;
    const due = new Map<string, Candidate>();
    for (const candidate of dueSubjects(rule, facts, signals, now)) if (!due.has(subjectKey(candidate))) due.set(subjectKey(candidate), candidate);
    await tracking.prune(rule.id, new Date(now - cooldownMs).toISOString());
    if (due.size === 0) return;
    const tracked = await tracking.subjects(rule.id);
    const fresh = [...due.entries()].filter(([key]) => {
      const row = tracked.get(key);
      if (row?.alert_id) return false;
      return !(row?.last_notified_at && now - Date.parse(row.last_notified_at) < cooldownMs);
    });
    if (fresh.length === 0) return;

    let alert = open.find((a) => a.rule_id === rule.id && a.notified_at === null && Date.parse(a.group_until) > now);
    const created = !alert;
    if (!alert) {
      const at = new Date(now).toISOString();
      alert = {
        id: newId("alt"),
        rule_id: rule.id,
        rule_name: rule.name,
        kind: rule.kind,
        severity: rule.severity,
        state: "firing",
        title: "",
        message: "",
        subjects: "[]",
        fired_at: at,
        group_until: new Date(now + this.deps.groupMs).toISOString(),
        notified_at: null,
        last_notice_at: null,
        acknowledged_at: null,
        acknowledged_by: null,
        resolved_at: null,
        deliveries: "[]",
      };
      await this.deps.store.insertAlert(alert);
    }
    const claimed = new Set(await tracking.claim(rule.id, fresh.map(([key]) => key), alert.id));
    if (claimed.size === 0) {
      if (created) await this.deps.db.deleteFrom("alerts").where("id", "=", alert.id).execute();
      return;
    }
    // A subject that recovered and fell again while the alert gathers is listed once, as it is now.
    const subjects = (JSON.parse(alert.subjects) as AlertSubject[]).filter((s) => !claimed.has(subjectKey(s)));
    subjects.push(...fresh.filter(([key]) => claimed.has(key)).map(([, candidate]) => candidate));
    Object.assign(alert, this.describe(rule, subjects));
    await this.deps.store.updateAlertIf(alert.id, { subjects: alert.subjects, title: alert.title, message: alert.message });
    if (created) {
      open.push(alert);
      this.deps.logs.write({ level: "warn", source: "gateway", message: `Alert: ${alert.title}`, context: { alertId: alert.id, ruleId: rule.id, severity: rule.severity, subjects: claimed.size } });
    }
  }

  private describe(rule: Pick<RuleRow, "kind" | "params" | "name" | "severity">, subjects: AlertSubject[]) {
    const title = alertTitle(rule.kind as AlertRuleKind, JSON.parse(rule.params) as RuleParams, subjects);
    return { subjects: JSON.stringify(subjects), title, message: alertMessage(rule, subjects) };
  }

  /** Marks recovered subjects, then sends whatever notice is due: the first one, a reminder, or "resolved". */
  private async advance(alert: AlertRow, rule: RuleRow | undefined, facts: Facts, now: number): Promise<void> {
    const { store, tracking } = this.deps;
    const at = new Date(now).toISOString();
    const subjects = JSON.parse(alert.subjects) as AlertSubject[];
    // An instance the rule no longer covers (it was narrowed to other instances) is done with, as if it recovered:
    // no reminder names it, and the alert resolves with the ones still covered.
    const covered = rule?.instance_ids ? new Set(JSON.parse(rule.instance_ids) as string[]) : null;
    const leftOut = (s: AlertSubject) => covered !== null && s.type === "instance" && !covered.has(s.id);
    const recoveredNow = subjects.filter((s) => !s.resolvedAt && (leftOut(s) || recovered(alert.kind as AlertRuleKind, s, facts)));
    for (const s of recoveredNow) s.resolvedAt = at;
    if (recoveredNow.length > 0) {
      await tracking.release(alert.rule_id, recoveredNow.map(subjectKey), alert.id);
      alert.subjects = JSON.stringify(subjects);
      alert.message = alertMessage({ name: alert.rule_name, severity: alert.severity }, subjects);
      await store.updateAlertIf(alert.id, { subjects: alert.subjects, message: alert.message });
    }
    const allRecovered = subjects.every((s) => s.resolvedAt);
    const resolve = { state: "resolved", resolved_at: at };

    if (alert.notified_at === null) {
      if (now < Date.parse(alert.group_until)) return;
      // The window closed: the first notice (a single "resolved" one when everything recovered meanwhile).
      const values = { notified_at: at, last_notice_at: at, ...(allRecovered ? resolve : {}) };
      if (!(await store.updateAlertIf(alert.id, values, { notifiedAt: null, states: OPEN_STATES }))) return;
      Object.assign(alert, values);
      await tracking.notified(alert.rule_id, subjects.map(subjectKey), at);
      if (allRecovered) await tracking.release(alert.rule_id, subjects.map(subjectKey), alert.id);
      await this.notify(alert, rule, allRecovered ? "resolved" : "firing");
      return;
    }
    if (allRecovered) {
      if (!(await store.updateAlertIf(alert.id, resolve, { states: OPEN_STATES }))) return;
      Object.assign(alert, resolve);
      this.deps.logs.write({ level: "info", source: "gateway", message: `Alert resolved: ${alert.title}`, context: { alertId: alert.id, ruleId: alert.rule_id } });
      await this.notify(alert, rule, "resolved");
      return;
    }
    // Reminders: only for an alert nobody acknowledged, every cooldown, while its rule is enabled.
    const cooldownMs = (rule?.cooldown_minutes ?? 0) * 60_000;
    if (alert.state !== "firing" || cooldownMs <= 0 || now - Date.parse(alert.last_notice_at ?? alert.notified_at) < cooldownMs) return;
    if (!(await store.updateAlertIf(alert.id, { last_notice_at: at }, { states: ["firing"], lastNoticeAt: alert.last_notice_at }))) return;
    alert.last_notice_at = at;
    await tracking.notified(alert.rule_id, subjects.filter((s) => !s.resolvedAt).map(subjectKey), at);
    await this.notify(alert, rule, "reminder");
  }

  /** Sends a notice to the rule's enabled channels at once and records what each did. */
  private async notify(row: AlertRow, rule: RuleRow | undefined, notice: Exclude<AlertNoticeKind, "test">): Promise<void> {
    const ids = rule ? (JSON.parse(rule.channel_ids) as string[]) : [];
    const channels = (await this.deps.store.channels(ids)).filter((c) => c.enabled === 1);
    if (channels.length === 0) return;
    const alert = toAlert(row);
    const text = noticeText(notice, alert);
    const deliveries = await Promise.all(channels.map((channel) => this.deps.senders.send(channel, notice, text, alert)));
    await this.deps.store.appendDeliveries(row.id, deliveries);
    for (const d of deliveries.filter((x) => !x.ok)) {
      this.deps.log.warn({ alertId: row.id, channelId: d.channelId, type: d.channelType, notice, error: d.error }, "alert notice not delivered");
      this.deps.logs.write({ level: "warn", source: "gateway", message: `Alert notice to channel "${d.channelName}" failed: ${d.error ?? "unknown error"}`, context: { alertId: row.id, channelId: d.channelId, notice } });
    }
  }
}
