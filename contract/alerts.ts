import * as z from "zod/mini";
import { httpUrl } from "./http-url";
import { InstanceId } from "./instances";
import { commaList, pageLimit } from "./query-params";

// Alerts (docs/alerts.md): rules that watch instances, webhook endpoints and gateway nodes, the channels that carry
// their notices (e-mail, Slack, Discord, Telegram, a signed webhook), and the history of what fired.

const iso = z.iso.datetime();

// ---- vocabulary --------------------------------------------------------------------------------

const ALERT_RULE_KINDS = ["instance_status", "instance_unresponsive", "instance_logged_out", "webhook_failing", "webhook_disabled", "node_down"] as const;
export const AlertRuleKind = z.enum(ALERT_RULE_KINDS).register(z.globalRegistry, {
  id: "AlertRuleKind",
  description:
    "instance_status: an instance in one of `statuses` for longer than `forMinutes`; instance_unresponsive: an instance reported unresponsive; instance_logged_out: the phone logged the instance out (401); webhook_failing: every delivery to an endpoint failing for longer than `forMinutes`; webhook_disabled: the gateway disabled an endpoint (410 or failing too long); node_down: a gateway node stopped sending heartbeats (cluster mode only)",
});
export type AlertRuleKind = z.infer<typeof AlertRuleKind>;

export const AlertSeverity = z.enum(["info", "warning", "critical"]).register(z.globalRegistry, { id: "AlertSeverity" });
export type AlertSeverity = z.infer<typeof AlertSeverity>;

export const AlertState = z.enum(["firing", "acknowledged", "resolved"]).register(z.globalRegistry, {
  id: "AlertState",
  description: "firing: notified, not acknowledged; acknowledged: an operator saw it (no more reminders), still open; resolved: every subject recovered",
});
export type AlertState = z.infer<typeof AlertState>;

const ALERT_CHANNEL_TYPES = ["email", "slack", "discord", "telegram", "webhook"] as const;
export const AlertChannelType = z.enum(ALERT_CHANNEL_TYPES).register(z.globalRegistry, { id: "AlertChannelType" });
export type AlertChannelType = z.infer<typeof AlertChannelType>;

/** The instance statuses an `instance_status` rule can watch. */
const ALERTABLE_STATUSES = ["DISCONNECTED", "ERROR", "QR_REQUIRED"] as const;

const AlertRuleId = z
  .string()
  .check(z.regex(/^alr_[A-Za-z0-9]{10,40}$/, "must be an alert rule id like alr_…"))
  .register(z.globalRegistry, { description: "Alert rule id", example: "alr_5tq8w1n3k7p2" });
const AlertChannelId = z
  .string()
  .check(z.regex(/^alc_[A-Za-z0-9]{10,40}$/, "must be an alert channel id like alc_…"))
  .register(z.globalRegistry, { description: "Alert channel id", example: "alc_2mv7x9q4r1s8" });
const AlertId = z
  .string()
  .check(z.regex(/^alt_[A-Za-z0-9]{10,40}$/, "must be an alert id like alt_…"))
  .register(z.globalRegistry, { description: "Alert (history entry) id", example: "alt_9fk3j6d2h8l1" });

export const AlertRuleIdParams = z.object({ id: AlertRuleId });
export const AlertChannelIdParams = z.object({ id: AlertChannelId });
export const AlertIdParams = z.object({ id: AlertId });

const cursorQuery = {
  limit: pageLimit(500, 50),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
};
const page = <T extends z.core.$ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

// ---- rules ---------------------------------------------------------------------------------------

const ruleName = () => z.string().check(z.trim(), z.minLength(1, "is required"), z.maxLength(100, "must be at most 100 characters"));
/** Minutes, fractions allowed (tests use seconds' worth), up to a week. */
const minutes = (description: string) =>
  z.number().check(z.gte(0, "must be 0 or more"), z.lte(10_080, "must be at most 10080 (a week)")).register(z.globalRegistry, { description });
const uniqueList = <T>(list: T[]) => [...new Set(list)];

const cooldownMinutes = () =>
  minutes("After a notice, the rule sends nothing more about the same subject for this long; an unacknowledged alert is reminded every cooldown while it fires. 0: no reminders, no pause");
