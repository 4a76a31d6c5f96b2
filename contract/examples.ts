// Example values for the OpenAPI document (request and response examples of every operation), typed with the
// contract's own types so they cannot drift from the shapes; the linters also check them against the schemas.
// Only the gateway's document uses them; the panel never imports them.
import type { AssignProxiesRequest, AssignProxiesResult, CreateProxyRequest, InstanceProxy, InstanceProxyChange, PoolProxy, ProxyList, ProxyTestResult, UpdateProxyRequest } from "./proxies";
import type { InstanceProxySpec } from "./proxy-url";
import type { ApplyTemplateRequest, CreateTemplateRequest, SettingsTemplate, SettingsTemplateWithSecret, TemplateApplyResult, TemplateList, UpdateTemplateRequest } from "./templates";
import type { Alert, AlertChannel, AlertChannelList, AlertChannelWithSecret, AlertDelivery, AlertList, AlertRule, AlertRuleList, CreateAlertChannelRequest, CreateAlertRuleRequest, UpdateAlertChannelRequest, UpdateAlertRuleRequest } from "./alerts";
import type { ApiKey, ApiKeyList, CreateApiKeyRequest, CreatedApiKey } from "./api-keys";
import type { ChangePasswordRequest, LoginRequest, LoginResponse, MeResponse, SocketTicketResponse, WhoAmIResponse } from "./auth";
import type { ErrorBody } from "./errors";
import type { DrainNodeResponse, GatewayNode, GatewayNodeList, MoveInstanceRequest } from "./cluster";
import type { HealthResponse } from "./health";
import type { CreateInstanceRequest, Instance, InstanceList, InstanceQr, PairingCodeResponse, StatusHistoryList, UpdateInstanceRequest } from "./instances";
import type { LogCounts, LogList } from "./logs";
import type { CheckNumbersRequest, CheckNumbersResponse, ContactProfile, Group, GroupList, PresenceRequest, ReadMessagesRequest, ReadMessagesResponse } from "./chats";
import type { EditMessageRequest, Message, SendMessageRequest, SendMessageResponse } from "./messages";
import type { PrivacySettings, Profile, UpdatePrivacyRequest, UpdateProfileRequest } from "./profile";
import type { SendQueueInfo, UpdateSendQueueRequest } from "./send-queue";
import type { Activity, Uptime } from "./stats";
import type { UpdateWatchdogRequest, WatchdogSettings } from "./watchdog";
import type { InstanceSettings, InstanceSettingsUpdate, UpdateInstanceSettingsRequest } from "./instance-settings";
import type {
  CreateWebhookRequest,
  RotateSecretResponse,
  TestWebhookResponse,
  UpdateWebhookRequest,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryList,
  WebhookEventType,
  WebhookEventTypeList,
  WebhookWithSecret,
} from "./webhooks";
import { WEBHOOK_EVENT_GROUPS, WEBHOOK_EVENT_TYPES } from "./webhooks";
import { WEBHOOK_EVENT_SAMPLES } from "./webhook-samples";

const AT = "2026-01-15T10:30:00.000Z";
const LATER = "2026-01-15T10:30:02.000Z";
const INSTANCE_ID = "ins_3kq9x2m1v8r4";
const WEBHOOK_ID = "whk_3kq9x2m1v8r4";
const DELIVERY_ID = "whd_7hj2k9d0s1a3";
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

const instance: Instance = {
  id: INSTANCE_ID,
  name: "Support line",
  status: "CONNECTED",
  statusReason: "Connected",
  seq: 12,
  node: "gw-1",
  engine: "baileys",
  number: "4915123456789",
  pushName: "Acme Support",
  platform: "android",
  browser: ["WhatsApp API Manager", "Chrome", "120.0"],
  connectedAt: AT,
  createdAt: "2026-01-10T08:00:00.000Z",
  updatedAt: AT,
};

const instanceSettings: InstanceSettings = {
  rejectCalls: true,
  rejectCallMessage: "Sorry, this number does not take calls. Please write a message.",
  alwaysOnline: false,
  readMessages: true,
  readStatus: false,
  ignoreGroups: true,
  ignoreStatus: true,
  ignoreNewsletters: true,
  ignoreBroadcasts: false,
  syncFullHistory: false,
  deviceName: "Support desk",
  watchdogPolicy: null,
  watchdogSilenceSeconds: 300,
};

