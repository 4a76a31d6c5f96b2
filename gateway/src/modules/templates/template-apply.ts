import type { Logger } from "pino";
import { changedSettings, type InstanceSettings, type InstanceSettingsUpdate } from "../../../../contract/instance-settings";
import type { ErrorBody } from "../../../../contract/errors";
import type { InstanceProxy, InstanceProxyChange } from "../../../../contract/proxies";
import type { TemplateApplyItem, TemplateApplyResult, TemplateProxyPolicy } from "../../../../contract/templates";
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
  settings: Pick<InstanceSettingsService, "get" | "update">;
  proxies: Pick<InstanceProxies, "get" | "set">;
  endpoints: Pick<WebhookEndpoints, "boundAt" | "create" | "update">;
  /** After a local settings change: the instance's log line, as PATCH …/settings writes it. */
  settingsChanged: (instanceId: string, changed: string[], restart: boolean) => void;
  log: Logger;
}

/** A step of one row failed: what it says goes into the row's `error`. */
class RowFailure extends Error {
  constructor(readonly error: { code: ErrorBody["error"]["code"]; message: string }) {
    super(error.message);
  }
}

/**
 * Applies a template to instances (docs/templates.md): per instance, its settings (as PATCH …/settings), its proxy
 * policy (as PUT …/proxy), then its webhooks, in that order; the first failure ends that row. The settings and proxy
 * parts of an instance that another node runs are sent to that node, where its session is; webhooks are rows.
 */
export class TemplateApplier {
  constructor(private readonly deps: TemplateApplierDeps) {}

  async applyMany(templateId: string, instanceIds: string[], authorization: string | undefined): Promise<TemplateApplyResult> {
    const template = storedTemplate(await this.deps.store.get(templateId));
    const items = await inTurns(instanceIds, APPLY_CONCURRENCY, (id) => this.applyOne(template, id, authorization));
    const failed = items.filter((item) => !item.ok).length;
    this.deps.log.info({ templateId, instances: items.length, failed }, "settings template applied");
    return { items };
  }

  private async applyOne(template: StoredTemplate, instanceId: string, authorization: string | undefined): Promise<TemplateApplyItem> {
    const item: TemplateApplyItem = { instanceId, ok: true, changed: [], restart: false };
    try {
      if (!(await this.deps.instanceExists(instanceId))) throw new RowFailure({ code: "not_found", message: `No instance ${instanceId}` });
      if (Object.keys(template.settings).length > 0) await this.applySettings(template, item, authorization);
      if (template.proxy) await this.applyProxy(template.proxy, item, authorization);
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

  private async applySettings(template: StoredTemplate, item: TemplateApplyItem, authorization: string | undefined): Promise<void> {
    const id = item.instanceId;
    const owner = await this.deps.cluster.remoteOwner(id);
    if (!owner) {
      const result = await this.deps.settings.update(id, template.settings);
      if (result.changed.length > 0) this.deps.settingsChanged(id, result.changed, result.restart);
      item.changed.push(...result.changed);
      item.restart ||= result.restart;
      return;
    }
    // The owner answers what it saved, not what it changed: the difference from the settings read before.
    const before: InstanceSettings = await this.deps.settings.get(id);
    const answer = await this.onOwner<InstanceSettingsUpdate>(owner, { method: "PATCH", path: `/api/v1/instances/${id}/settings`, body: template.settings, authorization });
    item.changed.push(...changedSettings(before, template.settings));
    item.restart ||= answer.restart;
  }

  private async applyProxy(policy: TemplateProxyPolicy, item: TemplateApplyItem, authorization: string | undefined): Promise<void> {
    const id = item.instanceId;
    if (meets(await this.deps.proxies.get(id), policy)) return;
    const owner = await this.deps.cluster.remoteOwner(id);
    const change = owner
      ? await this.onOwner<InstanceProxyChange>(owner, { method: "PUT", path: `/api/v1/instances/${id}/proxy`, body: policy, authorization })
      : await this.deps.proxies.set(id, policy, { proxyId: "template.proxy.proxyId", url: "template.proxy.url" });
    item.changed.push("proxy");
    item.restart ||= change.restart;
  }

  private async onOwner<T>(owner: { name: string; url: string }, call: { method: string; path: string; body: unknown; authorization: string | undefined }): Promise<T> {
    const { authorization, ...rest } = call;
    const answer = await callOwner(owner, this.deps.cluster.nodeName, { ...rest, ...(authorization ? { authorization } : {}) });
    if (answer.status === 200) return answer.body as T;
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
