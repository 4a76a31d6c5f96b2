import type { Logger } from "pino";
import type {
  CreateTemplateRequest,
  SettingsTemplate,
  SettingsTemplateWithSecret,
  TemplateList,
  TemplateProxyPolicy,
  TemplateSettings,
  TemplateWebhook,
  UpdateTemplateRequest,
} from "../../../../contract/templates";
import { invalidInput, invalidInputs } from "../../domain-error";
import { newId } from "../auth/tokens";
import { newWebhookSecret, secretHint } from "../webhooks/signing";
import type { TemplateRow, TemplateStore } from "./template-store";

/** A template as stored, its JSON read back (the contract's shapes; they were validated when saved). */
export interface StoredTemplate {
  id: string;
  name: string;
  settings: TemplateSettings;
  proxy: TemplateProxyPolicy | null;
  webhooks: TemplateWebhook[];
  /** The signing secret of the webhooks it creates: never in a response after creation, never in a log. */
  secret: string;
}

export function storedTemplate(row: TemplateRow): StoredTemplate {
  return {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings) as TemplateSettings,
    proxy: row.proxy ? (JSON.parse(row.proxy) as TemplateProxyPolicy) : null,
    webhooks: JSON.parse(row.webhooks) as TemplateWebhook[],
    secret: row.secret,
  };
}

function toTemplate(row: TemplateRow): SettingsTemplate {
  const { settings, proxy, webhooks } = storedTemplate(row);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isDefault: row.is_default === 1,
    settings,
    proxy,
    webhooks,
    secretHint: secretHint(row.secret),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type CreateInput = { [K in keyof CreateTemplateRequest]-?: Exclude<CreateTemplateRequest[K], undefined> };
type UpdateInput = UpdateTemplateRequest;

export interface TemplateServiceDeps {
  store: TemplateStore;
  /** Why the webhooks' outbound client would refuse a URL (webhooks module), or null. */
  refuseUrl: (url: string) => string | null;
  /** Whether a pool proxy exists (proxies module). */
  proxyExists: (id: string) => Promise<boolean>;
  log: Logger;
}

/** Templates (docs/templates.md): create, read, change, delete; what a request gets wrong is a 400 before any write. */
export class TemplateService {
  constructor(private readonly deps: TemplateServiceDeps) {}

  async list(query: { limit: number; cursor?: string }): Promise<TemplateList> {
    const { rows, nextCursor } = await this.deps.store.list(query.limit, query.cursor);
    return { items: rows.map(toTemplate), nextCursor };
  }

  async get(id: string): Promise<SettingsTemplate> {
    return toTemplate(await this.deps.store.get(id));
  }

  async create(input: CreateInput): Promise<SettingsTemplateWithSecret> {
    await this.check(input);
    const at = new Date().toISOString();
    const id = newId("tpl");
    const secret = newWebhookSecret();
    await this.deps.store.insert({
      id,
      name: input.name,
      description: input.description || null,
      is_default: input.isDefault ? 1 : 0,
      settings: JSON.stringify(input.settings),
      proxy: input.proxy ? JSON.stringify(input.proxy) : null,
      webhooks: JSON.stringify(input.webhooks),
      secret,
      created_at: at,
      updated_at: at,
    });
    this.deps.log.info({ templateId: id, isDefault: input.isDefault }, "settings template created");
    return { ...(await this.get(id)), secret };
  }

  async update(id: string, patch: UpdateInput): Promise<SettingsTemplate> {
    await this.deps.store.get(id);
    await this.check(patch);
    await this.deps.store.update(id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description || null } : {}),
      // false only clears this one's flag: no other template becomes the default.
      ...(patch.isDefault !== undefined ? { is_default: patch.isDefault ? 1 : 0 } : {}),
      ...(patch.settings !== undefined ? { settings: JSON.stringify(patch.settings) } : {}),
      ...(patch.proxy !== undefined ? { proxy: patch.proxy ? JSON.stringify(patch.proxy) : null } : {}),
      ...(patch.webhooks !== undefined ? { webhooks: JSON.stringify(patch.webhooks) } : {}),
      updated_at: new Date().toISOString(),
    });
    this.deps.log.info({ templateId: id, fields: Object.keys(patch) }, "settings template changed");
    return this.get(id);
  }

  /** Instances keep what it applied, and the webhooks it created stay; deleting the default leaves none. */
  async remove(id: string): Promise<void> {
    await this.deps.store.remove(id);
    this.deps.log.info({ templateId: id }, "settings template deleted");
  }

  /** What the schema cannot know: webhook URLs the outbound client refuses, a pool proxy that does not exist. */
  private async check(input: { proxy?: TemplateProxyPolicy | null; webhooks?: TemplateWebhook[] }): Promise<void> {
    const issues = (input.webhooks ?? []).flatMap((hook, i) => {
      const refused = this.deps.refuseUrl(hook.url);
      return refused ? [{ path: `body.webhooks.${i}.url`, message: refused }] : [];
    });
    if (issues.length > 0) throw invalidInputs(issues);
    if (input.proxy?.mode === "pool" && !(await this.deps.proxyExists(input.proxy.proxyId))) throw invalidInput("body.proxy.proxyId", `names no proxy (${input.proxy.proxyId})`);
  }
}
