import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { EngineName } from "../../contract/instances";
import { DEFAULT_SCRYPT } from "./modules/auth/password";

const MIB = 1024 * 1024;

const LogLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

const origin = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
    } catch {
      return false;
    }
  }, "each entry must be an origin like http://localhost:3000 (scheme, host, optional port; no path)");

/** A size in MiB (fractions allowed, for tests), at most 2 GiB. */
const mebibytes = (fallback: number) => z.coerce.number({ error: "must be a number of MiB" }).positive("must be positive").max(2048, "must be at most 2048").default(fallback);

const ConfigSchema = z.object({
  PORT: z.coerce
    .number({ error: "must be a whole number from 0 to 65535" })
    .int("must be a whole number from 0 to 65535")
    .min(0, "must be a whole number from 0 to 65535")
    .max(65535, "must be a whole number from 0 to 65535")
    .default(8080),
  HOST: z.string().trim().min(1, "must not be empty").default("127.0.0.1"),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(0.5, "must be at least 0.5").max(3600, "must be at most 3600").default(300),
  DATA_DIR: z.string().trim().min(1, "must not be empty").default("./data"),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "" && url.pathname.length > 1;
      } catch {
        return false;
      }
    }, "must be a PostgreSQL URL like postgres://user:password@host:5432/database")
    .optional(),
  NODE_NAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/, "must be 1–63 letters, digits, '.', '_', ':' or '-', starting with a letter or digit")
    .optional(),
  NODE_URL: z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.pathname === "/" && !url.search;
      } catch {
        return false;
      }
    }, "must be the node's own base URL, like http://10.0.0.5:8080 (no path)")
    .optional(),
  CLUSTER_LEASE_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(0.3, "must be at least 0.3").max(600, "must be at most 600").default(15),
  WA_ENGINE: z._default(EngineName, "baileys"),
  CORS_ORIGINS: z
    .string()
    .default("http://localhost:3000,http://127.0.0.1:3000")
    .transform((raw) => raw.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(origin)),
  LOG_LEVEL: LogLevel.default("info"),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").max(256).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number({ error: "must be a number of minutes" }).positive("must be positive").default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number({ error: "must be a number of hours" }).positive("must be positive").default(12),
  LOGIN_MAX_FAILURES: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").default(5),
  LOGIN_LOCK_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).positive("must be positive").default(900),
  TRUST_PROXY: z.string().trim().default("loopback"),
  SANDBOX_QR_FIRST_MS: z.coerce.number({ error: "must be milliseconds" }).int().min(50, "must be at least 50").default(60_000),
  SANDBOX_QR_NEXT_MS: z.coerce.number({ error: "must be milliseconds" }).int().min(50, "must be at least 50").default(20_000),
  SANDBOX_QR_ATTEMPTS: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(50, "must be at most 50").default(6),
  LOG_RETENTION_DAYS: z.coerce.number({ error: "must be a number of days" }).positive("must be positive").max(3650, "must be at most 3650").default(7),
  LOG_RETENTION_MAX: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(10, "must be at least 10").max(100_000_000).default(100_000),
  LOG_TRIM_INTERVAL_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(1, "must be at least 1").default(60),
  BAILEYS_LOG_LEVEL: LogLevel.default("warn"),
  WEBHOOK_ALLOW_IPS: z
    .string()
    .default("")
    .transform((raw) => raw.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine((ip) => isIP(ip) !== 0, "must list exact IP addresses (no names, no CIDR ranges), comma-separated"))),
  SANDBOX_ACK_MS: z.coerce.number({ error: "must be milliseconds" }).int().min(10, "must be at least 10").max(60_000, "must be at most 60000").default(500),
  MESSAGE_RATE_PER_SECOND: z.coerce.number({ error: "must be a number" }).min(0.01, "must be at least 0.01").max(100, "must be at most 100").default(1),
  MESSAGE_BURST: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(3),
  MESSAGE_QUEUE_MAX: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(1_000_000).default(1000),
  MESSAGE_RETENTION_DAYS: z.coerce.number({ error: "must be a number of days" }).positive("must be positive").max(3650, "must be at most 3650").default(30),
  MEDIA_MAX_IMAGE_MIB: mebibytes(16),
  MEDIA_MAX_VIDEO_MIB: mebibytes(64),
  MEDIA_MAX_AUDIO_MIB: mebibytes(64),
  MEDIA_MAX_DOCUMENT_MIB: mebibytes(100),
  MEDIA_MAX_STICKER_MIB: mebibytes(16),
  // The account's own profile picture (docs/profile.md): the largest upload taken; in memory while it is cropped.
  PROFILE_PICTURE_MAX_MIB: z.coerce.number({ error: "must be a number of MiB" }).positive("must be positive").max(64, "must be at most 64").default(5),
  MEDIA_RETENTION_HOURS: z.coerce.number({ error: "must be a number of hours" }).positive("must be positive").max(8760, "must be at most 8760 (a year)").default(168),
  WATCHDOG_POLICY: z.enum(["restart", "alert", "off"]).default("restart"),
  WATCHDOG_SILENCE_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(1, "must be at least 1").max(86_400, "must be at most 86400 (a day)").default(180),
  WATCHDOG_PROBE_TIMEOUT_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(0.1, "must be at least 0.1").max(120, "must be at most 120").default(10),
  WATCHDOG_INTERVAL_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(0.1, "must be at least 0.1").max(3600, "must be at most 3600").default(15),
  ACTIVITY_FLUSH_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(0.1, "must be at least 0.1").max(300, "must be at most 300").default(30),
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number({ error: "must be a number of days" }).positive("must be positive").max(3650, "must be at most 3650").default(30),
  WEBHOOK_RETRY_SCALE: z.coerce.number({ error: "must be a number" }).min(0.000001, "must be at least 0.000001").max(100, "must be at most 100").default(1),
  ALERT_EVAL_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(0.05, "must be at least 0.05").max(600, "must be at most 600").default(10),
  ALERT_GROUP_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(0, "must be 0 or more").max(3600, "must be at most 3600").default(30),
  SMTP_URL: z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "" && (url.pathname === "" || url.pathname === "/") && !url.search;
      } catch {
        return false;
      }
    }, "must be an SMTP server URL like smtp://user:password@mail.example.com:587 (or smtps:// for TLS from the start, port 465)")
    .optional(),
  SMTP_FROM: z.string().trim().min(3, "must be an address like Alerts <alerts@example.com>").max(320).default("WhatsApp API Manager <alerts@localhost>"),
  TELEGRAM_API_URL: z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "https:" || url.protocol === "http:") && !url.search && !url.username;
      } catch {
        return false;
      }
    }, "must be the Bot API's base URL, like https://api.telegram.org")
    .default("https://api.telegram.org"),
  // A bearer token (RFC 6750 b64token): e.g. `openssl rand -hex 32`.
  METRICS_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters (e.g. openssl rand -hex 32)")
    .max(512, "must be at most 512 characters")
    .regex(/^[A-Za-z0-9._~+/-]+=*$/, "must be letters, digits and - . _ ~ + / (then = padding), as a Bearer token is")
    .optional(),
  METRICS_PER_INSTANCE: z.enum(["true", "false"]).default("false"),
  // ---- secrets at rest and proxies (docs/proxies.md) ----
  SECRETS_KEY: z
    .string()
    .trim()
    .refine((value) => secretsKeyBytes(value) !== null, "must be 32 random bytes as base64 or hex (e.g. openssl rand -base64 32)")
    .optional(),
  PROXY_CHECK_INTERVAL_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(0, "must be 0 (off) or more").max(86_400, "must be at most 86400 (a day)").default(300),
  PROXY_CHECK_TIMEOUT_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).min(0.1, "must be at least 0.1").max(120, "must be at most 120").default(10),
  PROXY_CHECK_TARGET: z
    .string()
    .trim()
    .refine((value) => hostPort(value) !== null, "must be host:port, like web.whatsapp.com:443 (an IPv6 address in brackets)")
    .optional(),
  PROXY_EXIT_IP_URL: z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" && !url.username && !url.password;
      } catch {
        return false;
      }
    }, "must be an http(s) URL that answers with the caller's IP address, like https://api.ipify.org")
    .optional(),
});

