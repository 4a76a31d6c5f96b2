import type { AlertRuleKind, AlertSubject } from "../../../../contract/alerts";
import { dbTime } from "../../db/clock";
import type { Db, DialectName } from "../../db/database";
import { isLoggedOutByPhone, isUnresponsive, type AlertSignal } from "./alert-signals";
import type { RuleRow } from "./alert-store";

// What each rule kind watches, read from the database (so the node that evaluates sees every node's instances), and
// when a subject counts as recovered (docs/alerts.md, "Rules").

interface InstanceFact {
  id: string;
  name: string;
  status: string;
  statusCode: number | null;
  statusReason: string | null;
  /** When it entered its current status (its last status history entry). */
  since: string;
}
interface WebhookFact {
  id: string;
  name: string;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  failingSince: string | null;
}
interface NodeFact {
  name: string;
  heartbeatAt: string;
  /** Running (not stopped cleanly) and no heartbeat for a lease TTL. */
  down: boolean;
}

export interface Facts {
  instances: Map<string, InstanceFact>;
  webhooks: Map<string, WebhookFact>;
  nodes: Map<string, NodeFact>;
}

export type RuleParams = { statuses?: string[]; forMinutes?: number };
export type Candidate = Omit<AlertSubject, "resolvedAt">;

export const subjectKey = (subject: Pick<AlertSubject, "type" | "id">) => `${subject.type}:${subject.id}`;

const INSTANCE_KINDS = new Set<AlertRuleKind>(["instance_status", "instance_unresponsive", "instance_logged_out"]);
const WEBHOOK_KINDS = new Set<AlertRuleKind>(["webhook_failing", "webhook_disabled"]);

function describeInstanceStatus(fact: Pick<InstanceFact, "status" | "statusCode" | "statusReason">): string {
  return `${fact.status}${fact.statusCode !== null ? ` (${fact.statusCode})` : ""}${fact.statusReason ? `: ${fact.statusReason}` : ""}`;
}

/** Reads what the given rule kinds look at. Nodes only in cluster mode: a single node cannot watch itself go down. */
export async function loadFacts(db: Db, dialect: DialectName, kinds: ReadonlySet<string>, options: { clusterMode: boolean; nodeTtlMs: number }): Promise<Facts> {
  const facts: Facts = { instances: new Map(), webhooks: new Map(), nodes: new Map() };
  if ([...kinds].some((kind) => INSTANCE_KINDS.has(kind as AlertRuleKind))) {
    const rows = await db
      .selectFrom("instances")
      .select(["id", "name", "status", "status_code", "status_reason", "updated_at"])
      .select((eb) => eb.selectFrom("instance_status_history as h").select("h.at").whereRef("h.instance_id", "=", "instances.id").orderBy("h.seq", "desc").limit(1).as("since"))
      .execute();
    for (const row of rows) {
      facts.instances.set(row.id, { id: row.id, name: row.name, status: row.status, statusCode: row.status_code, statusReason: row.status_reason, since: row.since ?? row.updated_at });
    }
  }
  if ([...kinds].some((kind) => WEBHOOK_KINDS.has(kind as AlertRuleKind))) {
    const rows = await db.selectFrom("webhooks").select(["id", "url", "description", "enabled", "disabled_reason", "disabled_at", "failing_since"]).execute();
    for (const row of rows) {
      // The host only: a webhook URL may carry a token in its path or query.
      const name = row.description || new URL(row.url).host;
      facts.webhooks.set(row.id, { id: row.id, name, enabled: row.enabled === 1, disabledReason: row.disabled_reason, disabledAt: row.disabled_at, failingSince: row.failing_since });
    }
  }
  if (kinds.has("node_down") && options.clusterMode) {
    const rows = await db.selectFrom("nodes").select(["name", "heartbeat_at", "stopped_at"]).select(dbTime(dialect, -options.nodeTtlMs).as("live_after")).execute();
    for (const row of rows) facts.nodes.set(row.name, { name: row.name, heartbeatAt: row.heartbeat_at, down: row.stopped_at === null && row.heartbeat_at <= row.live_after });
  }
  return facts;
}

function instanceCandidate(fact: InstanceFact, since = fact.since, detail = describeInstanceStatus(fact)): Candidate {
  return { type: "instance", id: fact.id, name: fact.name, detail, since };
}

/** The subjects for which the rule's condition has held long enough to fire now. */
export function dueSubjects(rule: RuleRow, facts: Facts, signals: readonly AlertSignal[], now: number): Candidate[] {
  const params = JSON.parse(rule.params) as RuleParams;
  const afterMs = (params.forMinutes ?? 0) * 60_000;
  const longEnough = (since: string | null) => since !== null && now - Date.parse(since) >= afterMs;
  const only = rule.instance_ids ? new Set(JSON.parse(rule.instance_ids) as string[]) : null;
  const instances = [...facts.instances.values()].filter((fact) => !only || only.has(fact.id));
  const fromSignals = () =>
    signals
      .filter((signal) => signal.kind === rule.kind && (!only || only.has(signal.instanceId)))
      .map((signal): Candidate => ({ type: "instance", id: signal.instanceId, name: facts.instances.get(signal.instanceId)?.name ?? signal.instanceId, detail: signal.detail, since: signal.at }));
  switch (rule.kind as AlertRuleKind) {
    case "instance_status": {
      const statuses = new Set(params.statuses ?? []);
      return instances.filter((fact) => statuses.has(fact.status) && longEnough(fact.since)).map((fact) => instanceCandidate(fact));
    }
    case "instance_unresponsive":
      return [...fromSignals(), ...instances.filter(isUnresponsive).map((fact) => instanceCandidate(fact))];
    case "instance_logged_out":
      return [...fromSignals(), ...instances.filter(isLoggedOutByPhone).map((fact) => instanceCandidate(fact))];
    case "webhook_failing":
      return [...facts.webhooks.values()]
        .filter((w) => w.enabled && longEnough(w.failingSince))
        .map((w) => ({ type: "webhook", id: w.id, name: w.name, detail: `every delivery has failed since ${w.failingSince}`, since: w.failingSince! }));
    case "webhook_disabled":
      return [...facts.webhooks.values()]
        .filter((w) => !w.enabled && w.disabledReason)
        .map((w) => ({ type: "webhook", id: w.id, name: w.name, detail: `disabled by the gateway: ${w.disabledReason}`, since: w.disabledAt ?? new Date(now).toISOString() }));
    case "node_down":
      return [...facts.nodes.values()]
        .filter((n) => n.down)
        .map((n) => ({ type: "node", id: n.name, name: n.name, detail: `no heartbeat since ${n.heartbeatAt}`, since: n.heartbeatAt }));
  }
}

/**
 * Whether a subject of an open alert has recovered. Instances: CONNECTED again (and answering), or deleted; a failing
 * webhook endpoint: a delivery succeeded, or it was disabled (by an operator, or by the gateway: then it is the
 * webhook_disabled rule's news) or deleted; a disabled one: enabled again; a node: heartbeats again, or stopped cleanly.
 */
export function recovered(kind: AlertRuleKind, subject: AlertSubject, facts: Facts): boolean {
  switch (subject.type) {
    case "instance": {
      const fact = facts.instances.get(subject.id);
      return !fact || (fact.status === "CONNECTED" && !isUnresponsive(fact));
    }
    case "webhook": {
      const w = facts.webhooks.get(subject.id);
      if (!w) return true;
      return kind === "webhook_disabled" ? w.enabled : w.failingSince === null || !w.enabled;
    }
    case "node":
      return !facts.nodes.get(subject.id)?.down;
  }
}