const channelIds = () =>
  z.pipe(z.array(AlertChannelId).check(z.maxLength(20, "must list at most 20 channels")), z.transform(uniqueList)).register(z.globalRegistry, {
    description: "Where notices go; an empty list still records the alert in the history",
  });
const instanceIds = () =>
  z
    .nullable(z.pipe(z.array(InstanceId).check(z.minLength(1, "must list at least one instance (or be null for every instance)"), z.maxLength(500, "must list at most 500 instances")), z.transform(uniqueList)))
    .register(z.globalRegistry, { description: "Only these instances; null: every instance" });
const statusList = () =>
  z
    .pipe(z.array(z.enum(ALERTABLE_STATUSES)).check(z.minLength(1, "must list at least one status"), z.maxLength(ALERTABLE_STATUSES.length)), z.transform(uniqueList))
    .register(z.globalRegistry, { description: "The statuses that count (any of them)" });
const forMinutesValue = () => minutes("How long the condition must hold before the alert fires");

const ruleCommon = {
  name: ruleName(),
  severity: z._default(AlertSeverity, "warning"),
  cooldownMinutes: z._default(cooldownMinutes(), 30),
  channelIds: z._default(channelIds(), []),
  enabled: z._default(z.boolean(), true),
};
const instanceFilter = { instanceIds: z._default(instanceIds(), null) };
const forMinutes = { forMinutes: forMinutesValue() };
const statuses = { statuses: statusList() };

/** A new rule; the kind says which condition fields it takes. */
export const CreateAlertRuleRequest = z
  .discriminatedUnion(
    "kind",
    [
      z.strictObject({ kind: z.literal("instance_status"), ...statuses, ...forMinutes, ...instanceFilter, ...ruleCommon }),
      z.strictObject({ kind: z.literal("instance_unresponsive"), ...instanceFilter, ...ruleCommon }),
      z.strictObject({ kind: z.literal("instance_logged_out"), ...instanceFilter, ...ruleCommon }),
      z.strictObject({ kind: z.literal("webhook_failing"), ...forMinutes, ...ruleCommon }),
      z.strictObject({ kind: z.literal("webhook_disabled"), ...ruleCommon }),
      z.strictObject({ kind: z.literal("node_down"), ...ruleCommon }),
    ],
    { error: (issue) => (issue.code === "invalid_union" ? `must be one of: ${ALERT_RULE_KINDS.join(", ")}` : undefined) },
  )
  .register(z.globalRegistry, { id: "CreateAlertRuleRequest" });
export type CreateAlertRuleRequest = z.input<typeof CreateAlertRuleRequest>;
export type AlertRuleDefinition = z.output<typeof CreateAlertRuleRequest>;

/** Any field of a rule but its kind; the result must still be a valid rule of that kind. */
export const UpdateAlertRuleRequest = z
  .strictObject({
    name: z.optional(ruleName()),
    statuses: z.optional(statusList()),
    forMinutes: z.optional(forMinutesValue()),
    instanceIds: z.optional(instanceIds()),
    severity: z.optional(AlertSeverity),
    cooldownMinutes: z.optional(cooldownMinutes()),
    channelIds: z.optional(channelIds()),
    enabled: z.optional(z.boolean()),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, "must change at least one field"))
  .register(z.globalRegistry, { id: "UpdateAlertRuleRequest" });
export type UpdateAlertRuleRequest = z.input<typeof UpdateAlertRuleRequest>;

export const AlertRule = z
  .object({
    id: AlertRuleId,
    name: z.string(),
    kind: AlertRuleKind,
    statuses: z.optional(z.array(z.enum(ALERTABLE_STATUSES))),
    forMinutes: z.optional(z.number()),
    instanceIds: z.optional(z.nullable(z.array(InstanceId))).register(z.globalRegistry, { description: "Instance rules: only these instances; null: every instance" }),
    severity: AlertSeverity,
    cooldownMinutes: z.number(),
    channelIds: z.array(AlertChannelId),
    enabled: z.boolean(),
    createdAt: iso,
    updatedAt: iso,
  })
  .register(z.globalRegistry, { id: "AlertRule" });
export type AlertRule = z.infer<typeof AlertRule>;

export const ListAlertRulesQuery = z.strictObject({ ...cursorQuery });
export const AlertRuleList = page(AlertRule).register(z.globalRegistry, { id: "AlertRuleList" });
export type AlertRuleList = z.infer<typeof AlertRuleList>;

