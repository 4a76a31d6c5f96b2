import { z } from "zod";
import { BROWSER_PRESETS, INSTANCE_ID_PATTERN } from "./constants";
import { PHONE_DIGITS_PATTERN, PhoneNumberInput } from "./messages";
import { commaList } from "./query-params";

export { BROWSER_PRESETS };

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

export const InstanceId = z
  .string()
  .regex(INSTANCE_ID_PATTERN, "must be an instance id like ins_…")
  .meta({ description: "Instance id", example: "ins_3kq9x2m1v8r4" });

export const InstanceName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, "may use letters, digits, spaces, dot, dash and underscore, and must start with a letter or digit")
  // The document shows a pattern without \p{…}: Spectral (and other tools) compile patterns without the u flag,
  // where \p{L} is the letter p. This one refuses the same ASCII and lets every name the rule above accepts pass.
  .meta({
    description: "Letters and digits of any script, spaces, `.`, `_` and `-`; starts with a letter or digit",
    pattern: "^[^\\s!-/:-@[-`{-~][^\\t\\n\\v\\f\\r!-,/:-@[-^`{-~]*$",
  });

/**
 * Baileys' browser tuple as a plain JSON array of exactly three strings: a tuple schema becomes `prefixItems` with
 * `items: false`, which OpenAPI tools (Spectral, Prism, generators) handle badly. Typed as the tuple it is: the
 * length is checked at runtime.
 */
function browserTriple(item: z.ZodString) {
  return z.array(item).length(3) as unknown as z.ZodType<[string, string, string], [string, string, string]>;
}

export const Instance = z
  .object({
    id: InstanceId,
    name: z.string(),
    status: InstanceStatus,
    statusReason: z.string().optional(),
    statusCode: z.number().int().optional(),
    seq: z.number().int().nonnegative(),
    engine: EngineName,
    number: z.string().optional(),
    pushName: z.string().optional(),
    platform: z.string().optional(),
    browser: browserTriple(z.string()).optional(),
    connectedAt: z.iso.datetime().optional(),
    lastError: z
      .object({ statusCode: z.number().int().optional(), reason: z.string(), at: z.iso.datetime() })
      .optional()
      .meta({ description: "The last close that was not a normal restart" }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Instance" });
export type Instance = z.infer<typeof Instance>;

/** Baileys' browser tuple: [platform/OS, browser, version]; operators see it as the linked device's "user agent". */
export const BrowserTuple = browserTriple(z.string().trim().min(1).max(40))
  .meta({ description: "Browser tuple shown on the phone's linked devices list", example: ["WhatsApp API Manager", "Chrome", "120.0"] });


export const CreateInstanceRequest = z
  .strictObject({
    name: InstanceName,
    browser: BrowserTuple.optional(),
    connect: z.boolean().default(true).meta({ description: "Start connecting (and showing a QR) right away" }),
  })
  .meta({ id: "CreateInstanceRequest" });
export type CreateInstanceRequest = z.input<typeof CreateInstanceRequest>;

export const UpdateInstanceRequest = z.strictObject({ name: InstanceName }).meta({ id: "UpdateInstanceRequest" });
export type UpdateInstanceRequest = z.infer<typeof UpdateInstanceRequest>;

export const InstanceSortField = z.enum(["name", "status", "number", "pushName", "createdAt", "updatedAt", "connectedAt"]);
export type InstanceSortField = z.infer<typeof InstanceSortField>;

export const ListInstancesQuery = z.strictObject({
  status: commaList(InstanceStatus, "Comma-separated statuses to include", "QR_REQUIRED,DISCONNECTED"),
  search: z.string().trim().max(100).optional().meta({ description: "Matches name or number (case-insensitive substring)" }),
  sort: InstanceSortField.default("createdAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(512).optional(),
});
export type ListInstancesQuery = z.input<typeof ListInstancesQuery>;

export const InstanceList = z.object({ items: z.array(Instance), nextCursor: z.string().nullable() }).meta({ id: "InstanceList" });
export type InstanceList = z.infer<typeof InstanceList>;

export const InstanceIdParams = z.object({ id: InstanceId });

export const InstanceQr = z
  .object({
    qr: z.string().meta({ description: "The QR payload to render (not an image)" }),
    expiresAt: z.iso.datetime(),
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
  })
  .meta({ id: "InstanceQr" });
export type InstanceQr = z.infer<typeof InstanceQr>;

export const PairingCodeRequest = z
  .strictObject({
    phoneNumber: PhoneNumberInput,
  })
  .meta({ id: "PairingCodeRequest" });
export const PairingCodeResponse = z
  .object({
    code: z.string().meta({ example: "ABCD-EFGH" }),
    phoneNumber: z.string().regex(PHONE_DIGITS_PATTERN).meta({ description: "The number, digits only", example: "4915123456789" }),
  })
  .meta({ id: "PairingCode" });
export type PairingCodeResponse = z.infer<typeof PairingCodeResponse>;

export const StatusHistoryEntry = z
  .object({
    seq: z.number().int().nonnegative(),
    status: InstanceStatus,
    statusCode: z.number().int().optional(),
    statusReason: z.string().optional(),
    at: z.iso.datetime(),
  })
  .meta({ id: "StatusHistoryEntry" });
export type StatusHistoryEntry = z.infer<typeof StatusHistoryEntry>;
export const StatusHistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().regex(/^\d+$/, "must be a seq number from a previous page").optional(),
});
export const StatusHistoryList = z
  .object({ items: z.array(StatusHistoryEntry), nextCursor: z.string().nullable() })
  .meta({ id: "StatusHistoryList" });
export type StatusHistoryList = z.infer<typeof StatusHistoryList>;

/** Sandbox engine only: simulate what a phone would do. */
export const SandboxScanRequest = z
  .strictObject({
    number: z.string().regex(PHONE_DIGITS_PATTERN, "must be digits only, country code first").optional(),
    pushName: z.string().trim().min(1).max(60).optional(),
  })
  .meta({ id: "SandboxScanRequest" });
export const SandboxDisconnectRequest = z
  .strictObject({
    code: z.number().int().min(100).max(999).meta({ description: "A Baileys DisconnectReason code, e.g. 428, 401, 403, 440, 515" }),
    reason: z.string().max(200).optional(),
  })
  .meta({ id: "SandboxDisconnectRequest" });
export const SandboxInboundRequest = z
  .strictObject({
    from: z.string().regex(PHONE_DIGITS_PATTERN, "must be digits only, country code first"),
    text: z.string().min(1).max(4096),
  })
  .meta({ id: "SandboxInboundRequest" });