const gatewayNode: GatewayNode = {
  name: "gw-1",
  version: "0.1.0",
  startedAt: "2026-01-15T09:30:00.000Z",
  heartbeatAt: "2026-01-15T10:29:59.000Z",
  live: true,
  draining: false,
  instances: 120,
};

const apiKey: ApiKey = {
  id: "key_8fj2k4l9m0q1",
  name: "CRM integration",
  hint: "wam_…x7Qe",
  scope: "instance",
  instanceId: INSTANCE_ID,
  permissions: [],
  createdAt: "2026-01-10T08:05:00.000Z",
  lastUsedAt: AT,
  expiresAt: null,
  revokedAt: null,
};

const webhook: Webhook = {
  id: WEBHOOK_ID,
  url: "https://example.com/hooks/whatsapp",
  enabled: true,
  description: "Orders service",
  events: ["message.received", "message.status"],
  instanceId: null,
  headers: [{ name: "X-Api-Token", value: "••••" }],
  secretHint: "whsec_MfKQ…",
  createdAt: "2026-01-10T08:10:00.000Z",
  updatedAt: "2026-01-10T08:10:00.000Z",
  health: { successRate24h: 0.98, attempts24h: 50, lastDeliveryAt: AT, lastStatus: "succeeded", lastStatusCode: 200 },
};

const delivery: WebhookDelivery = {
  id: DELIVERY_ID,
  webhookId: WEBHOOK_ID,
  eventId: "msg_sample0000000001",
  event: "message.received",
  instanceId: INSTANCE_ID,
  status: "succeeded",
  attempts: 1,
  lastStatusCode: 200,
  lastLatencyMs: 84,
  test: false,
  createdAt: AT,
  updatedAt: LATER,
};

const alertRule: AlertRule = {
  id: "alr_5tq8w1n3k7p2",
  name: "Numbers down",
  kind: "instance_status",
  statuses: ["DISCONNECTED", "ERROR"],
  forMinutes: 5,
  instanceIds: null,
  severity: "critical",
  cooldownMinutes: 30,
  channelIds: ["alc_2mv7x9q4r1s8"],
  enabled: true,
  createdAt: "2026-01-10T08:20:00.000Z",
  updatedAt: "2026-01-10T08:20:00.000Z",
};

const alertChannel: AlertChannel = {
  id: "alc_2mv7x9q4r1s8",
  name: "On-call Slack",
  type: "slack",
  enabled: true,
  hasSecret: true,
  urlHint: "https://hooks.slack.com/…",
  createdAt: "2026-01-10T08:15:00.000Z",
  updatedAt: "2026-01-10T08:15:00.000Z",
};

const alertDelivery: AlertDelivery = { channelId: "alc_2mv7x9q4r1s8", channelName: "On-call Slack", channelType: "slack", notice: "firing", ok: true, at: LATER, latencyMs: 212, statusCode: 200 };

const alert: Alert = {
  id: "alt_9fk3j6d2h8l1",
  ruleId: alertRule.id,
  ruleName: alertRule.name,
  kind: "instance_status",
  severity: "critical",
  state: "firing",
  title: 'Instance "Support line" DISCONNECTED for over 5 min',
  message: 'Rule "Numbers down" (critical), 1 subject:\n• Support line (ins_3kq9x2m1v8r4): DISCONNECTED (440): Connection replaced; since 2026-01-15 10:25:00 UTC',
  subjects: [{ type: "instance", id: INSTANCE_ID, name: "Support line", detail: "DISCONNECTED (440): Connection replaced", since: "2026-01-15T10:25:00.000Z" }],
  firedAt: AT,
  notifiedAt: LATER,
  deliveries: [alertDelivery],
};

const privacySettings: PrivacySettings = { lastSeen: "contacts", online: "match_last_seen", profilePicture: "all", about: "contacts", readReceipts: "all", groupsAdd: "contacts" };

const login: LoginResponse = {
  token: "wgs_0sE3kTQy9m2pXa7Lr4dVbN8cHj6fWu1gZq5oKi3tYe",
  expiresAt: "2026-01-15T22:30:00.000Z",
  operator: { id: "op_1a2b3c4d5e6f", username: "admin" },
};

/**
 * One example per component the operations send or receive, by the component's name in the document. A request
 * body or JSON response whose schema is one of these shows it as its example.
 */
