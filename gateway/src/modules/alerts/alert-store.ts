import type { Insertable, Selectable, Updateable } from "kysely";
import type { Alert, AlertDelivery, AlertRuleKind, AlertSeverity, AlertState, AlertSubject } from "../../../../contract/alerts";
import type { Db } from "../../db/database";
import { decodeCursor, encodeCursor } from "../../db/keyset-cursor";
import type { AlertChannelsTable, AlertRulesTable, AlertsTable } from "../../db/schema";
import { DomainError } from "../../domain-error";

export type ChannelRow = Selectable<AlertChannelsTable>;
export type RuleRow = Selectable<AlertRulesTable>;
export type AlertRow = Selectable<AlertsTable>;

export const OPEN_STATES: AlertState[] = ["firing", "acknowledged"];

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    kind: row.kind as AlertRuleKind,
    severity: row.severity as AlertSeverity,
    state: row.state as AlertState,
    title: row.title,
    message: row.message,
    subjects: JSON.parse(row.subjects) as AlertSubject[],
    firedAt: row.fired_at,
    ...(row.notified_at ? { notifiedAt: row.notified_at } : {}),
    ...(row.acknowledged_at ? { acknowledgedAt: row.acknowledged_at } : {}),
    ...(row.acknowledged_by ? { acknowledgedBy: row.acknowledged_by } : {}),
    ...(row.resolved_at ? { resolvedAt: row.resolved_at } : {}),
    deliveries: JSON.parse(row.deliveries) as AlertDelivery[],
  };
}

type Paged<T> = { rows: T[]; nextCursor: string | null };

function page<T extends { id: string }>(rows: T[], limit: number, sortValue: (row: T) => string): Paged<T> {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return { rows: kept, nextCursor: rows.length > limit && last ? encodeCursor({ v: sortValue(last), id: last.id }) : null };
}

export interface AlertFilter {
  state?: AlertState[];
  severity?: AlertSeverity[];
  ruleId?: string;
  limit: number;
  cursor?: string;
}

/** Rows of the alert tables. Lists are newest first with keyset cursors, like every other list. */
export class AlertStore {
  constructor(private readonly db: Db) {}

  // -- channels --

  async insertChannel(row: Insertable<AlertChannelsTable>): Promise<void> {
    await this.db.insertInto("alert_channels").values(row).execute();
  }

  async getChannel(id: string): Promise<ChannelRow> {
    const row = await this.db.selectFrom("alert_channels").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new DomainError("not_found", `No alert channel ${id}`);
    return row;
  }

