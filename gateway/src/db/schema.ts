import type { Generated } from "kysely";

/** Row types for Kysely. Times are ISO-8601 UTC strings so the same code runs on SQLite and PostgreSQL. */
interface GatewaySettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

interface OperatorsTable {
  id: string;
  username: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

interface OperatorSessionsTable {
  id: string;
  operator_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** Sign-in throttling (migration 0007, docs/sign-in-throttling.md). */
interface LoginThrottleTable {
  /** `pair:<account>|<ip>`, `ip:<ip>`, `session:<id>` (change-password) or `account:<account>`. */
  key: string;
  /** Pair/ip/session rows: attempts reserved in the window (failed or being checked). Account rows: failures. */
  failures: number;
  /** Account rows: the last failure (or when the row was created). */
  window_started_at: string;
  /** Pair/ip/session rows: refused until then. */
  locked_until: string | null;
  /** Account rows: a password of this account is being checked until then (a lease). */
  busy_until: string | null;
  /** Account rows: the growing delay; no attempt starts before then. */
  next_attempt_at: string | null;
}

interface SocketTicketsTable {
  id: string;
  session_id: string;
  expires_at: string;
}

export interface InstancesTable {
  id: string;
  name: string;
  engine: string;
  status: string;
  status_code: number | null;
  status_reason: string | null;
  seq: number;
  number: string | null;
  push_name: string | null;
  platform: string | null;
  browser: string | null;
  connected_at: string | null;
  last_error_code: number | null;
  last_error_reason: string | null;
  last_error_at: string | null;
  desired_state: "running" | "stopped";
  /** The node this instance should run on (migration 0010); null until placed. */
  assigned_node: string | null;
  /** Messages per second for this instance's send queue; null: the gateway default (migration 0011). */
  send_rate_per_second: number | null;
  /** The watchdog's policy and silence threshold for this instance; null: the gateway defaults (migration 0014). */
  watchdog_policy: string | null;
  watchdog_silence_seconds: number | null;
  /** The behaviour settings as JSON (contract/instance-settings.ts); null: all defaults (migration 0017). */
  settings: string | null;
  created_at: string;
  updated_at: string;
}

interface InstanceStatusHistoryTable {
  id: Generated<number>;
  instance_id: string;
  seq: number;
  status: string;
  status_code: number | null;
  status_reason: string | null;
  at: string;
}

interface InstanceAuthTable {
  instance_id: string;
  category: string;
  key_id: string;
  value: string;
}

interface ApiKeysTable {
  id: string;
  name: string;
  token_hash: string;
  hint: string;
  scope: "admin" | "instance" | "metrics";
  instance_id: string | null;
  /** JSON array of ApiKeyPermission, e.g. `["keys:manage"]` (migration 0008); `[]` for none. */
  permissions: Generated<string>;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

/** A webhook endpoint. `secret` is the raw `whsec_…` key: HMAC signing needs it (see migration 0004). */
export interface WebhooksTable {
  id: string;
  url: string;
  enabled: number;
  description: string | null;
  events: string;
  instance_id: string | null;
  headers: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  disabled_reason: string | null;
  disabled_at: string | null;
  failing_since: string | null;
  last_attempt_at: string | null;
  last_attempt_ok: number | null;
  last_status_code: number | null;
  created_at: string;
  updated_at: string;
}

/** The webhook outbox: one row per (event, endpoint), written before the first attempt. */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  instance_id: string | null;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  lease_until: string | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  is_test: number;
  replay_of: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: string;
  webhook_id: string;
  n: number;
  at: string;
  url: string;
  ok: number;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_excerpt: string;
  response_headers: string;
  request_headers: string;
}

/** One structured log entry; `level` is pino's number (20 debug … 50 error), `context` a JSON object. */
export interface LogsTable {
  id: string;
  time: string;
  level: number;
  source: string;
  instance_id: string | null;
  message: string;
  context: string;
}

/** A gateway process in the cluster (migration 0010). Times are the database's clock. */
interface NodesTable {
  name: string;
  boot_id: string;
  url: string;
  version: string;
  started_at: string;
  heartbeat_at: string;
  draining: number;
  stopped_at: string | null;
}

/** Which node runs an instance, until when, and how many times it changed hands (the fencing epoch). */
interface InstanceLeasesTable {
  instance_id: string;
  node: string;
  epoch: number;
  expires_at: string;
}

/** An outbound message, and the send queue (migration 0011): `queued` is 1 until it left or failed. */
export interface MessagesTable {
  id: string;
  instance_id: string;
  to_jid: string;
  type: string;
  /** The validated send request without `to` (JSON). */
  content: string;
  status: string;
  failure_reason: string | null;
  queued: number;
  /** Set while a worker sends it; a row is claimed only when this is null or in the past. */
  lease_until: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  edited_at: string | null;
  revoked_at: string | null;
}

/** A send's Idempotency-Key (hashed together with instance and credential), kept 24 h. */
interface MessageIdempotencyKeysTable {
  id: string;
  instance_id: string;
  message_id: string;
  request_hash: string;
  response: string;
  created_at: string;
}

/** A received media file kept for download (migration 0012); `source` and `content` are cleared once it expired. */
interface InboundMediaTable {
  id: string;
  instance_id: string;
  message_id: string;
  type: string;
  mimetype: string;
  /** bigint: PostgreSQL hands it back as a string. */
  size: number | string;
  file_name: string | null;
  /** The engine's way back to the bytes (JSON); holds the media key, so it is never logged. */
  source: string | null;
  content: Buffer | null;
  created_at: string;
  expires_at: string;
}

/** Activity per 5-minute bucket (ISO start), node and name (migration 0015): counters summed, gauges overwritten. */
interface ActivityBucketsTable {
  bucket: string;
  node: string;
  name: string;
  value: number;
}

/** Alert channels, rules, history and the evaluator's state (migration 0016, docs/alerts.md). */
export interface AlertChannelsTable {
  id: string;
  name: string;
  type: string;
  enabled: number;
  /** JSON of what may be shown: {to} | {chatId} | {url}. */
  config: string;
  /** JSON of what is never shown: {url} | {botToken} | {secret}; null for e-mail. */
  secret: string | null;
  created_at: string;
  updated_at: string;
}

export interface AlertRulesTable {
  id: string;
  name: string;
  kind: string;
  /** JSON: {statuses?, forMinutes?}. */
  params: string;
  /** JSON array; null: every instance. */
  instance_ids: string | null;
  severity: string;
  cooldown_minutes: number;
  /** JSON array of channel ids. */
  channel_ids: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface AlertsTable {
  id: string;
  rule_id: string;
  rule_name: string;
  kind: string;
  severity: string;
  state: string;
  title: string;
  message: string;
  /** JSON AlertSubject[]. */
  subjects: string;
  fired_at: string;
  group_until: string;
  notified_at: string | null;
  last_notice_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  /** JSON AlertDelivery[]. */
  deliveries: string;
}

interface AlertSubjectsTable {
  rule_id: string;
  subject_key: string;
  alert_id: string | null;
  last_notified_at: string | null;
}

interface AlertSignalsTable {
  id: Generated<number>;
  kind: string;
  instance_id: string;
  detail: string;
  at: string;
}

/** A job only one node runs at a time (the alert evaluator): who, until when (the database's clock). */
interface LeaderLeasesTable {
  name: string;
  node: string;
  expires_at: string;
}

/** A pool proxy (migration 0018, docs/proxies.md). `credentials` is sealed (modules/secrets), never plain. */
export interface ProxiesTable {
  id: string;
  name: string;
  protocol: string;
  host: string;
  port: number;
  masked_url: string;
  credentials: string | null;
  max_instances: number | null;
  health_state: Generated<string>;
  health_checked_at: string | null;
  health_latency_ms: number | null;
  health_exit_ip: string | null;
  health_error: string | null;
  health_error_code: string | null;
  created_at: string;
  updated_at: string;
}

/** The proxy of an instance that does not connect directly: a pool proxy, or its own URL (`custom_*`). */
export interface InstanceProxiesTable {
  instance_id: string;
  proxy_id: string | null;
  custom_protocol: string | null;
  custom_host: string | null;
  custom_port: number | null;
  custom_masked_url: string | null;
  custom_credentials: string | null;
  assigned_at: string;
}

/** A settings template (migration 0019, docs/templates.md): settings, proxy and webhooks as JSON. */
export interface SettingsTemplatesTable {
  id: string;
  name: string;
  description: string | null;
  is_default: number;
  settings: string;
  proxy: string | null;
  webhooks: string;
  secret: string;
  created_at: string;
  updated_at: string;
}

export interface Database {
  nodes: NodesTable;
  instance_leases: InstanceLeasesTable;
  gateway_settings: GatewaySettingsTable;
  operators: OperatorsTable;
  operator_sessions: OperatorSessionsTable;
  login_throttle: LoginThrottleTable;
  socket_tickets: SocketTicketsTable;
  instances: InstancesTable;
  instance_status_history: InstanceStatusHistoryTable;
  instance_auth: InstanceAuthTable;
  api_keys: ApiKeysTable;
  logs: LogsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  messages: MessagesTable;
  message_idempotency_keys: MessageIdempotencyKeysTable;
  inbound_media: InboundMediaTable;
  activity_buckets: ActivityBucketsTable;
  alert_channels: AlertChannelsTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  alert_subjects: AlertSubjectsTable;
  alert_signals: AlertSignalsTable;
  leader_leases: LeaderLeasesTable;
  // ---- proxies (migration 0018) ----
  proxies: ProxiesTable;
  instance_proxies: InstanceProxiesTable;
  // ---- settings templates (migration 0019) ----
  settings_templates: SettingsTemplatesTable;
}
