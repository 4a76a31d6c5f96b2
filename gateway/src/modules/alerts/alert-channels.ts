import type { Logger } from "pino";
import type { AlertChannel, AlertChannelDefinition, AlertChannelList, AlertChannelType, AlertChannelWithSecret, AlertDelivery, UpdateAlertChannelRequest } from "../../../../contract/alerts";
import { invalidInput } from "../../domain-error";
import { newId } from "../auth/tokens";
import { newWebhookSecret, secretHint } from "../webhooks/signing";
import { testNoticeText } from "./alert-messages";
import type { AlertSenders, ChannelConfig, ChannelSecret } from "./alert-senders";
import type { AlertStore, ChannelRow } from "./alert-store";

/** slack, discord: the URL's origin, enough to tell two apart; its path is the credential. */
const urlHint = (url: string) => `${new URL(url).origin}/…`;
/** telegram: the bot's id (the public part of the token, before the colon). */
const botTokenHint = (token: string) => `${token.split(":")[0]}:…`;

/** A channel as the API shows it: whatever is a credential only as a hint, and `hasSecret`. */
function toChannel(row: ChannelRow): AlertChannel {
  const config = JSON.parse(row.config) as ChannelConfig;
  const secret = (row.secret ? JSON.parse(row.secret) : null) as ChannelSecret | null;
  return {
    id: row.id,
    name: row.name,
    type: row.type as AlertChannelType,
    enabled: row.enabled === 1,
    hasSecret: secret !== null,
    ...(config.to ? { to: config.to } : {}),
    ...(config.chatId ? { chatId: config.chatId } : {}),
    ...(config.url ? { url: config.url } : {}),
    ...(secret?.url ? { urlHint: urlHint(secret.url) } : {}),
    ...(secret?.botToken ? { botTokenHint: botTokenHint(secret.botToken) } : {}),
    ...(secret?.secret ? { secretHint: secretHint(secret.secret) } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Which fields of an update each channel type takes (besides name and enabled). */
const FIELDS: Record<AlertChannelType, ReadonlyArray<"to" | "url" | "botToken" | "chatId">> = {
  email: ["to"],
  slack: ["url"],
  discord: ["url"],
  telegram: ["botToken", "chatId"],
  webhook: ["url"],
};

/** Alert channels: CRUD (credentials stored, never shown again) and the "send a test alert" button. */
export class AlertChannels {
  constructor(
    private readonly store: AlertStore,
    private readonly senders: AlertSenders,
    private readonly log: Logger,
  ) {}

  async list(query: { limit: number; cursor?: string }): Promise<AlertChannelList> {
    const { rows, nextCursor } = await this.store.listChannels(query.limit, query.cursor);
    return { items: rows.map(toChannel), nextCursor };
  }

  async get(id: string): Promise<AlertChannel> {
    return toChannel(await this.store.getChannel(id));
  }

  async create(input: AlertChannelDefinition): Promise<AlertChannelWithSecret> {
    const at = new Date().toISOString();
    const id = newId("alc");
    let config: ChannelConfig = {};
    let secret: ChannelSecret | null = null;
    switch (input.type) {
      case "email":
        config = { to: input.to };
        break;
      case "slack":
      case "discord":
        this.checkUrl(input.url);
        secret = { url: input.url };
        break;
      case "telegram":
        config = { chatId: input.chatId };
        secret = { botToken: input.botToken };
        break;
      case "webhook":
        this.checkUrl(input.url);
        config = { url: input.url };
        secret = { secret: newWebhookSecret() };
        break;
    }
    await this.store.insertChannel({ id, name: input.name, type: input.type, enabled: input.enabled ? 1 : 0, config: JSON.stringify(config), secret: secret ? JSON.stringify(secret) : null, created_at: at, updated_at: at });
    this.log.info({ channelId: id, type: input.type }, "alert channel created");
    const channel = await this.get(id);
    return input.type === "webhook" && secret?.secret ? { ...channel, secret: secret.secret } : channel;
  }

  async update(id: string, patch: UpdateAlertChannelRequest): Promise<AlertChannel> {
    const row = await this.store.getChannel(id);
    const type = row.type as AlertChannelType;
    for (const field of ["to", "url", "botToken", "chatId"] as const) {
      if (patch[field] !== undefined && !FIELDS[type].includes(field)) throw invalidInput(`body.${field}`, `is not a field of ${type === "email" ? "an" : "a"} ${type} channel`);
    }
    const config = JSON.parse(row.config) as ChannelConfig;
    const secret = (row.secret ? JSON.parse(row.secret) : null) as ChannelSecret | null;
    if (patch.url !== undefined) this.checkUrl(patch.url);
    if (patch.to) config.to = patch.to;
    if (patch.chatId) config.chatId = patch.chatId;
    if (patch.url && type === "webhook") config.url = patch.url;
    if (patch.url && (type === "slack" || type === "discord")) secret!.url = patch.url;
    if (patch.botToken) secret!.botToken = patch.botToken;
    await this.store.updateChannel(id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
      config: JSON.stringify(config),
      secret: secret ? JSON.stringify(secret) : null,
      updated_at: new Date().toISOString(),
    });
    this.log.info({ channelId: id, type, changed: Object.keys(patch) }, "alert channel updated");
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.store.getChannel(id);
    await this.store.deleteChannel(id);
    this.log.info({ channelId: id }, "alert channel deleted");
  }

  /** Sends a test notice now (enabled or not) and says what happened; the history is left alone. */
  async test(id: string): Promise<AlertDelivery> {
    const row = await this.store.getChannel(id);
    const delivery = await this.senders.send(row, "test", testNoticeText(row.name));
    this.log.info({ channelId: id, type: row.type, ok: delivery.ok, statusCode: delivery.statusCode, error: delivery.error }, "alert channel tested");
    return delivery;
  }

  /** A URL the outbound client would refuse (a private address outside WEBHOOK_ALLOW_IPS) is a 400 now, not a failed alert later. */
  private checkUrl(url: string): void {
    const refused = this.senders.client.refuse(url);
    if (refused) throw invalidInput("body.url", refused);
  }
}