  async channels(ids: readonly string[]): Promise<ChannelRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom("alert_channels").selectAll().where("id", "in", [...ids]).execute();
  }

  async listChannels(limit: number, cursor?: string): Promise<Paged<ChannelRow>> {
    let q = this.db.selectFrom("alert_channels").selectAll();
    if (cursor) {
      const c = decodeCursor(cursor);
      q = q.where((eb) => eb.or([eb("created_at", "<", c.v), eb.and([eb("created_at", "=", c.v), eb("id", "<", c.id)])]));
    }
    return page(await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).execute(), limit, (r) => r.created_at);
  }

  async updateChannel(id: string, values: Updateable<AlertChannelsTable>): Promise<void> {
    await this.db.updateTable("alert_channels").set(values).where("id", "=", id).execute();
  }

  /** Deletes a channel and takes it out of every rule that sends to it. */
  async deleteChannel(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const rules = await trx.selectFrom("alert_rules").select(["id", "channel_ids"]).where("channel_ids", "like", `%"${id}"%`).execute();
      for (const rule of rules) {
        const kept = (JSON.parse(rule.channel_ids) as string[]).filter((c) => c !== id);
        await trx.updateTable("alert_rules").set({ channel_ids: JSON.stringify(kept) }).where("id", "=", rule.id).execute();
      }
      await trx.deleteFrom("alert_channels").where("id", "=", id).execute();
    });
  }

  // -- rules --

  async insertRule(row: Insertable<AlertRulesTable>): Promise<void> {
    await this.db.insertInto("alert_rules").values(row).execute();
  }

  async getRule(id: string): Promise<RuleRow> {
    const row = await this.db.selectFrom("alert_rules").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new DomainError("not_found", `No alert rule ${id}`);
    return row;
  }

  async listRules(limit: number, cursor?: string): Promise<Paged<RuleRow>> {
    let q = this.db.selectFrom("alert_rules").selectAll();
    if (cursor) {
      const c = decodeCursor(cursor);
      q = q.where((eb) => eb.or([eb("created_at", "<", c.v), eb.and([eb("created_at", "=", c.v), eb("id", "<", c.id)])]));
    }
    return page(await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).execute(), limit, (r) => r.created_at);
  }

  enabledRules(): Promise<RuleRow[]> {
    return this.db.selectFrom("alert_rules").selectAll().where("enabled", "=", 1).execute();
  }

  async updateRule(id: string, values: Updateable<AlertRulesTable>): Promise<void> {
    await this.db.updateTable("alert_rules").set(values).where("id", "=", id).execute();
  }

  /** Deletes a rule and what the evaluator tracked for it; its alerts stay in the history. */
  async deleteRule(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("alert_subjects").where("rule_id", "=", id).execute();
      await trx.deleteFrom("alert_rules").where("id", "=", id).execute();
    });
  }

  // -- history --

  async getAlert(id: string): Promise<AlertRow> {
    const row = await this.db.selectFrom("alerts").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new DomainError("not_found", `No alert ${id}`);
    return row;
  }

  async listAlerts(filter: AlertFilter): Promise<Paged<AlertRow>> {
    let q = this.db.selectFrom("alerts").selectAll();
    if (filter.state?.length) q = q.where("state", "in", filter.state);
    if (filter.severity?.length) q = q.where("severity", "in", filter.severity);
    if (filter.ruleId) q = q.where("rule_id", "=", filter.ruleId);
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      q = q.where((eb) => eb.or([eb("fired_at", "<", c.v), eb.and([eb("fired_at", "=", c.v), eb("id", "<", c.id)])]));
    }
    return page(await q.orderBy("fired_at", "desc").orderBy("id", "desc").limit(filter.limit + 1).execute(), filter.limit, (r) => r.fired_at);
  }

  openAlerts(): Promise<AlertRow[]> {
    return this.db.selectFrom("alerts").selectAll().where("state", "in", OPEN_STATES).orderBy("fired_at").execute();
  }

  async insertAlert(row: AlertRow): Promise<void> {
    await this.db.insertInto("alerts").values(row).execute();
  }

  /**
   * Changes an alert only while `expect` still holds for it (a state, or a notice time nobody else moved): the claim
   * that makes every notice go out once, whichever node or request races. Returns whether it changed.
   */
  async updateAlertIf(id: string, values: Updateable<AlertsTable>, expect: { states?: AlertState[]; notifiedAt?: null; lastNoticeAt?: string | null } = {}): Promise<boolean> {
    let q = this.db.updateTable("alerts").set(values).where("id", "=", id);
    if (expect.states) q = q.where("state", "in", expect.states);
    if (expect.notifiedAt === null) q = q.where("notified_at", "is", null);
    if (expect.lastNoticeAt !== undefined) q = expect.lastNoticeAt === null ? q.where("last_notice_at", "is", null) : q.where("last_notice_at", "=", expect.lastNoticeAt);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Appends what the channels did with a notice (read and written in one transaction, so no append is lost). */
  async appendDeliveries(id: string, deliveries: AlertDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom("alerts").select("deliveries").where("id", "=", id).executeTakeFirst();
      if (!row) return;
      const all = [...(JSON.parse(row.deliveries) as AlertDelivery[]), ...deliveries].slice(-200);
      await trx.updateTable("alerts").set({ deliveries: JSON.stringify(all) }).where("id", "=", id).execute();
    });
  }

  /** Resolved alerts older than `before` go (the history keeps open ones however old). */
  async pruneResolved(before: string): Promise<void> {
    await this.db.deleteFrom("alerts").where("state", "=", "resolved").where("resolved_at", "<", before).execute();
  }
}