// ---- proxies (docs/proxies.md) ----
const poolProxy: PoolProxy = {
  id: "prx_7Hk2mQ9xL4pR",
  name: "Frankfurt 1",
  url: "http://user:••••@proxy.example.com:8080",
  protocol: "http",
  host: "proxy.example.com",
  port: 8080,
  hasCredentials: true,
  maxInstances: 10,
  instances: 7,
  health: { state: "ok", checkedAt: LATER, latencyMs: 148, exitIp: "203.0.113.24", error: null, errorCode: null },
  createdAt: AT,
  updatedAt: AT,
};
const instanceProxy: InstanceProxy = { instanceId: INSTANCE_ID, mode: "pool", proxyId: poolProxy.id, proxyName: poolProxy.name, url: poolProxy.url, health: poolProxy.health };

// ---- settings templates (docs/templates.md) ----
const settingsTemplate: SettingsTemplate = {
  id: "tpl_4Hq8mZ2xK7pW",
  name: "Support desks",
  description: "Calls declined with a reply, groups ignored, messages read at once",
  isDefault: true,
  settings: { rejectCalls: true, rejectCallMessage: "Sorry, this number does not take calls. Please write a message.", ignoreGroups: true, readMessages: true, deviceName: "Support desk" },
  proxy: { mode: "auto" },
  webhooks: [{ url: "https://example.com/hooks/whatsapp", events: ["message.received", "call.received"] }],
  secretHint: "whsec_MfKQ…",
  createdAt: AT,
  updatedAt: AT,
};