/** SECRETS_KEY as its 32 bytes (64 hex digits, or base64 / base64url of 32 bytes), or null when it is neither. */
function secretsKeyBytes(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return null;
  const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === 32 ? bytes : null;
}

/** `host:port` (IPv6 in brackets) as its parts, or null. */
function hostPort(value: string): { host: string; port: number } | null {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) return null;
  return { host: match[1]!.replace(/^\[|\]$/g, ""), port };
}

export type GatewayConfig = {
  port: number;
  host: string;
  /** How long a client has to send a whole request, line, headers and body; then it gets 408 and the connection closes. */
  requestTimeoutMs: number;
  dataDir: string;
  /** PostgreSQL (cluster mode) when set; otherwise SQLite in dataDir. */
  databaseUrl?: string;
  /** This node's name (default hostname:port) and how long its leases last without renewal. */
  cluster: { nodeName?: string; nodeUrl?: string; leaseTtlMs: number };
  engine: EngineName;
  corsOrigins: string[];
  logLevel: z.infer<typeof LogLevel>;
  /** Which proxies may set X-Forwarded-For (the panel's server forwards the operator's IP). */
  trustProxy: string;
  adminPassword?: string;
  /** Sandbox QR cadence: Baileys' own by default (60 s, then 20 s, 6 codes); shorter for demos and tests. */
  sandbox: { qrFirstMs: number; qrNextMs: number; maxQrAttempts: number; ackStepMs: number };
  /** The structured log kept in the database (GET /api/v1/logs): retention by age and count; Baileys' own level. */
  logs: { retentionDays: number; retentionMax: number; trimIntervalMs: number; baileysLevel: z.infer<typeof LogLevel> };
  /**
   * Outbound webhooks: exact IPs exempt from the private-address block (local dev, tests); retry schedule scale
   * (tests); how long a finished delivery (succeeded or failed) stays in the log, with its attempts and body.
   */
  webhooks: { allowIps: string[]; retryScale: number; deliveryRetentionMs: number };
  /**
   * Outbound messages: the per-instance send rate (messages per second, small jitter) and burst, how many may wait
   * in one instance's queue before sends get 429, how long a sent (or failed) message's record is kept, and the size
   * caps of media fetched by URL, in bytes.
   */
  messages: { ratePerSecond: number; burst: number; queueMax: number; retentionMs: number; mediaMaxBytes: Record<"image" | "video" | "audio" | "document" | "sticker", number> };
  /**
   * Alerts (docs/alerts.md): how often rules are evaluated, how long subjects of one rule gather into one alert before
   * its first notice, the SMTP server e-mail channels send through, and the Telegram Bot API's base URL.
   */
  alerts: { evalMs: number; groupMs: number; smtp: { url: string; from: string } | null; telegramApiUrl: string };
  /** The account's own profile (docs/profile.md): the largest picture upload taken, in bytes. */
  profile: { pictureMaxBytes: number };
  /** Received media files: how long after arrival they can be downloaded. */
  inboundMedia: { retentionMs: number };
  /**
   * The watchdog (docs/operations.md): the default policy and silence threshold (an instance may set its own), how
   * long a probe waits for an answer, and how often connected sessions are checked.
   */
  watchdog: { policy: "restart" | "alert" | "off"; silenceMs: number; probeTimeoutMs: number; intervalMs: number };
  /** How often each node writes the activity it counted (the Overview's charts) to the database. */
  activity: { flushMs: number };
  /**
   * GET /metrics (Prometheus): the bearer token a scraper may send (besides API keys of scope `metrics`), and whether
   * per-instance series are exported (one series per instance: opt-in, since it grows with the instances).
   */
  metrics: { token?: string; perInstance: boolean };
  /**
   * The key that seals secrets stored in the database (proxy credentials, docs/proxies.md): SECRETS_KEY, or, unset on
   * SQLite, one generated into DATA_DIR/secrets.key; unset on PostgreSQL, nothing can be sealed.
   */
  secrets: { key?: Buffer };
  /**
   * Proxies (docs/proxies.md): how often (0: never) and how patiently the pool's health is checked, where the check
   * connects through each proxy (undefined: WhatsApp's own socket host, from Baileys), and the URL that tells a
   * check the proxy's exit IP (undefined: not asked).
   */
  proxies: { checkIntervalMs: number; checkTimeoutMs: number; checkTarget?: { host: string; port: number }; exitIpUrl?: string };
  auth: {
    idleMs: number;
    absoluteMs: number;
    maxFailures: number;
    lockMs: number;
    socketTicketTtlMs: number;
    scrypt: { logN: number; r: number; p: number };
  };
};

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "ConfigError";
  }
}

