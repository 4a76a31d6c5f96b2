import * as z from "zod/mini";
import { NodeName } from "./cluster";
import { InstanceProxySpec } from "./proxy-url";
import { PHONE_DIGITS_PATTERN, PhoneNumberInput } from "./recipients";
import { commaList, pageLimit } from "./query-params";
import { TemplateId } from "./template-id";

export const EngineName = z.enum(["baileys", "sandbox"]);
export type EngineName = z.infer<typeof EngineName>;

/** The six states of the instance status machine (docs/architecture.md §3). */
export const InstanceStatus = z.enum([
  "INIT",
  "QR_REQUIRED",
  "CONNECTED",
  "RECONNECTING",
  "DISCONNECTED",
  "ERROR",
]);
export type InstanceStatus = z.infer<typeof InstanceStatus>;

/** Instance ids: `ins_` and 10–40 letters or digits. */
export const INSTANCE_ID_PATTERN = /^ins_[A-Za-z0-9]{10,40}$/;

export const InstanceId = z
  .string()
  .check(z.regex(INSTANCE_ID_PATTERN, "must be an instance id like ins_…"))
  .register(z.globalRegistry, { description: "Instance id", example: "ins_3kq9x2m1v8r4" });

export const InstanceName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "is required"),
    z.maxLength(64, "must be at most 64 characters"),
    z.regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, "may use letters, digits, spaces, dot, dash and underscore, and must start with a letter or digit"),
  )
  // The document shows a pattern without \p{…}: Spectral (and other tools) compile patterns without the u flag,
  // where \p{L} is the letter p. This one refuses the same ASCII and lets every name the rule above accepts pass.
  .register(z.globalRegistry, {
    description: "Letters and digits of any script, spaces, `.`, `_` and `-`; starts with a letter or digit",
    pattern: "^[^\\s!-/:-@[-`{-~][^\\t\\n\\v\\f\\r!-,/:-@[-^`{-~]*$",
  });

/**
 * Baileys' browser tuple as a plain JSON array of exactly three strings: a tuple schema becomes `prefixItems` with
 * `items: false`, which OpenAPI tools (Spectral, Prism, generators) handle badly. Typed as the tuple it is: the
 * length is checked at runtime.
 */
function browserTriple(item: z.ZodMiniType<string, string>) {
  return z.array(item).check(z.length(3)) as unknown as z.ZodMiniType<[string, string, string], [string, string, string]>;
}

