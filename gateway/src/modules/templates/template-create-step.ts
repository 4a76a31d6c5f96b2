import type { Kysely } from "kysely";
import type { InstanceProxySpec } from "../../../../contract/proxy-url";
import type { Database } from "../../db/schema";
import { DomainError, invalidInput } from "../../domain-error";
import { writeSettingsIn } from "../instances/settings-store";
import type { WebhookEndpoints } from "../webhooks/webhook-endpoints";
import { storedTemplate } from "./template-service";
import type { TemplateStore } from "./template-store";

export interface TemplateCreateStepDeps {
  store: TemplateStore;
  /** The proxies module's own create step (the request's `proxy`), given the template's policy instead. */
  assignProxy: (trx: Kysely<Database>, instanceId: string, request: { proxy?: InstanceProxySpec }) => Promise<void>;
  endpoints: Pick<WebhookEndpoints, "insertIn" | "forget">;
}

/**
 * The instances module's create step for templates (docs/templates.md): the one the request names, else the default,
 * applied in the creating transaction, before the first connection. Its settings are stored (so nothing restarts),
 * its proxy policy assigned unless the request chose a proxy itself, and its webhooks created signed with its secret.
 * Anything that fails (an unknown template, no room for `auto`) creates nothing.
 */
export function templateCreateStep(deps: TemplateCreateStepDeps) {
  return async (trx: Kysely<Database>, instanceId: string, request: { template?: string | null; proxy?: InstanceProxySpec }): Promise<(() => void) | undefined> => {
    if (request.template === null) return undefined;
    const row = request.template === undefined ? await deps.store.findDefault(trx) : await deps.store.find(request.template, trx);
    if (!row) {
      if (request.template === undefined) return undefined;
      throw invalidInput("body.template", `names no template (${request.template})`);
    }
    const template = storedTemplate(row);
    if (Object.keys(template.settings).length > 0) await writeSettingsIn(trx, instanceId, template.settings);
    if (template.proxy && request.proxy === undefined) {
      try {
        await deps.assignProxy(trx, instanceId, { proxy: template.proxy });
      } catch (error) {
        // Its pool proxy was deleted since: say it is the template's, not the request's.
        if (error instanceof DomainError && error.kind === "invalid_input") throw invalidInput("body.template", `template "${template.name}" names a pool proxy that no longer exists (${template.proxy.mode === "pool" ? template.proxy.proxyId : "?"})`);
        throw error;
      }
    }
    for (const hook of template.webhooks) {
      await deps.endpoints.insertIn(trx, { url: hook.url, events: hook.events, instanceId, enabled: true, headers: [], secret: template.secret, description: `From template "${template.name}"` });
    }
    return template.webhooks.length > 0 ? () => deps.endpoints.forget() : undefined;
  };
}
