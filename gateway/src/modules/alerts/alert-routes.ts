import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  Alert,
  AlertChannel,
  AlertChannelIdParams,
  AlertChannelList,
  AlertChannelWithSecret,
  AlertDelivery,
  AlertIdParams,
  AlertList,
  AlertRule,
  AlertRuleIdParams,
  AlertRuleList,
  CreateAlertChannelRequest,
  CreateAlertRuleRequest,
  ListAlertChannelsQuery,
  ListAlertRulesQuery,
  ListAlertsQuery,
  UpdateAlertChannelRequest,
  UpdateAlertRuleRequest,
} from "../../../../contract/alerts";
import { actorOf } from "../../plugins/auth";
import { json, problem } from "../../plugins/openapi";

const TAGS = ["Alerts"];
// Operators and admin API keys; an instance token gets 403 (plugins/auth.ts).
const operator = { auth: "operator" } as const;
const noRule = problem("No such alert rule");
const noChannel = problem("No such alert channel");
const noAlert = problem("No such alert");

/** Alert rules, channels (with their test button), the history and acknowledging. */
export default async function alertRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { alerts } = app;

  // ---- rules ----

  r.get(
    "/api/v1/alerts/rules",
    {
      config: operator,
      schema: {
        operationId: "listAlertRules",
        summary: "List alert rules, newest first",
        description: "Every alert rule with its condition, severity, cooldown and channels. Cursor paging.",
        tags: TAGS,
        querystring: ListAlertRulesQuery,
        response: { 200: json("A page of rules", AlertRuleList) },
      },
    },
    async (request) => alerts.rules.list(request.query),
  );

  r.post(
    "/api/v1/alerts/rules",
    {
      config: operator,
      schema: {
        operationId: "createAlertRule",
        summary: "Create an alert rule: what to watch, for how long, how severe, how often to repeat, where to send",
        description:
          "`kind` picks the condition: `instance_status` (an instance in one of `statuses` for longer than `forMinutes`), `instance_unresponsive`, `instance_logged_out` (the phone removed the device), `webhook_failing` (every delivery failing for longer than `forMinutes`), `webhook_disabled` (the gateway disabled an endpoint) or `node_down` (cluster mode). Instance rules may be limited to `instanceIds`. Subjects whose conditions start within the grouping window are sent as one alert; `cooldownMinutes` keeps the rule quiet about a subject after a notice and paces reminders.",
        tags: TAGS,
        body: CreateAlertRuleRequest,
        response: { 201: json("Created", AlertRule) },
      },
    },
    async (request, reply) => reply.code(201).send(await alerts.rules.create(request.body)),
  );

  r.get(
    "/api/v1/alerts/rules/:id",
    {
      config: operator,
      schema: { operationId: "getAlertRule", summary: "One alert rule", description: "One alert rule.", tags: TAGS, params: AlertRuleIdParams, response: { 200: json("The rule", AlertRule), 404: noRule } },
    },
    async (request) => alerts.rules.get(request.params.id),
  );

  r.patch(
    "/api/v1/alerts/rules/:id",
    {
      config: operator,
      schema: {
        operationId: "updateAlertRule",
        summary: "Change a rule's name, condition, instances, severity, cooldown, channels or enabled (not its kind)",
        description: "Changes any field but `kind`; the result must be a valid rule of its kind (a field the kind does not take is a 400). A disabled rule opens no alerts and sends nothing.",
        tags: TAGS,
        params: AlertRuleIdParams,
        body: UpdateAlertRuleRequest,
        response: { 200: json("Updated", AlertRule), 404: noRule },
      },
    },
    async (request) => alerts.rules.update(request.params.id, request.body),
  );

  r.delete(
    "/api/v1/alerts/rules/:id",
    {
      config: operator,
      schema: {
        operationId: "deleteAlertRule",
        summary: "Delete an alert rule (its alerts stay in the history)",
        description: "Deletes the rule. Its alerts stay in the history; open ones resolve without notices when their subjects recover.",
        tags: TAGS,
        params: AlertRuleIdParams,
        response: { 204: z.undefined().describe("Deleted"), 404: noRule },
      },
    },
    async (request, reply) => {
      await alerts.rules.remove(request.params.id);
      return reply.code(204).send();
    },
  );

  // ---- channels ----

  r.get(
    "/api/v1/alerts/channels",
    {
      config: operator,
      schema: {
        operationId: "listAlertChannels",
        summary: "List alert channels, newest first (credentials are never shown)",
        description: "Every channel with its type and settings. Webhook URLs of Slack and Discord, Telegram bot tokens and signing secrets are never shown again after saving: `hasSecret` and a hint instead. Cursor paging.",
        tags: TAGS,
        querystring: ListAlertChannelsQuery,
        response: { 200: json("A page of channels", AlertChannelList) },
      },
    },
    async (request) => alerts.channels.list(request.query),
  );

  r.post(
    "/api/v1/alerts/channels",
    {
      config: operator,
      schema: {
        operationId: "createAlertChannel",
        summary: "Create an alert channel: e-mail, Slack, Discord, Telegram or a signed webhook",
        description:
          "`type` picks the channel: `email` (recipients; sent through the gateway's SMTP_URL), `slack` and `discord` (an incoming webhook URL), `telegram` (a bot token and a chat id) or `webhook` (a URL that receives Standard Webhooks-signed alerts; the response carries its signing secret, the only time it is shown). URLs must not point at private addresses (WEBHOOK_ALLOW_IPS).",
        tags: TAGS,
        body: CreateAlertChannelRequest,
        response: { 201: json("Created (a webhook channel with its signing secret)", AlertChannelWithSecret) },
      },
    },
    async (request, reply) => reply.code(201).send(await alerts.channels.create(request.body)),
  );

  r.get(
    "/api/v1/alerts/channels/:id",
    {
      config: operator,
      schema: { operationId: "getAlertChannel", summary: "One alert channel", description: "One alert channel, credentials as hints.", tags: TAGS, params: AlertChannelIdParams, response: { 200: json("The channel", AlertChannel), 404: noChannel } },
    },
    async (request) => alerts.channels.get(request.params.id),
  );

  r.patch(
    "/api/v1/alerts/channels/:id",
    {
      config: operator,
      schema: {
        operationId: "updateAlertChannel",
        summary: "Change a channel's name, enabled, recipients, URL, bot token or chat id (not its type)",
        description: "Changes any field its type takes; a credential left out keeps the one saved. A disabled channel receives nothing but its test.",
        tags: TAGS,
        params: AlertChannelIdParams,
        body: UpdateAlertChannelRequest,
        response: { 200: json("Updated", AlertChannel), 404: noChannel },
      },
    },
    async (request) => alerts.channels.update(request.params.id, request.body),
  );

  r.delete(
    "/api/v1/alerts/channels/:id",
    {
      config: operator,
      schema: {
        operationId: "deleteAlertChannel",
        summary: "Delete an alert channel (rules stop sending to it)",
        description: "Deletes the channel and takes it out of every rule.",
        tags: TAGS,
        params: AlertChannelIdParams,
        response: { 204: z.undefined().describe("Deleted"), 404: noChannel },
      },
    },
    async (request, reply) => {
      await alerts.channels.remove(request.params.id);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/v1/alerts/channels/:id/test",
    {
      config: operator,
      schema: {
        operationId: "testAlertChannel",
        summary: "Send a test alert through the channel now and say what happened",
        description: 'Sends a test notice now and returns the outcome: `ok`, the HTTP status or SMTP reply code, the time it took, and on failure why (e.g. "SMTP refused: 535 auth failed", "HTTP 404 from the webhook"). Not recorded in the history.',
        tags: TAGS,
        params: AlertChannelIdParams,
        response: { 200: json("What the channel did (ok is false on any failure)", AlertDelivery), 404: noChannel },
      },
    },
    async (request) => alerts.channels.test(request.params.id),
  );

  // ---- history ----

  r.get(
    "/api/v1/alerts/history",
    {
      config: operator,
      schema: {
        operationId: "listAlerts",
        summary: "Alert history, newest first: filter by state, severity and rule; cursor paging",
        description: "Every alert the rules opened, newest first, with its subjects, state and what each channel did with each notice. Filter by state, severity and rule. Cursor paging.",
        tags: TAGS,
        querystring: ListAlertsQuery,
        response: { 200: json("A page of alerts", AlertList) },
      },
    },
    async (request) => alerts.list(request.query),
  );

  r.get(
    "/api/v1/alerts/history/:id",
    {
      config: operator,
      schema: { operationId: "getAlert", summary: "One alert", description: "One alert with its subjects and deliveries.", tags: TAGS, params: AlertIdParams, response: { 200: json("The alert", Alert), 404: noAlert } },
    },
    async (request) => alerts.get(request.params.id),
  );

  r.post(
    "/api/v1/alerts/history/:id/ack",
    {
      config: operator,
      schema: {
        operationId: "acknowledgeAlert",
        summary: "Acknowledge an alert: no more reminders; it stays open until its subjects recover",
        description: "Marks the alert acknowledged by the caller. Reminders stop; it stays listed as open until every subject recovers, then it resolves (and a resolved notice goes out). Acknowledging an acknowledged alert changes nothing; a resolved one is a 409.",
        tags: TAGS,
        params: AlertIdParams,
        response: { 200: json("Acknowledged", Alert), 404: noAlert, 409: problem("The alert is resolved") },
      },
    },
    async (request) => alerts.acknowledge(request.params.id, actorOf(request) ?? "unknown"),
  );
}
