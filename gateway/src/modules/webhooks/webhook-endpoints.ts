import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { MASKED_VALUE, type RotateSecretResponse, type UpdateWebhookRequest, type Webhook, type WebhookEventType, type WebhookList, type WebhookWithSecret } from "../../../../contract/webhooks";
import type { Database } from "../../db/schema";
import { invalidInput } from "../../domain-error";
import { newId } from "../auth/tokens";
import type { InstanceRepository } from "../instances/instance-repository";
import type { OutboundHttp } from "./outbound-http";
import { newWebhookSecret, secretHint } from "./signing";
import { toWebhook, type StoredHeader, type WebhookRow, type WebhookStore } from "./webhook-store";

export type CreateEndpointInput = {
  url: string;
  /** The signing secret: a settings template's; a new one when left out. */
  secret?: string;
  description?: string;
  events: WebhookEventType[];
  instanceId?: string | null;
  enabled: boolean;
  headers: StoredHeader[];
};
export type UpdateEndpointInput = Omit<UpdateWebhookRequest, "headers" | "events"> & {
  events?: WebhookEventType[];
  headers?: Array<{ name: string; value?: string }>;
};

const ENDPOINT_CACHE_MS = 5_000;

/** A new endpoint's row; signed with the secret given (a settings template's) or a new one. */
function newEndpointRow(input: CreateEndpointInput & { secret?: string }): WebhookRow {
  const at = new Date().toISOString();
  return {
    id: newId("whk"),
    url: input.url,
    enabled: input.enabled ? 1 : 0,
    description: input.description || null,
    events: JSON.stringify(input.events),
    instance_id: input.instanceId ?? null,
    headers: JSON.stringify(input.headers),
    secret: input.secret ?? newWebhookSecret(),
    previous_secret: null,
    previous_secret_expires_at: null,
    disabled_reason: null,
    disabled_at: null,
    failing_since: null,
    last_attempt_at: null,
    last_attempt_ok: null,
    last_status_code: null,
    created_at: at,
    updated_at: at,
  };
}

/** Webhook endpoints: CRUD, secrets and rotation, enabling and disabling (which holds or resumes deliveries). */
export class WebhookEndpoints {
  private enabled: { rows: Array<{ row: WebhookRow; events: Set<string> }>; at: number } | null = null;

  constructor(
    private readonly store: WebhookStore,
    private readonly client: OutboundHttp,
    private readonly instances: Pick<InstanceRepository, "find">,
    private readonly log: Logger,
    /** Deliveries of this endpoint were queued again: the worker should look. */
    private readonly resumed: (webhookId: string) => void,
    /**
     * How long the enabled endpoints are reused. A single node drops them on every change it makes; in cluster mode
     * another node may make the change, so they are read for every event (0): an endpoint created on one node gets
     * the very next event of every other node's instances.
     */
    private readonly cacheMs = ENDPOINT_CACHE_MS,
  ) {}

  /** Enabled endpoints with their event sets; cached briefly (and dropped on every change made here). */
  async enabledEndpoints(): Promise<Array<{ row: WebhookRow; events: Set<string> }>> {
    if (!this.enabled || Date.now() - this.enabled.at >= this.cacheMs) {
      const rows = await this.store.enabledWebhooks();
      this.enabled = { rows: rows.map((row) => ({ row, events: new Set(JSON.parse(row.events) as string[]) })), at: Date.now() };
    }
    return this.enabled.rows;
  }

  async list(query: { instanceId?: string; limit: number; cursor?: string }): Promise<WebhookList> {
    const { rows, nextCursor } = await this.store.listWebhooks(query);
    return { items: await this.present(rows), nextCursor };
  }

  async get(id: string): Promise<Webhook> {
    return (await this.present([await this.store.getWebhook(id)]))[0]!;
  }

  async create(input: CreateEndpointInput): Promise<WebhookWithSecret> {
    await this.checkTarget(input.url, input.instanceId);
    const row = newEndpointRow(input);
    await this.store.insertWebhook(row);
    this.enabled = null;
    this.log.info({ webhookId: row.id, events: input.events, instanceId: input.instanceId ?? null }, "webhook endpoint created");
    return { ...(await this.get(row.id)), secret: row.secret };
  }

  // ---- settings templates (docs/templates.md) ----

  /**
   * An endpoint a settings template gives an instance as it is created: in the creating transaction, signed with the
   * template's secret. Call `forget()` once that transaction is committed, so the instance's first events find it.
   */
  async insertIn(trx: Kysely<Database>, input: CreateEndpointInput & { secret: string }): Promise<string> {
    const row = newEndpointRow(input);
    await trx.insertInto("webhooks").values(row).execute();
    this.log.info({ webhookId: row.id, events: input.events, instanceId: input.instanceId ?? null }, "webhook endpoint created");
    return row.id;
  }

  /** Drops the cached enabled endpoints (an endpoint was written outside this class). */
  forget(): void {
    this.enabled = null;
  }

