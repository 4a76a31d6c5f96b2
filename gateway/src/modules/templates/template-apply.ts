import type { Logger } from "pino";
import type { ErrorBody } from "../../../../contract/errors";
import type { InstanceProxy } from "../../../../contract/proxies";
import { TemplateApplyResult, type TemplateApplyItem, type TemplateProxyPolicy } from "../../../../contract/templates";
import { DomainError } from "../../domain-error";
import { errorCodeOf } from "../../plugins/errors";
import type { Cluster } from "../cluster/cluster";
import { callOwner } from "../cluster/forward";
import type { InstanceSettingsService } from "../instances/settings-service";
import { inTurns, type InstanceProxies } from "../proxies/instance-proxies";
import type { WebhookEndpoints } from "../webhooks/webhook-endpoints";
import { storedTemplate, type StoredTemplate } from "./template-service";
import type { TemplateStore } from "./template-store";

/** Instances worked on at once: 500 rows must not storm the nodes with restarts. */
const APPLY_CONCURRENCY = 4;

export interface TemplateApplierDeps {
  store: TemplateStore;
  cluster: Pick<Cluster, "remoteOwner" | "nodeName">;
  instanceExists: (id: string) => Promise<boolean>;
  settings: Pick<InstanceSettingsService, "update" | "restart">;
  proxies: Pick<InstanceProxies, "get" | "set">;
  endpoints: Pick<WebhookEndpoints, "boundAt" | "create" | "update">;
  /** After a settings change: the instance's log line, as PATCH …/settings writes it. */
  settingsChanged: (instanceId: string, changed: string[], restart: boolean) => void;
  log: Logger;
}

/** Who asked for an apply: the caller's credential (sent on with a row for another node), and whether a node sent it. */
export interface ApplyCaller {
  authorization: string | undefined;
  /** Another node sent this apply on (one row for an instance it takes this node to run): it is applied here. */
  forwarded: boolean;
}

/** A step of one row failed: what it says goes into the row's `error`. */
class RowFailure extends Error {
  constructor(readonly error: { code: ErrorBody["error"]["code"]; message: string }) {
    super(error.message);
  }
}

/**
 * Applies a template to instances (docs/templates.md): per instance, its settings (as PATCH …/settings), its proxy
 * policy (as PUT …/proxy), then its webhooks, in that order; the first failure ends that row. A running session
 * restarts at most once: the settings are applied without the restart a device name or history sync needs, then a
 * new proxy restarts it (the new connection takes the new settings too), or, when the proxy does not change, the
 * settings restart it. A row for an instance that another node runs is sent to that node whole (this same apply, for
 * that one instance), where its session is, and its answer is the row.
 */