// ---- channels ------------------------------------------------------------------------------------

const channelName = () => z.string().check(z.trim(), z.minLength(1, "is required"), z.maxLength(100, "must be at most 100 characters"));

const emailList = () =>
  z
    .pipe(
      z
        .array(z.email("must be an e-mail address").check(z.maxLength(254, "must be at most 254 characters")))
        .check(z.minLength(1, "must list at least one address"), z.maxLength(20, "must list at most 20 addresses")),
      z.transform(uniqueList),
    )
    .register(z.globalRegistry, { description: "Recipients", example: ["oncall@example.com"] });
const botToken = () =>
  z
    .string()
    .check(z.trim(), z.regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, "must be a Telegram bot token like 123456789:AAH…"))
    .register(z.globalRegistry, { description: "The bot's token from @BotFather (never shown again)", example: "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0" });
const chatId = () =>
  z
    .string()
    .check(z.trim(), z.regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,63})$/, "must be a Telegram chat id (digits, negative for groups) or a @channelname"))
    .register(z.globalRegistry, { description: "Where the bot writes: a chat id, or @channelname", example: "-1001234567890" });
const slackUrl = () => httpUrl("The incoming webhook URL (it is the credential: never shown again)", "https://hooks.slack.com/services/T000/B000/XXXX");
const discordUrl = () => httpUrl("The channel's webhook URL (it is the credential: never shown again)", "https://discord.com/api/webhooks/123/abc");
const webhookUrl = () => httpUrl("Where signed alerts are POSTed", "https://example.com/hooks/alerts");

const channelCommon = { name: channelName(), enabled: z._default(z.boolean(), true) };

/** A new channel; the type says which fields it takes. */
export const CreateAlertChannelRequest = z
  .discriminatedUnion(
    "type",
    [
      z.strictObject({ type: z.literal("email"), to: emailList(), ...channelCommon }),
      z.strictObject({ type: z.literal("slack"), url: slackUrl(), ...channelCommon }),
      z.strictObject({ type: z.literal("discord"), url: discordUrl(), ...channelCommon }),
      z.strictObject({ type: z.literal("telegram"), botToken: botToken(), chatId: chatId(), ...channelCommon }),
      z.strictObject({ type: z.literal("webhook"), url: webhookUrl(), ...channelCommon }),
    ],
    { error: (issue) => (issue.code === "invalid_union" ? `must be one of: ${ALERT_CHANNEL_TYPES.join(", ")}` : undefined) },
  )
  .register(z.globalRegistry, { id: "CreateAlertChannelRequest" });
export type CreateAlertChannelRequest = z.input<typeof CreateAlertChannelRequest>;
export type AlertChannelDefinition = z.output<typeof CreateAlertChannelRequest>;

/** Any field of a channel but its type; a secret left out keeps the one saved. */
export const UpdateAlertChannelRequest = z
  .strictObject({
    name: z.optional(channelName()),
    enabled: z.optional(z.boolean()),
    to: z.optional(emailList()),
    url: z.optional(httpUrl("slack, discord: the new webhook URL; webhook: where signed alerts go", "https://example.com/hooks/alerts")),
    botToken: z.optional(botToken()),
    chatId: z.optional(chatId()),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, "must change at least one field"))
  .register(z.globalRegistry, { id: "UpdateAlertChannelRequest" });
export type UpdateAlertChannelRequest = z.input<typeof UpdateAlertChannelRequest>;

export const AlertChannel = z
  .object({
    id: AlertChannelId,
    name: z.string(),
    type: AlertChannelType,
    enabled: z.boolean(),
    hasSecret: z.boolean().register(z.globalRegistry, { description: "A secret is saved (webhook URL, bot token, signing secret); it is never shown again" }),
    to: z.optional(z.array(z.string())).register(z.globalRegistry, { description: "email: the recipients" }),
    chatId: z.optional(z.string()).register(z.globalRegistry, { description: "telegram: the chat" }),
    url: z.optional(z.string()).register(z.globalRegistry, { description: "webhook: where signed alerts go" }),
    urlHint: z.optional(z.string()).register(z.globalRegistry, { description: "slack, discord: the saved URL's host, to tell URLs apart", example: "https://hooks.slack.com/…" }),
    botTokenHint: z.optional(z.string()).register(z.globalRegistry, { description: "telegram: the bot's id, the part of the token before the colon", example: "123456789:…" }),
    secretHint: z.optional(z.string()).register(z.globalRegistry, { description: "webhook: the first characters of the signing secret", example: "whsec_AbCd…" }),
    createdAt: iso,
    updatedAt: iso,
  })
  .register(z.globalRegistry, { id: "AlertChannel" });