  /** The endpoint bound to this instance at this URL, if there is one (the oldest, should there be several). */
  async boundAt(instanceId: string, url: string): Promise<{ id: string; events: WebhookEventType[] } | undefined> {
    const row = await this.store.boundAt(instanceId, url);
    return row ? { id: row.id, events: JSON.parse(row.events) as WebhookEventType[] } : undefined;
  }

  // ---- end settings templates ----

  async update(id: string, patch: UpdateEndpointInput): Promise<Webhook> {
    const row = await this.store.getWebhook(id);
    const url = patch.url ?? row.url;
    const instanceId = patch.instanceId === undefined ? row.instance_id : patch.instanceId;
    // The instance is checked only when it changes: one the endpoint is bound to may have been deleted since (the
    // endpoint was disabled then), and sending it back unchanged with an edit must not refuse the edit.
    const newInstance = patch.instanceId !== undefined && patch.instanceId !== row.instance_id;
    if (patch.url !== undefined || newInstance) await this.checkTarget(url, newInstance ? instanceId : null);
    const headers = patch.headers ? this.mergeHeaders(row, patch.headers) : undefined;
    const at = new Date().toISOString();
    const enabling = patch.enabled === true && row.enabled === 0;
    const disabling = patch.enabled === false && row.enabled === 1;
    await this.store.updateWebhook(id, {
      url,
      instance_id: instanceId,
      ...(patch.description !== undefined ? { description: patch.description || null } : {}),
      ...(patch.events ? { events: JSON.stringify(patch.events) } : {}),
      ...(headers ? { headers: JSON.stringify(headers) } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
      // Enabled again by an operator: clear the flag and the failure streak.
      ...(enabling ? { disabled_reason: null, disabled_at: null, failing_since: null } : {}),
      ...(disabling ? { disabled_reason: null, disabled_at: at } : {}),
      updated_at: at,
    });
    if (disabling) await this.store.holdDeliveries(id, at);
    if (enabling) {
      const resumed = await this.store.resumeDeliveries(id, at);
      if (resumed > 0) this.log.info({ webhookId: id, resumed }, "held webhook deliveries queued again");
      this.resumed(id);
    }
    this.enabled = null;
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.store.getWebhook(id);
    await this.store.deleteWebhook(id);
    this.enabled = null;
    this.log.info({ webhookId: id }, "webhook endpoint deleted");
  }

  async rotateSecret(id: string, graceSeconds: number): Promise<RotateSecretResponse> {
    const row = await this.store.getWebhook(id);
    const secret = newWebhookSecret();
    const at = new Date();
    const expires = graceSeconds > 0 ? new Date(at.getTime() + graceSeconds * 1000).toISOString() : null;
    await this.store.updateWebhook(id, { secret, previous_secret: expires ? row.secret : null, previous_secret_expires_at: expires, updated_at: at.toISOString() });
    this.log.info({ webhookId: id, graceSeconds }, "webhook secret rotated");
    return { webhook: await this.get(id), secret, previousSecretExpiresAt: expires };
  }

  /** Switches an endpoint off and flags why; its queued deliveries are held (not lost). */
  async disable(id: string, reason: string): Promise<void> {
    const at = new Date().toISOString();
    await this.store.updateWebhook(id, { enabled: 0, disabled_reason: reason, disabled_at: at, updated_at: at });
    await this.store.holdDeliveries(id, at);
    this.enabled = null;
    this.log.warn({ webhookId: id, reason }, "webhook endpoint disabled");
  }

  /** Endpoints bound to a deleted instance stop (their deliveries are held, the reason shown). */
  async instanceDeleted(instanceId: string): Promise<void> {
    const bound = (await this.store.enabledWebhooks()).filter((w) => w.instance_id === instanceId);
    for (const w of bound) await this.disable(w.id, `Its instance ${instanceId} was deleted`);
  }

  private async present(rows: WebhookRow[]): Promise<Webhook[]> {
    const health = await this.store.health(rows.map((r) => r.id), new Date(Date.now() - 24 * 3_600_000).toISOString());
    return rows.map((row) => toWebhook(row, health.get(row.id), secretHint));
  }

  private async checkTarget(url: string, instanceId: string | null | undefined): Promise<void> {
    const refused = this.client.refuse(url);
    if (refused) throw invalidInput("body.url", refused);
    if (instanceId && !(await this.instances.find(instanceId))) throw invalidInput("body.instanceId", `names no instance (${instanceId})`);
  }

  /** Header values come back masked: a masked or missing value keeps what was saved. */
  private mergeHeaders(row: WebhookRow, patch: Array<{ name: string; value?: string }>): StoredHeader[] {
    const saved = new Map((JSON.parse(row.headers) as StoredHeader[]).map((h) => [h.name.toLowerCase(), h.value]));
    return patch.map((h, i) => {
      if (h.value !== undefined && h.value !== MASKED_VALUE) return { name: h.name, value: h.value };
      const kept = saved.get(h.name.toLowerCase());
      if (kept === undefined) throw invalidInput(`body.headers.${i}.value`, "is required for a header that was not saved before");
      return { name: h.name, value: kept };
    });
  }
}
