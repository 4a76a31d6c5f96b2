import type { Logger } from "pino";
import { CreateAlertRuleRequest, type AlertRule, type AlertRuleDefinition, type AlertRuleKind, type AlertRuleList, type AlertSeverity, type UpdateAlertRuleRequest } from "../../../../contract/alerts";
import { invalidInput, invalidInputs } from "../../domain-error";
import { newId } from "../auth/tokens";
import type { InstanceRepository } from "../instances/instance-repository";
import type { RuleParams } from "./alert-conditions";
import type { AlertStore, RuleRow } from "./alert-store";

type ConditionField = "statuses" | "forMinutes" | "instanceIds";

/** The condition fields each kind takes. */
const FIELDS: Record<AlertRuleKind, readonly ConditionField[]> = {
  instance_status: ["statuses", "forMinutes", "instanceIds"],
  instance_unresponsive: ["instanceIds"],
  instance_logged_out: ["instanceIds"],
  webhook_failing: ["forMinutes"],
  webhook_disabled: [],
  node_down: [],
};

function toRule(row: RuleRow): AlertRule {
  const kind = row.kind as AlertRuleKind;
  const params = JSON.parse(row.params) as RuleParams;
  return {
    id: row.id,
    name: row.name,
    kind,
    ...(params.statuses ? { statuses: params.statuses as AlertRule["statuses"] } : {}),
    ...(params.forMinutes !== undefined ? { forMinutes: params.forMinutes } : {}),
    ...(FIELDS[kind].includes("instanceIds") ? { instanceIds: row.instance_ids ? (JSON.parse(row.instance_ids) as string[]) : null } : {}),
    severity: row.severity as AlertSeverity,
    cooldownMinutes: row.cooldown_minutes,
    channelIds: JSON.parse(row.channel_ids) as string[],
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columns(rule: AlertRuleDefinition) {
  const params: RuleParams = {
    ...("statuses" in rule ? { statuses: rule.statuses } : {}),
    ...("forMinutes" in rule ? { forMinutes: rule.forMinutes } : {}),
  };
  return {
    name: rule.name,
    kind: rule.kind,
    params: JSON.stringify(params),
    instance_ids: "instanceIds" in rule && rule.instanceIds ? JSON.stringify(rule.instanceIds) : null,
    severity: rule.severity,
    cooldown_minutes: rule.cooldownMinutes,
    channel_ids: JSON.stringify(rule.channelIds),
    enabled: rule.enabled ? 1 : 0,
  };
}

/** Alert rules: CRUD; the channels and instances a rule names must exist. */
export class AlertRules {
  constructor(
    private readonly store: AlertStore,
    private readonly instances: Pick<InstanceRepository, "find">,
    private readonly log: Logger,
  ) {}

  async list(query: { limit: number; cursor?: string }): Promise<AlertRuleList> {
    const { rows, nextCursor } = await this.store.listRules(query.limit, query.cursor);
    return { items: rows.map(toRule), nextCursor };
  }

  async get(id: string): Promise<AlertRule> {
    return toRule(await this.store.getRule(id));
  }

  async create(rule: AlertRuleDefinition): Promise<AlertRule> {
    await this.checkReferences(rule);
    const at = new Date().toISOString();
    const id = newId("alr");
    await this.store.insertRule({ id, ...columns(rule), created_at: at, updated_at: at });
    this.log.info({ ruleId: id, kind: rule.kind }, "alert rule created");
    return this.get(id);
  }

  /** Applies the change to the saved rule and validates the result as a whole, as a new rule of its kind would be. */
  async update(id: string, patch: UpdateAlertRuleRequest): Promise<AlertRule> {
    const current = toRule(await this.store.getRule(id));
    for (const field of ["statuses", "forMinutes", "instanceIds"] as const) {
      if (patch[field] !== undefined && !FIELDS[current.kind].includes(field)) throw invalidInput(`body.${field}`, `is not a field of a ${current.kind} rule`);
    }
    const { id: _id, createdAt: _c, updatedAt: _u, ...saved } = current;
    const merged = CreateAlertRuleRequest.safeParse({ ...saved, ...patch });
    if (!merged.success) throw invalidInputs(merged.error.issues.map((issue) => ({ path: ["body", ...issue.path.map(String)].join("."), message: issue.message })));
    // An instance the rule already named may have been deleted since: it stays (it matches nothing); new ones must exist.
    await this.checkReferences(merged.data, "instanceIds" in saved ? (saved.instanceIds ?? []) : []);
    await this.store.updateRule(id, { ...columns(merged.data), updated_at: new Date().toISOString() });
    this.log.info({ ruleId: id, changed: Object.keys(patch) }, "alert rule updated");
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.store.getRule(id);
    await this.store.deleteRule(id);
    this.log.info({ ruleId: id }, "alert rule deleted");
  }

  private async checkReferences(rule: AlertRuleDefinition, savedInstanceIds: readonly string[] = []): Promise<void> {
    const known = new Set((await this.store.channels(rule.channelIds)).map((c) => c.id));
    const missing = rule.channelIds.findIndex((c) => !known.has(c));
    if (missing >= 0) throw invalidInput(`body.channelIds.${missing}`, `names no alert channel (${rule.channelIds[missing]})`);
    if ("instanceIds" in rule && rule.instanceIds) {
      for (const [i, instanceId] of rule.instanceIds.entries()) {
        if (!savedInstanceIds.includes(instanceId) && !(await this.instances.find(instanceId))) throw invalidInput(`body.instanceIds.${i}`, `names no instance (${instanceId})`);
      }
    }
  }
}