export type AlertChannel = z.infer<typeof AlertChannel>;

export const AlertChannelWithSecret = z
  .extend(AlertChannel, {
    secret: z.optional(z.string()).register(z.globalRegistry, { description: "webhook: the signing secret (Standard Webhooks, whsec_…), shown only now", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
  })
  .register(z.globalRegistry, { id: "AlertChannelWithSecret" });
export type AlertChannelWithSecret = z.infer<typeof AlertChannelWithSecret>;

export const ListAlertChannelsQuery = z.strictObject({ ...cursorQuery });
export const AlertChannelList = page(AlertChannel).register(z.globalRegistry, { id: "AlertChannelList" });
export type AlertChannelList = z.infer<typeof AlertChannelList>;

// ---- history -------------------------------------------------------------------------------------

export const AlertNoticeKind = z.enum(["firing", "reminder", "resolved", "test"]).register(z.globalRegistry, { id: "AlertNoticeKind" });
export type AlertNoticeKind = z.infer<typeof AlertNoticeKind>;

/** What one channel did with one notice. */
export const AlertDelivery = z
  .object({
    channelId: AlertChannelId,
    channelName: z.string(),
    channelType: AlertChannelType,
    notice: AlertNoticeKind,
    ok: z.boolean(),
    at: iso,
    latencyMs: z.number().check(z.int(), z.nonnegative()),
    statusCode: z.optional(z.number().check(z.int())).register(z.globalRegistry, { description: "HTTP status, or the SMTP reply code of a refusal" }),
    error: z.optional(z.string()).register(z.globalRegistry, { description: 'Why it failed, e.g. "SMTP refused: 535 auth failed" or "HTTP 404 from the webhook"' }),
  })
  .register(z.globalRegistry, { id: "AlertDelivery" });
export type AlertDelivery = z.infer<typeof AlertDelivery>;

export const AlertSubject = z
  .object({
    type: z.enum(["instance", "webhook", "node"]),
    id: z.string(),
    name: z.string(),
    detail: z.string().register(z.globalRegistry, { description: "What was wrong, e.g. the status and its reason" }),
    since: z.iso.datetime().register(z.globalRegistry, { description: "When the condition began" }),
    resolvedAt: z.optional(iso),
  })
  .register(z.globalRegistry, { id: "AlertSubject" });
export type AlertSubject = z.infer<typeof AlertSubject>;

export const Alert = z
  .object({
    id: AlertId,
    ruleId: AlertRuleId,
    ruleName: z.string(),
    kind: AlertRuleKind,
    severity: AlertSeverity,
    state: AlertState,
    title: z.string(),
    message: z.string(),
    subjects: z.array(AlertSubject).register(z.globalRegistry, { description: "What it covers: subjects whose conditions began together are grouped into one alert" }),
    firedAt: iso,
    notifiedAt: z.optional(iso).register(z.globalRegistry, { description: "When the first notice went out (after the grouping window)" }),
    acknowledgedAt: z.optional(iso),
    acknowledgedBy: z.optional(z.string()),
    resolvedAt: z.optional(iso),
    deliveries: z.array(AlertDelivery),
  })
  .register(z.globalRegistry, { id: "Alert" });
export type Alert = z.infer<typeof Alert>;

export const ListAlertsQuery = z.strictObject({
  state: commaList(AlertState, "Comma-separated states", "firing,acknowledged"),
  severity: commaList(AlertSeverity, "Comma-separated severities", "critical"),
  ruleId: z.optional(AlertRuleId).register(z.globalRegistry, { description: "Only this rule's alerts" }),
  ...cursorQuery,
});
export const AlertList = page(Alert).register(z.globalRegistry, { id: "AlertList" });
export type AlertList = z.infer<typeof AlertList>;
