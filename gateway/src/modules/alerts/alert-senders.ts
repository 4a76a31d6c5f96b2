import type { Alert, AlertChannelType, AlertDelivery, AlertNoticeKind } from "../../../../contract/alerts";
import { newId } from "../auth/tokens";
import { OutboundHttp, type OutboundResult } from "../webhooks/outbound-http";
import { signatureHeaders } from "../webhooks/signing";
import type { NoticeText } from "./alert-messages";
import type { ChannelRow } from "./alert-store";
import { sendMail, type SendOutcome, type SmtpSettings } from "./smtp-sender";

/** What a channel row keeps that may be shown, and what it keeps that may not (migration 0016). */
export type ChannelConfig = { to?: string[]; chatId?: string; url?: string };
export type ChannelSecret = { url?: string; botToken?: string; secret?: string };

export interface SendersOptions {
  allowIps: readonly string[];
  smtp: SmtpSettings | null;
  telegramApiUrl: string;
  timeoutMs?: number;
}

/** What a signed webhook channel receives with a notice: Standard Webhooks headers over this body. */
interface WebhookAlertBody {
  id: string;
  type: `alert.${AlertNoticeKind}`;
  timestamp: string;
  data: Alert | { channelId: string; channelName: string; title: string; message: string };
}

const LABEL: Record<Exclude<AlertChannelType, "email">, string> = { slack: "Slack", discord: "Discord", telegram: "Telegram", webhook: "the webhook" };

/** One line of a receiver's answer, to say why it refused (Telegram's JSON says it in `description`). */
function answerDetail(excerpt: string): string {
  try {
    const parsed = JSON.parse(excerpt) as { description?: unknown; message?: unknown };
    const said = parsed.description ?? parsed.message;
    if (typeof said === "string") return said.slice(0, 200);
  } catch {
    // not JSON: the text itself
  }
  return excerpt.replace(/\s+/g, " ").trim().slice(0, 200);
}

/**
 * A channel's credentials as a receiver's answer may echo them back ("Cannot POST /bot<token>/sendMessage"): the bot
 * token, the signing secret, and a Slack or Discord URL whole, as its path, and as each long segment of that path.
 */
function credentialsOf(secret: ChannelSecret): string[] {
  const found = [secret.botToken, secret.secret];
  if (secret.url) {
    found.push(secret.url);
    try {
      const url = new URL(secret.url);
      found.push(`${url.pathname}${url.search}`, url.pathname, ...url.pathname.split("/").filter((segment) => segment.length >= 16));
    } catch {
      // stored URLs were validated; nothing more to find in one that is not
    }
  }
  return found.filter((value): value is string => !!value && value.length > 1).sort((a, b) => b.length - a.length);
}

/** What a failed send says, with the channel's own credentials cut out: it is stored, shown and logged. */
function withoutCredentials(text: string, secret: ChannelSecret): string {
  return credentialsOf(secret).reduce((said, credential) => said.split(credential).join("[redacted]"), text);
}

function httpOutcome(result: OutboundResult, label: string): SendOutcome {
  const { statusCode, latencyMs } = result;
  if (statusCode !== undefined && statusCode >= 200 && statusCode < 300) return { ok: true, latencyMs, statusCode };
  if (statusCode !== undefined) {
    const detail = answerDetail(result.bodyExcerpt);
    const redirect = statusCode >= 300 && statusCode < 400 ? " (redirects are not followed)" : "";
    return { ok: false, latencyMs, statusCode, error: `HTTP ${statusCode} from ${label}${redirect}${detail ? `: ${detail}` : ""}` };
  }
  return { ok: false, latencyMs, error: result.blocked ? (result.error ?? "Blocked") : `Could not reach ${label}: ${result.error ?? "no answer"}` };
}

/**
 * Sends notices to channels: HTTP ones through the SSRF-filtered client (private addresses refused unless in
 * WEBHOOK_ALLOW_IPS, no redirects, a deadline on every request), e-mail through SMTP_URL. Nothing here logs a URL or
 * a token: Slack and Discord URLs and Telegram's request path are credentials.
 */
export class AlertSenders {
  readonly client: OutboundHttp;
  private readonly shutdown = new AbortController();

  constructor(private readonly options: SendersOptions) {
    this.client = new OutboundHttp({ allowIps: options.allowIps, timeoutMs: options.timeoutMs ?? 10_000, purpose: "alerts", userAgent: "WhatsApp-API-Manager-Alerts/1" });
  }

  async send(channel: ChannelRow, notice: AlertNoticeKind, text: NoticeText, alert?: Alert): Promise<AlertDelivery> {
    const at = new Date().toISOString();
    const secret = (channel.secret ? JSON.parse(channel.secret) : {}) as ChannelSecret;
    let outcome: SendOutcome;
    try {
      outcome = await this.sendTo(channel, secret, notice, text, alert);
    } catch (error) {
      outcome = { ok: false, latencyMs: 0, error: `Could not send: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (outcome.error) outcome = { ...outcome, error: withoutCredentials(outcome.error, secret) };
    return {
      channelId: channel.id,
      channelName: channel.name,
      channelType: channel.type as AlertChannelType,
      notice,
      ok: outcome.ok,
      at,
      latencyMs: outcome.latencyMs,
      ...(outcome.statusCode !== undefined ? { statusCode: outcome.statusCode } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    };
  }

  private async sendTo(channel: ChannelRow, secret: ChannelSecret, notice: AlertNoticeKind, text: NoticeText, alert?: Alert): Promise<SendOutcome> {
    const config = JSON.parse(channel.config) as ChannelConfig;
    const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => httpOutcome(await this.client.post(url, headers, JSON.stringify(body), this.shutdown.signal), LABEL[channel.type as keyof typeof LABEL]);
    switch (channel.type as AlertChannelType) {
      case "email":
        if (!this.options.smtp) return { ok: false, latencyMs: 0, error: "E-mail is not set up on this gateway: set SMTP_URL (and SMTP_FROM)" };
        return sendMail(this.options.smtp, this.options.allowIps, { to: config.to ?? [], subject: text.subject, text: text.text }, this.shutdown.signal);
      case "slack":
        return post(secret.url!, { text: `*${text.subject}*\n${text.text}` });
      case "discord":
        return post(secret.url!, { content: `**${text.subject}**\n${text.text}`.slice(0, 2000), allowed_mentions: { parse: [] } });
      case "telegram":
        return post(`${this.options.telegramApiUrl}/bot${secret.botToken!}/sendMessage`, { chat_id: config.chatId, text: `${text.subject}\n\n${text.text}`.slice(0, 4096), disable_web_page_preview: true });
      case "webhook": {
        const body: WebhookAlertBody = {
          id: newId("msg"),
          type: `alert.${notice}`,
          timestamp: new Date().toISOString(),
          data: alert ?? { channelId: channel.id, channelName: channel.name, title: text.subject, message: text.text },
        };
        const payload = JSON.stringify(body);
        return httpOutcome(await this.client.post(config.url!, signatureHeaders([secret.secret!], body.id, payload), payload, this.shutdown.signal), LABEL.webhook);
      }
    }
  }

  /** Sends in flight give up at once (the gateway is stopping); nothing new goes out. */
  abandon(): void {
    this.shutdown.abort();
  }

  close(): void {
    this.shutdown.abort();
    this.client.close();
  }
}
