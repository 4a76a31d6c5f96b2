// Plain values the panel needs at first paint (filter chips, pickers, masks), kept free of zod so that importing
// one does not pull the schemas and zod into a page's first-load JS. The schemas in the other contract modules are
// built from these, so there is still one source.

/** Instance ids: `ins_` and 10–40 letters or digits. */
export const INSTANCE_ID_PATTERN = /^ins_[A-Za-z0-9]{10,40}$/;

/** Least to most severe: `minLevel` keeps a level and everything after it. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export const LOG_SOURCES = ["gateway", "engine", "webhook", "auth"] as const;
export const LOG_EXPORT_MAX_ROWS = 100_000;
/** The CSV export's columns, in order. */
export const LOG_CSV_COLUMNS = ["time", "level", "source", "instanceId", "message", "context", "id"] as const;

/** Every event a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  "instance.status",
  "instance.qr",
  "message.received",
  "message.sent",
  "message.status",
  "message.reaction",
  "message.deleted",
  "call.received",
  "group.participants",
  "presence.update",
] as const;

/** How the panel groups the event toggles. */
export const WEBHOOK_EVENT_GROUPS = {
  instance: ["instance.status", "instance.qr"],
  messages: ["message.received", "message.sent", "message.status", "message.reaction", "message.deleted"],
  other: ["call.received", "group.participants", "presence.update"],
} as const satisfies Record<string, readonly (typeof WEBHOOK_EVENT_TYPES)[number][]>;

/** What the API shows instead of a saved custom header's value. */
export const MASKED_VALUE = "••••";

export const BROWSER_PRESETS = {
  default: ["WhatsApp API Manager", "Chrome", "120.0"],
  "mac-desktop": ["Mac OS", "Desktop", "14.4.1"],
  "windows-chrome": ["Windows", "Chrome", "120.0"],
  "ubuntu-chrome": ["Ubuntu", "Chrome", "120.0"],
} as const satisfies Record<string, readonly [string, string, string]>;

/** Server → client socket event names (`serverEvents` in socket-events.ts has one schema per name). */
export const SERVER_EVENT_NAMES = [
  "gateway.hello",
  "instance.status",
  "instance.qr",
  "instance.created",
  "instance.updated",
  "instance.deleted",
  "webhook.delivery",
  "log.entry",
] as const;