export const OPENAPI_EXAMPLES: {
  LoginRequest: LoginRequest;
  LoginResponse: LoginResponse;
  ChangePasswordRequest: ChangePasswordRequest;
  Me: MeResponse;
  WhoAmI: WhoAmIResponse;
  SocketTicket: SocketTicketResponse;
  ApiKey: ApiKey;
  ApiKeyList: ApiKeyList;
  CreateApiKeyRequest: CreateApiKeyRequest;
  CreatedApiKey: CreatedApiKey;
  Instance: Instance;
  InstanceList: InstanceList;
  CreateInstanceRequest: CreateInstanceRequest;
  UpdateInstanceRequest: UpdateInstanceRequest;
  InstanceQr: InstanceQr;
  PairingCodeRequest: { phoneNumber: string };
  PairingCode: PairingCodeResponse;
  StatusHistoryList: StatusHistoryList;
  SendMessageRequest: SendMessageRequest;
  /** A multipart form: its fields, and the file part shown as what a client puts there. */
  SendMediaUpload: { type: "image"; to: string; caption?: string; file: string };
  SendMessageResponse: SendMessageResponse;
  Message: Message;
  EditMessageRequest: EditMessageRequest;
  SendQueue: SendQueueInfo;
  UpdateSendQueueRequest: UpdateSendQueueRequest;
  WatchdogSettings: WatchdogSettings;
  Activity: Activity;
  Uptime: Uptime;
  UpdateWatchdogRequest: UpdateWatchdogRequest;
  SandboxScanRequest: { number?: string; pushName?: string };
  SandboxDisconnectRequest: { code: number; reason?: string };
  SandboxInboundRequest: { type?: string; from: string; text?: string; caption?: string; data?: string; mimetype?: string };
  SandboxInboundResponse: { messageId: string; mediaId?: string };
  SandboxReactionRequest: { from: string; messageId: string; emoji: string };
  SandboxRevokeRequest: { from: string; messageId: string };
  SandboxCallRequest: { from: string; isVideo?: boolean };
  SandboxCallResponse: { callId: string; rejected?: true; replyMessageId?: string };
  SandboxLinkedDevices: { items: Array<{ name: string; platform: string; linkedAt: string }> };
  InstanceSettings: InstanceSettings;
  UpdateInstanceSettingsRequest: UpdateInstanceSettingsRequest;
  InstanceSettingsUpdate: InstanceSettingsUpdate;
  SandboxGroupParticipantsRequest: { group: string; action: string; participants: string[]; author?: string };
  SandboxPresenceRequest: { from: string; presence: string };
  SandboxReceivedList: { items: Array<Record<string, unknown>> };
  SandboxActivity: { presences: Array<{ to: string; state: string; at: string }>; reads: Array<{ messageId: string; at: string }>; sessions: Array<{ at: string; proxy: string | null; browser: [string, string, string]; syncFullHistory: boolean }> };
  CheckNumbersRequest: CheckNumbersRequest;
  CheckNumbersResponse: CheckNumbersResponse;
  GroupList: GroupList;
  Group: Group;
  PresenceRequest: PresenceRequest;
  ReadMessagesRequest: ReadMessagesRequest;
  ReadMessagesResponse: ReadMessagesResponse;
  ContactProfile: ContactProfile;
  // The linked account's own profile and privacy (issue 21).
  Profile: Profile;
  UpdateProfileRequest: UpdateProfileRequest;
  /** A multipart form: the file part shown as what a client puts there. */
  ProfilePictureUpload: { file: string };
  PrivacySettings: PrivacySettings;
  UpdatePrivacyRequest: UpdatePrivacyRequest;
  Webhook: Webhook;
  WebhookList: { items: Webhook[]; nextCursor: string | null };
  WebhookWithSecret: WebhookWithSecret;
  CreateWebhookRequest: CreateWebhookRequest;
  UpdateWebhookRequest: UpdateWebhookRequest;
  RotateSecretRequest: { graceSeconds?: number };
  RotateSecretResponse: RotateSecretResponse;
  TestWebhookRequest: { event: WebhookEventType };
  TestWebhookResponse: TestWebhookResponse;
  WebhookEventTypeList: WebhookEventTypeList;
  WebhookDelivery: WebhookDelivery;
  WebhookDeliveryList: WebhookDeliveryList;
  WebhookDeliveryDetail: WebhookDeliveryDetail;
  LogList: LogList;
  LogCounts: LogCounts;
  Health: HealthResponse;
  GatewayNodeList: GatewayNodeList;
  MoveInstanceRequest: MoveInstanceRequest;
  PoolProxy: PoolProxy;
  ProxyList: ProxyList;
  CreateProxyRequest: CreateProxyRequest;
  UpdateProxyRequest: UpdateProxyRequest;
  TestProxyRequest: { url: string };
  ProxyTestResult: ProxyTestResult;
  InstanceProxy: InstanceProxy;
  InstanceProxyChange: InstanceProxyChange;
  InstanceProxySpec: InstanceProxySpec;
  AssignProxiesRequest: AssignProxiesRequest;
  AssignProxiesResult: AssignProxiesResult;
  SettingsTemplate: SettingsTemplate;
  SettingsTemplateWithSecret: SettingsTemplateWithSecret;
  TemplateList: TemplateList;
  CreateTemplateRequest: CreateTemplateRequest;
  UpdateTemplateRequest: UpdateTemplateRequest;
  ApplyTemplateRequest: ApplyTemplateRequest;
  TemplateApplyResult: TemplateApplyResult;
  DrainNodeResponse: DrainNodeResponse;
  AlertRule: AlertRule;
  AlertRuleList: AlertRuleList;
  CreateAlertRuleRequest: CreateAlertRuleRequest;
  UpdateAlertRuleRequest: UpdateAlertRuleRequest;
  AlertChannel: AlertChannel;
  AlertChannelList: AlertChannelList;
  AlertChannelWithSecret: AlertChannelWithSecret;
  CreateAlertChannelRequest: CreateAlertChannelRequest;
  UpdateAlertChannelRequest: UpdateAlertChannelRequest;
  AlertDelivery: AlertDelivery;
  Alert: Alert;
  AlertList: AlertList;
} = {
  LoginRequest: { username: "admin", password: "correct horse battery staple" },
  LoginResponse: login,
  ChangePasswordRequest: { currentPassword: "correct horse battery staple", newPassword: "a longer passphrase for 2026" },
  Me: { operator: login.operator, session: { expiresAt: login.expiresAt, idleExpiresAt: "2026-01-15T11:00:00.000Z" } },
  WhoAmI: { kind: "apiKey", apiKey },
  SocketTicket: { ticket: "wst_5Jd8sKq2Lm9Xp4Vn7Bc1Hz6Ty3Re0Wa", expiresAt: "2026-01-15T10:31:00.000Z" },
  ApiKey: { ...apiKey, revokedAt: LATER },
  ApiKeyList: { items: [apiKey], nextCursor: null },
  CreateApiKeyRequest: { name: "CRM integration", scope: "instance", instanceId: INSTANCE_ID },
  CreatedApiKey: { key: apiKey, token: "wam_3Jx9Qm2Lp8Rk5Tz1Vb7Nc4Hd6Fg0Ws2Ye9Ua1x7Qe" },
  Instance: instance,
  InstanceList: { items: [instance], nextCursor: null },
  CreateInstanceRequest: { name: "Support line", browser: ["WhatsApp API Manager", "Chrome", "120.0"], connect: true },
  UpdateInstanceRequest: { name: "Sales line" },
  InstanceQr: { qr: "2@sample-qr-payload,bm9pc2U=,aWRlbnRpdHk=,YWR2", expiresAt: "2026-01-15T10:31:00.000Z", attempt: 1, maxAttempts: 6 },
  PairingCodeRequest: { phoneNumber: "+49 151 2345 6789" },
  PairingCode: { code: "ABCD-EFGH", phoneNumber: "4915123456789" },
  StatusHistoryList: {
    items: [
      { seq: 12, status: "CONNECTED", statusReason: "Connected", at: AT },
      { seq: 11, status: "QR_REQUIRED", at: "2026-01-15T10:29:00.000Z" },
    ],
    nextCursor: "11",
  },
  SendMessageRequest: { type: "text", to: "4915123456789", text: "Your order has shipped." },
  SendMediaUpload: { type: "image", to: "4915123456789", caption: "Your receipt", file: "(the image's bytes: curl -F file=@receipt.jpg)" },
  SendMessageResponse: { id: "3EB0C0FFEE0000000002", messageId: "3EB0C0FFEE0000000002", to: "4915123456789@s.whatsapp.net", status: "pending" },
  Message: {
    id: "3EB0C0FFEE0000000002",
    instanceId: INSTANCE_ID,
    to: "4915123456789@s.whatsapp.net",
    type: "text",
    status: "read",
    createdAt: AT,
    updatedAt: LATER,
    sentAt: AT,
  },
  EditMessageRequest: { text: "Your order has shipped (tracking: 1Z999)." },
  SendQueue: { ratePerSecond: 0.5, instanceRatePerSecond: 0.5, defaultRatePerSecond: 1, burst: 3, queued: 12, queueMax: 1000, last24h: { pending: 12, server_ack: 3, delivered: 40, read: 118, played: 2, failed: 1 } },
  UpdateSendQueueRequest: { ratePerSecond: 0.5 },
  WatchdogSettings: { policy: "alert", silenceSeconds: 300, instancePolicy: "alert", instanceSilenceSeconds: 300, defaultPolicy: "restart", defaultSilenceSeconds: 180, probeTimeoutSeconds: 10 },
  UpdateWatchdogRequest: { policy: "alert", silenceSeconds: 300 },
  Activity: {
    range: "1h",
    bucketSeconds: 300,
    from: "2026-03-01T09:00:00.000Z",
    to: "2026-03-01T10:00:00.000Z",
    points: [
      {
        at: "2026-03-01T09:55:00.000Z",
        messagesIn: 42,
        messagesOut: 17,
        webhooksDelivered: 58,
        webhooksFailed: 1,
        webhookLatencyMs: 84,
        instances: { INIT: 0, QR_REQUIRED: 1, CONNECTED: 38, RECONNECTING: 0, DISCONNECTED: 2, ERROR: 0 },
      },
    ],
  },
  Uptime: {
    range: "24h",
    from: "2026-02-28T10:00:00.000Z",
    to: "2026-03-01T10:00:00.000Z",
    uptimePercent: 99.31,
    connectedSeconds: 85_804,
    observedSeconds: 86_400,
    drops: 2,
    slots: [{ from: "2026-02-28T10:00:00.000Z", status: "CONNECTED", connectedRatio: 1 }],
  },
  SandboxScanRequest: { number: "4915123456789", pushName: "Test Phone" },
  SandboxDisconnectRequest: { code: 428, reason: "Connection closed" },
  SandboxInboundRequest: { type: "image", from: "4915112345678", caption: "The receipt", mimetype: "image/png", data: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=" },
  SandboxInboundResponse: { messageId: "SANDBOX0A1B2C3D4E5F6A7B", mediaId: "med_7Yq2mVx9LkP3sT8wZ1bN4cRf" },
  SandboxReactionRequest: { from: "4915112345678", messageId: "3EB0C0FFEE0000000002", emoji: "👍" },
  SandboxRevokeRequest: { from: "4915112345678", messageId: "SANDBOX0A1B2C3D4E5F6A7B" },
  SandboxCallRequest: { from: "4915112345678", isVideo: false },
  SandboxCallResponse: { callId: "SANDBOXCALL0A1B2C3D4E5F6A7B", rejected: true, replyMessageId: "SANDBOX0A1B2C3D4E5F6A7C" },
  SandboxLinkedDevices: { items: [{ name: "Support desk", platform: "Chrome", linkedAt: AT }] },
  InstanceSettings: instanceSettings,
  UpdateInstanceSettingsRequest: { rejectCalls: true, rejectCallMessage: "Sorry, this number does not take calls. Please write a message.", deviceName: "Support desk" },
  InstanceSettingsUpdate: { settings: instanceSettings, restart: true, restartFor: ["deviceName"] },
  SandboxGroupParticipantsRequest: { group: "120363000000000001@g.us", action: "add", participants: ["4915112345678"], author: "4915123456789" },
  SandboxPresenceRequest: { from: "4915112345678", presence: "composing" },
  SandboxActivity: {
    presences: [{ to: "4915123456789@s.whatsapp.net", state: "composing", at: AT }],
    reads: [{ messageId: "SANDBOX0A1B2C3D4E5F6A7B", at: AT }],
    sessions: [{ at: AT, proxy: "http://user:••••@proxy.example.com:8080", browser: ["Support desk", "Chrome", "120.0"], syncFullHistory: false }],
  },
  CheckNumbersRequest: { numbers: ["+49 151 2345 6789", "4915100000000"] },
  CheckNumbersResponse: {
    items: [
      { number: "4915123456789", exists: true, jid: "4915123456789@s.whatsapp.net" },
      { number: "4915100000000", exists: false, jid: null },
    ],
  },
  GroupList: { items: [{ id: "120363000000000001@g.us", subject: "Support team", size: 3, owner: "4915123456789@s.whatsapp.net", announce: false, restrict: false, createdAt: AT }], nextCursor: null },
  Group: {
    id: "120363000000000001@g.us",
    subject: "Support team",
    size: 2,
    owner: "4915123456789@s.whatsapp.net",
    announce: false,
    restrict: false,
    createdAt: AT,
    participants: [
      { jid: "4915123456789@s.whatsapp.net", isAdmin: true, isSuperAdmin: true },
      { jid: "4915112345678@s.whatsapp.net", isAdmin: false, isSuperAdmin: false },
    ],
  },
  PresenceRequest: { to: "4915123456789", state: "composing" },
  ReadMessagesRequest: { messageIds: ["3EB0C0FFEE0000000001"] },
  ReadMessagesResponse: { read: ["3EB0C0FFEE0000000001"], unknown: [] },
  ContactProfile: { jid: "4915123456789@s.whatsapp.net", pictureUrl: "https://pps.whatsapp.net/v/t61.24694-24/sample.jpg", about: "Available", aboutSetAt: AT, isBusiness: false },
  Profile: { name: "Acme Support", about: "Mon–Fri 9–17", aboutSetAt: AT, hasPicture: true, privacy: privacySettings },
  UpdateProfileRequest: { name: "Acme Support", about: "Mon–Fri 9–17" },
  ProfilePictureUpload: { file: "(the image's bytes: curl -X PUT -F file=@logo.png)" },
  PrivacySettings: privacySettings,
  UpdatePrivacyRequest: { lastSeen: "contacts", readReceipts: "none" },
  SandboxReceivedList: {
    items: [
      {
        messageId: "SANDBOX0A1B2C3D4E5F6A7B",
        to: "4915123456789@s.whatsapp.net",
        type: "image",
        content: { type: "image", caption: "Your invoice" },
        media: { mimetype: "image/png", size: 48213, sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
        edits: [],
        revoked: false,
        at: AT,
      },
    ],
  },
  Webhook: webhook,
  WebhookList: { items: [webhook], nextCursor: null },
  WebhookWithSecret: { ...webhook, secret: SECRET },
  CreateWebhookRequest: {
    url: "https://example.com/hooks/whatsapp",
    description: "Orders service",
    events: ["message.received", "message.status"],
    headers: [{ name: "X-Api-Token", value: "s3cr3t-value" }],
  },
  UpdateWebhookRequest: { events: ["message.received", "message.status", "message.reaction"], headers: [{ name: "X-Api-Token" }] },
  RotateSecretRequest: { graceSeconds: 3600 },
  RotateSecretResponse: { webhook: { ...webhook, previousSecretExpiresAt: "2026-01-15T11:30:00.000Z" }, secret: SECRET, previousSecretExpiresAt: "2026-01-15T11:30:00.000Z" },
  TestWebhookRequest: { event: "message.received" },
  TestWebhookResponse: {
    ok: true,
    statusCode: 200,
    latencyMs: 84,
    responseHeaders: { "content-type": "application/json" },
    bodyExcerpt: '{"received":true}',
    payloadId: "msg_sample0000000001",
    deliveryId: DELIVERY_ID,
  },
  WebhookEventTypeList: {
    items: WEBHOOK_EVENT_TYPES.slice(0, 2).map((type) => ({
      type,
      group: (Object.keys(WEBHOOK_EVENT_GROUPS) as Array<keyof typeof WEBHOOK_EVENT_GROUPS>).find((g) => (WEBHOOK_EVENT_GROUPS[g] as readonly string[]).includes(type))!,
      sample: WEBHOOK_EVENT_SAMPLES[type],
    })),
  },
  WebhookDelivery: {
    id: "whd_9pl3m8n2b6v4",
    webhookId: WEBHOOK_ID,
    eventId: delivery.eventId,
    event: delivery.event,
    instanceId: INSTANCE_ID,
    status: "pending",
    attempts: 0,
    nextAttemptAt: LATER,
    test: false,
    replayOf: DELIVERY_ID,
    createdAt: LATER,
    updatedAt: LATER,
  },
  WebhookDeliveryList: { items: [delivery], nextCursor: null },
  WebhookDeliveryDetail: {
    ...delivery,
    body: JSON.stringify(WEBHOOK_EVENT_SAMPLES["message.received"]),
    attemptLog: [
      {
        n: 1,
        at: AT,
        url: "https://example.com/hooks/whatsapp",
        statusCode: 200,
        latencyMs: 84,
        responseExcerpt: '{"received":true}',
        responseHeaders: { "content-type": "application/json" },
        requestHeaders: { "content-type": "application/json", "webhook-id": "msg_sample0000000001", "webhook-timestamp": "1768473000", "x-api-token": "••••" },
      },
    ],
  },
  LogList: {
    items: [
      {
        id: "log_01jh8x2k9m4n",
        time: AT,
        level: "info",
        source: "engine",
        instanceId: INSTANCE_ID,
        message: "Connected as +4915123456789",
        context: { status: "CONNECTED", seq: 12 },
      },
    ],
    nextCursor: "eyJ2IjoiMjAyNi0wMS0xNVQxMDozMDowMC4wMDBaIiwiaWQiOiJsb2dfMDFqaDh4Mms5bTRuIn0",
  },
  LogCounts: { total: 1284, byLevel: { debug: 902, info: 341, warn: 38, error: 3 }, through: "log_01jh8x2k9m4n" },
  Health: {
    status: "ok",
    db: { ok: true, dialect: "postgres" },
    engine: "baileys",
    version: "0.1.0",
    uptimeSeconds: 3600.5,
    time: AT,
    node: { name: "gw-1", startedAt: "2026-01-15T09:30:00.000Z", version: "0.1.0" },
    cluster: { mode: "postgres", nodes: [gatewayNode] },
  },
  MoveInstanceRequest: { node: "gw-2" },
  PoolProxy: poolProxy,
  ProxyList: { items: [poolProxy], nextCursor: null },
  CreateProxyRequest: { name: "Frankfurt 1", url: "http://user:password@proxy.example.com:8080", maxInstances: 10 },
  UpdateProxyRequest: { maxInstances: 15 },
  TestProxyRequest: { url: "socks5h://user:password@proxy.example.com:1080" },
  ProxyTestResult: { ok: true, target: "web.whatsapp.com:443", latencyMs: 148, exitIp: "203.0.113.24" },
  InstanceProxy: instanceProxy,
  InstanceProxyChange: { ...instanceProxy, restart: true },
  InstanceProxySpec: { mode: "auto" },
  AssignProxiesRequest: { instanceIds: [INSTANCE_ID, "ins_8ddp2x7c4k1m"], proxy: { mode: "auto" } },
  AssignProxiesResult: {
    items: [
      { instanceId: INSTANCE_ID, ok: true, mode: "pool", proxyId: poolProxy.id, restart: true },
      { instanceId: "ins_8ddp2x7c4k1m", ok: false, error: { code: "conflict", message: "No proxy in the pool has room: every one is at its maxInstances or failing its health check" } },
    ],
  },
  SettingsTemplate: settingsTemplate,
  SettingsTemplateWithSecret: { ...settingsTemplate, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
  TemplateList: { items: [settingsTemplate], nextCursor: null },
  CreateTemplateRequest: { name: "Support desks", isDefault: true, settings: settingsTemplate.settings, proxy: { mode: "auto" }, webhooks: settingsTemplate.webhooks },
  UpdateTemplateRequest: { settings: { rejectCalls: true, alwaysOnline: true }, isDefault: true },
  ApplyTemplateRequest: { instanceIds: [INSTANCE_ID, "ins_8ddp2x7c4k1m"] },
  TemplateApplyResult: {
    items: [
      { instanceId: INSTANCE_ID, ok: true, changed: ["rejectCalls", "deviceName", "proxy", "webhook:https://example.com/hooks/whatsapp"], restart: true },
      { instanceId: "ins_8ddp2x7c4k1m", ok: false, changed: ["rejectCalls", "deviceName"], restart: true, error: { code: "conflict", message: "No proxy in the pool has room: every one is at its maxInstances or failing its health check" } },
    ],
  },
  DrainNodeResponse: { node: { ...gatewayNode, draining: true }, moving: 120 },
  AlertRule: alertRule,
  AlertRuleList: { items: [alertRule], nextCursor: null },
  CreateAlertRuleRequest: { kind: "instance_status", name: "Numbers down", statuses: ["DISCONNECTED", "ERROR"], forMinutes: 5, severity: "critical", cooldownMinutes: 30, channelIds: ["alc_2mv7x9q4r1s8"] },
  UpdateAlertRuleRequest: { forMinutes: 10, severity: "warning" },
  AlertChannel: alertChannel,
  AlertChannelList: {
    items: [alertChannel, { id: "alc_7pd3s5f1g9h2", name: "Ops e-mail", type: "email", enabled: true, hasSecret: false, to: ["oncall@example.com"], createdAt: alertChannel.createdAt, updatedAt: alertChannel.updatedAt }],
    nextCursor: null,
  },
  AlertChannelWithSecret: {
    id: "alc_4xk8q2w6e0r3",
    name: "Incident webhook",
    type: "webhook",
    enabled: true,
    hasSecret: true,
    url: "https://example.com/hooks/alerts",
    secretHint: "whsec_MfKQ…",
    createdAt: alertChannel.createdAt,
    updatedAt: alertChannel.updatedAt,
    secret: SECRET,
  },
  CreateAlertChannelRequest: { type: "slack", name: "On-call Slack", url: "https://hooks.slack.com/services/T000/B000/XXXX" },
  UpdateAlertChannelRequest: { name: "On-call Slack (night)" },
  AlertDelivery: { ...alertDelivery, notice: "test", at: AT },
  Alert: { ...alert, state: "acknowledged", acknowledgedAt: "2026-01-15T10:31:00.000Z", acknowledgedBy: "admin" },
  AlertList: { items: [alert], nextCursor: null },
  GatewayNodeList: { mode: "postgres", self: "gw-1", items: [gatewayNode, { ...gatewayNode, name: "gw-2", instances: 118, heartbeatAt: "2026-01-15T10:29:58.000Z" }] },
};

/** The error example for each status the document declares (the one error shape). */
export const ERROR_EXAMPLES: Record<400 | 401 | 403 | 404 | 409 | 413 | 414 | 429 | 503, ErrorBody> = {
  400: { error: { code: "bad_request", message: "Invalid request: body.name is required", details: { issues: [{ path: "body.name", message: "is required" }] } } },
  401: { error: { code: "unauthorized", message: "Sign in, or send a credential as Authorization: Bearer <token>." } },
  403: { error: { code: "forbidden", message: "This instance token may only call its own instance's routes." } },
  404: { error: { code: "not_found", message: `No instance ${INSTANCE_ID}` } },
  409: { error: { code: "conflict", message: "Cannot send: the instance is RECONNECTING, not CONNECTED." } },
  413: { error: { code: "bad_request", message: "Request body is too large" } },
  414: { error: { code: "bad_request", message: "Invalid request: a path segment of /api/v1/instances/ins_aaaa… is longer than 512 characters" } },
  429: { error: { code: "too_many_requests", message: "Too many failed sign-in attempts. Try again in 840 s.", details: { retryAfterSeconds: 840 } } },
  503: { error: { code: "unavailable", message: "The gateway is shutting down; try again in a moment." } },
};