export class TemplateApplier {
  /** Per instance, the row being applied to it: a second apply's row for that instance waits for it. */
  private readonly rows = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: TemplateApplierDeps) {}

  async applyMany(templateId: string, instanceIds: string[], caller: ApplyCaller): Promise<TemplateApplyResult> {
    const template = storedTemplate(await this.deps.store.get(templateId));
    const items = await inTurns(instanceIds, APPLY_CONCURRENCY, (id) => this.oneAtATime(id, () => this.applyOne(template, id, caller)));
    const failed = items.filter((item) => !item.ok).length;
    this.deps.log.info({ templateId, instances: items.length, failed }, "settings template applied");
    return { items };
  }

  /**
   * Runs one instance's row after any other apply's row for the same instance, here on this node (a row for an
   * instance another node runs is applied there, in that node's turn). Two applies at once would otherwise both find
   * the template's webhook unbound and both create it, and race on the settings and the proxy.
   */
  private oneAtATime<T>(instanceId: string, row: () => Promise<T>): Promise<T> {
    const run = (this.rows.get(instanceId) ?? Promise.resolve()).then(row, row);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.rows.set(instanceId, settled);
    void settled.then(() => {
      if (this.rows.get(instanceId) === settled) this.rows.delete(instanceId);
    });
    return run;
  }

  private async applyOne(template: StoredTemplate, instanceId: string, caller: ApplyCaller): Promise<TemplateApplyItem> {
    const item: TemplateApplyItem = { instanceId, ok: true, changed: [], restart: false };
    try {
      if (!(await this.deps.instanceExists(instanceId))) throw new RowFailure({ code: "not_found", message: `No instance ${instanceId}` });
      // A forwarded row is applied here even if the lease has moved on since: it is never sent on again.
      const owner = caller.forwarded ? null : await this.deps.cluster.remoteOwner(instanceId);
      if (owner) return await this.applyOnOwner(owner, template, instanceId, caller.authorization);
      await this.applySettingsAndProxy(template, item);
      for (const hook of template.webhooks) {
        const bound = await this.deps.endpoints.boundAt(instanceId, hook.url);
        if (!bound) {
          await this.deps.endpoints.create({ url: hook.url, events: hook.events, instanceId, enabled: true, headers: [], secret: template.secret, description: `From template "${template.name}"` });
          item.changed.push(`webhook:${hook.url}`);
        } else if (!sameSet(bound.events, hook.events)) {
          await this.deps.endpoints.update(bound.id, { events: hook.events });
          item.changed.push(`webhook:${hook.url}`);
        }
      }
    } catch (error) {
      if (error instanceof RowFailure) return { ...item, ok: false, error: error.error };
      if (error instanceof DomainError) return { ...item, ok: false, error: { code: errorCodeOf(error.kind), message: error.message } };
      throw error;
    }
    return item;
  }

  /** The settings, then the proxy policy, on this node, with at most one restart of a running session for both. */
  private async applySettingsAndProxy(template: StoredTemplate, item: TemplateApplyItem): Promise<void> {
    const id = item.instanceId;
    const settings = Object.keys(template.settings).length > 0 ? await this.deps.settings.update(id, template.settings, { deferRestart: true }) : null;
    item.changed.push(...(settings?.changed ?? []));
    try {
      if (template.proxy) await this.applyProxy(template.proxy, item);
    } finally {
      // A new proxy restarted the session, with the settings just applied; if not (or it failed), the settings do.
      if (settings && settings.changed.length > 0) {
        if (!item.restart) item.restart = await this.deps.settings.restart(id, settings.restartFor);
        this.deps.settingsChanged(id, settings.changed, item.restart);
      }
    }
  }

  private async applyProxy(policy: TemplateProxyPolicy, item: TemplateApplyItem): Promise<void> {
    const id = item.instanceId;
    if (meets(await this.deps.proxies.get(id), policy)) return;
    const change = await this.deps.proxies.set(id, policy, { proxyId: "template.proxy.proxyId", url: "template.proxy.url" });
    item.changed.push("proxy");
    item.restart ||= change.restart;
  }

  /** The whole row, applied by the node that runs the instance (its session is there): this apply, for that instance. */
  private async applyOnOwner(owner: { name: string; url: string }, template: StoredTemplate, instanceId: string, authorization: string | undefined): Promise<TemplateApplyItem> {
    const answer = await callOwner(owner, this.deps.cluster.nodeName, {
      method: "POST",
      path: `/api/v1/templates/${template.id}/apply`,
      body: { instanceIds: [instanceId] },
      ...(authorization ? { authorization } : {}),
    });
    if (answer.status === 200) {
      const row = TemplateApplyResult.safeParse(answer.body).data?.items[0];
      if (row?.instanceId === instanceId) return row;
      throw new RowFailure({ code: "unavailable", message: `Gateway node "${owner.name}" answered without a result for instance ${instanceId}` });
    }
    const body = answer.body as Partial<ErrorBody> | undefined;
    throw new RowFailure(body?.error ? { code: body.error.code, message: body.error.message } : { code: "unavailable", message: `Gateway node "${owner.name}" answered ${answer.status}` });
  }
}

/** Whether an instance's proxy already meets a policy: then applying it changes nothing (an `auto` one keeps its proxy). */
function meets(current: InstanceProxy, policy: TemplateProxyPolicy): boolean {
  switch (policy.mode) {
    case "none":
      return current.mode === "none";
    case "auto":
      return current.mode === "pool";
    case "pool":
      return current.mode === "pool" && current.proxyId === policy.proxyId;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}