function allowedValues(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value") return `must be one of: ${issue.values.map(String).join(", ")}`;
  return issue.message;
}

/** Settings whose values are never echoed back, even bad ones (a database URL carries a password). */
const SECRET_SETTINGS = new Set(["ADMIN_PASSWORD", "DATABASE_URL", "SMTP_URL", "METRICS_TOKEN", "SECRETS_KEY"]);

/** Reads and validates the gateway's environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  // Empty strings count as unset, as in most dotenv setups.
  const input = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((key) => [key, env[key] === "" ? undefined : env[key]]),
  );
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // Never echo a secret back, even a bad one.
      const shown = SECRET_SETTINGS.has(name) ? "(hidden)" : JSON.stringify(env[name] ?? "");
      return `Invalid configuration: ${name}=${shown} ${allowedValues(issue)}`;
    });
    throw new ConfigError(lines);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    requestTimeoutMs: c.REQUEST_TIMEOUT_SECONDS * 1000,
    dataDir: path.resolve(c.DATA_DIR),
    ...(c.DATABASE_URL ? { databaseUrl: c.DATABASE_URL } : {}),
    cluster: {
      ...(c.NODE_NAME ? { nodeName: c.NODE_NAME } : {}),
      ...(c.NODE_URL ? { nodeUrl: c.NODE_URL.replace(/\/$/, "") } : {}),
      leaseTtlMs: c.CLUSTER_LEASE_SECONDS * 1000,
    },
    engine: c.WA_ENGINE,
    corsOrigins: c.CORS_ORIGINS,
    logLevel: c.LOG_LEVEL,
    trustProxy: c.TRUST_PROXY,
    ...(c.ADMIN_PASSWORD ? { adminPassword: c.ADMIN_PASSWORD } : {}),
    sandbox: { qrFirstMs: c.SANDBOX_QR_FIRST_MS, qrNextMs: c.SANDBOX_QR_NEXT_MS, maxQrAttempts: c.SANDBOX_QR_ATTEMPTS, ackStepMs: c.SANDBOX_ACK_MS },
    logs: { retentionDays: c.LOG_RETENTION_DAYS, retentionMax: c.LOG_RETENTION_MAX, trimIntervalMs: c.LOG_TRIM_INTERVAL_SECONDS * 1000, baileysLevel: c.BAILEYS_LOG_LEVEL },
    webhooks: { allowIps: c.WEBHOOK_ALLOW_IPS, retryScale: c.WEBHOOK_RETRY_SCALE, deliveryRetentionMs: c.WEBHOOK_DELIVERY_RETENTION_DAYS * 86_400_000 },
    messages: {
      ratePerSecond: c.MESSAGE_RATE_PER_SECOND,
      burst: c.MESSAGE_BURST,
      queueMax: c.MESSAGE_QUEUE_MAX,
      retentionMs: c.MESSAGE_RETENTION_DAYS * 86_400_000,
      mediaMaxBytes: {
        image: Math.floor(c.MEDIA_MAX_IMAGE_MIB * MIB),
        video: Math.floor(c.MEDIA_MAX_VIDEO_MIB * MIB),
        audio: Math.floor(c.MEDIA_MAX_AUDIO_MIB * MIB),
        document: Math.floor(c.MEDIA_MAX_DOCUMENT_MIB * MIB),
        sticker: Math.floor(c.MEDIA_MAX_STICKER_MIB * MIB),
      },
    },
    profile: { pictureMaxBytes: Math.floor(c.PROFILE_PICTURE_MAX_MIB * MIB) },
    inboundMedia: { retentionMs: c.MEDIA_RETENTION_HOURS * 3_600_000 },
    activity: { flushMs: c.ACTIVITY_FLUSH_SECONDS * 1000 },
    watchdog: {
      policy: c.WATCHDOG_POLICY,
      silenceMs: c.WATCHDOG_SILENCE_SECONDS * 1000,
      probeTimeoutMs: c.WATCHDOG_PROBE_TIMEOUT_SECONDS * 1000,
      intervalMs: c.WATCHDOG_INTERVAL_SECONDS * 1000,
    },
    alerts: {
      evalMs: c.ALERT_EVAL_SECONDS * 1000,
      groupMs: c.ALERT_GROUP_SECONDS * 1000,
      smtp: c.SMTP_URL ? { url: c.SMTP_URL, from: c.SMTP_FROM } : null,
      telegramApiUrl: c.TELEGRAM_API_URL.replace(/\/+$/, ""),
    },
    metrics: { ...(c.METRICS_TOKEN ? { token: c.METRICS_TOKEN } : {}), perInstance: c.METRICS_PER_INSTANCE === "true" },
    secrets: c.SECRETS_KEY ? { key: secretsKeyBytes(c.SECRETS_KEY)! } : {},
    proxies: {
      checkIntervalMs: c.PROXY_CHECK_INTERVAL_SECONDS * 1000,
      checkTimeoutMs: c.PROXY_CHECK_TIMEOUT_SECONDS * 1000,
      ...(c.PROXY_CHECK_TARGET ? { checkTarget: hostPort(c.PROXY_CHECK_TARGET)! } : {}),
      ...(c.PROXY_EXIT_IP_URL ? { exitIpUrl: c.PROXY_EXIT_IP_URL } : {}),
    },
    auth: {
      idleMs: c.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: c.SESSION_ABSOLUTE_HOURS * 3_600_000,
      maxFailures: c.LOGIN_MAX_FAILURES,
      lockMs: c.LOGIN_LOCK_SECONDS * 1000,
      socketTicketTtlMs: 60_000,
      scrypt: { ...DEFAULT_SCRYPT },
    },
  };
}