export const Instance = z
  .object({
    id: InstanceId,
    name: z.string(),
    status: InstanceStatus,
    statusReason: z.optional(z.string()),
    statusCode: z.optional(z.number().check(z.int())),
    seq: z.number().check(z.int(), z.nonnegative()),
    node: z
      .optional(z.nullable(z.string()))
      .register(z.globalRegistry, { description: "The gateway node running this instance (cluster mode), or null when none holds it now" }),
    engine: EngineName,
    number: z.optional(z.string()),
    pushName: z.optional(z.string()),
    platform: z.optional(z.string()),
    browser: z.optional(browserTriple(z.string())),
    connectedAt: z.optional(z.iso.datetime()),
    lastError: z
      .optional(z.object({ statusCode: z.optional(z.number().check(z.int())), reason: z.string(), at: z.iso.datetime() }))
      .register(z.globalRegistry, { description: "The last close that was not a normal restart" }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .register(z.globalRegistry, { id: "Instance" });
export type Instance = z.infer<typeof Instance>;

/** Baileys' browser tuple: [platform/OS, browser, version]; operators see it as the linked device's "user agent". */
const BrowserTuple = browserTriple(z.string().check(z.trim(), z.minLength(1), z.maxLength(40)))
  .register(z.globalRegistry, { description: "Browser tuple shown on the phone's linked devices list", example: ["WhatsApp API Manager", "Chrome", "120.0"] });

export const BROWSER_PRESETS = {
  default: ["WhatsApp API Manager", "Chrome", "120.0"],
  "mac-desktop": ["Mac OS", "Desktop", "14.4.1"],
  "windows-chrome": ["Windows", "Chrome", "120.0"],
  "ubuntu-chrome": ["Ubuntu", "Chrome", "120.0"],
} as const satisfies Record<string, readonly [string, string, string]>;

export const CreateInstanceRequest = z
  .strictObject({
    name: InstanceName,
    browser: z.optional(BrowserTuple),
    connect: z._default(z.boolean(), true).register(z.globalRegistry, { description: "Start connecting (and showing a QR) right away" }),
    node: z.optional(NodeName).register(z.globalRegistry, { description: "Cluster mode: run it on this live node (default: the live node with the fewest instances)" }),
    // ---- proxy (docs/proxies.md) ----
    proxy: z.optional(InstanceProxySpec).register(z.globalRegistry, { description: "The proxy it connects through (default: none). With `auto` or `pool` and no room, nothing is created (409)." }),
    // ---- templates (docs/templates.md) ----
    template: z.optional(z.nullable(TemplateId)).register(z.globalRegistry, {
      description:
        "The settings template to apply (its settings, proxy policy and webhooks) before the first connection. Left out: the default template, if there is one; null: none. An unknown id is a 400 and nothing is created. An explicit `proxy` wins over the template's.",
    }),
  })
  .register(z.globalRegistry, { id: "CreateInstanceRequest" });
export type CreateInstanceRequest = z.input<typeof CreateInstanceRequest>;

export const UpdateInstanceRequest = z.strictObject({ name: InstanceName }).register(z.globalRegistry, { id: "UpdateInstanceRequest" });
export type UpdateInstanceRequest = z.infer<typeof UpdateInstanceRequest>;

export const InstanceSortField = z.enum(["name", "status", "number", "pushName", "createdAt", "updatedAt", "connectedAt"]);
export type InstanceSortField = z.infer<typeof InstanceSortField>;

export const ListInstancesQuery = z.strictObject({
  status: commaList(InstanceStatus, "Comma-separated statuses to include", "QR_REQUIRED,DISCONNECTED"),
  search: z.optional(z.string().check(z.trim(), z.maxLength(100))).register(z.globalRegistry, { description: "Matches name or number (case-insensitive substring)" }),
  sort: z._default(InstanceSortField, "createdAt"),
  order: z._default(z.enum(["asc", "desc"]), "desc"),
  limit: pageLimit(500, 100),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
});
export type ListInstancesQuery = z.input<typeof ListInstancesQuery>;

export const InstanceList = z.object({ items: z.array(Instance), nextCursor: z.nullable(z.string()) }).register(z.globalRegistry, { id: "InstanceList" });
export type InstanceList = z.infer<typeof InstanceList>;

export const InstanceIdParams = z.object({ id: InstanceId });

export const InstanceQr = z
  .object({
    qr: z.string().register(z.globalRegistry, { description: "The QR payload to render (not an image)" }),
    expiresAt: z.iso.datetime(),
    attempt: z.number().check(z.int(), z.positive()),
    maxAttempts: z.number().check(z.int(), z.positive()),
  })
  .register(z.globalRegistry, { id: "InstanceQr" });
export type InstanceQr = z.infer<typeof InstanceQr>;

export const PairingCodeRequest = z
  .strictObject({
    phoneNumber: PhoneNumberInput,
  })
  .register(z.globalRegistry, { id: "PairingCodeRequest" });
export const PairingCodeResponse = z
  .object({
    code: z.string().register(z.globalRegistry, { example: "ABCD-EFGH" }),
    phoneNumber: z.string().check(z.regex(PHONE_DIGITS_PATTERN)).register(z.globalRegistry, { description: "The number, digits only", example: "4915123456789" }),
  })
  .register(z.globalRegistry, { id: "PairingCode" });
export type PairingCodeResponse = z.infer<typeof PairingCodeResponse>;

export const StatusHistoryEntry = z
  .object({
    seq: z.number().check(z.int(), z.nonnegative()),
    status: InstanceStatus,
    statusCode: z.optional(z.number().check(z.int())),
    statusReason: z.optional(z.string()),
    at: z.iso.datetime(),
  })
  .register(z.globalRegistry, { id: "StatusHistoryEntry" });
export type StatusHistoryEntry = z.infer<typeof StatusHistoryEntry>;
const SEQ_CURSOR = "must be a seq number from a previous page";
export const StatusHistoryQuery = z.strictObject({
  limit: pageLimit(500, 100),
  // A seq number, a 32-bit integer in the database (5,000 nines were read as Infinity, which paged from the start).
  cursor: z.optional(z.string().check(z.regex(/^[0-9]{1,10}$/, { error: SEQ_CURSOR, abort: true }), z.refine((digits) => Number(digits) <= 2_147_483_647, SEQ_CURSOR))),
});
export const StatusHistoryList = z
  .object({ items: z.array(StatusHistoryEntry), nextCursor: z.nullable(z.string()) })
  .register(z.globalRegistry, { id: "StatusHistoryList" });
export type StatusHistoryList = z.infer<typeof StatusHistoryList>;

/** Sandbox engine only: simulate what a phone would do. */
export const SandboxScanRequest = z
  .strictObject({
    number: z.optional(z.string().check(z.regex(PHONE_DIGITS_PATTERN, "must be digits only, country code first"))),
    pushName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
  })
  .register(z.globalRegistry, { id: "SandboxScanRequest" });
export const SandboxDisconnectRequest = z
  .strictObject({
    code: z.number().check(z.int(), z.gte(100), z.lte(999)).register(z.globalRegistry, { description: "A Baileys DisconnectReason code, e.g. 428, 401, 403, 440, 515" }),
    reason: z.optional(z.string().check(z.maxLength(200))),
  })
  .register(z.globalRegistry, { id: "SandboxDisconnectRequest" });

/** What the sandbox's simulated recipient got for one message. */
const SandboxReceived = z.object({
  messageId: z.string(),
  to: z.string(),
  type: z.string(),
  content: z.record(z.string(), z.unknown()).register(z.globalRegistry, { description: "The message's fields besides `to` and `url`" }),
  media: z.optional(z.object({ mimetype: z.string(), size: z.number().check(z.int()), sha256: z.string() })),
  quoted: z.optional(z.string()),
  edits: z.array(z.string()),
  revoked: z.boolean(),
  at: z.iso.datetime(),
});
export const SandboxReceivedList = z.object({ items: z.array(SandboxReceived) }).register(z.globalRegistry, { id: "SandboxReceivedList" });

/** What the sandbox's simulated phone did besides sending messages, and through which proxy each session went. */
export const SandboxActivity = z
  .object({
    presences: z.array(z.object({ to: z.string(), state: z.string(), at: z.iso.datetime() })),
    reads: z.array(z.object({ messageId: z.string(), at: z.iso.datetime() })),
    // ---- proxy (docs/proxies.md) ----
    sessions: z
      .array(
        z.object({
          at: z.iso.datetime(),
          proxy: z.nullable(z.string()),
          browser: browserTriple(z.string()).register(z.globalRegistry, { description: "The browser tuple it was made with (`[0]` is the device name)" }),
          syncFullHistory: z.boolean().register(z.globalRegistry, { description: "The history sync setting it was made with" }),
        }),
      )
      .register(z.globalRegistry, {
        description:
          "Each simulated session the instance opened, with the proxy (masked URL) a real one would have gone through (null: direct) and the settings only a new socket takes",
      }),
  })
  .register(z.globalRegistry, { id: "SandboxActivity" });
