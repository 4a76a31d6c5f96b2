import { z } from "zod";

export const EngineName = z.enum(["baileys", "sandbox"]);
export type EngineName = z.infer<typeof EngineName>;

/** The six states of ARCHITECTURE.md's instance status machine. */
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
  .regex(/^ins_[A-Za-z0-9]{10,40}$/, "must be an instance id like ins_…")
  .meta({ description: "Instance id", example: "ins_3kq9x2m1v8r4" });

export const InstanceName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, "may use letters, digits, spaces, dot, dash and underscore, and must start with a letter or digit");

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
    browser: z.tuple([z.string(), z.string(), z.string()]).optional(),
    connectedAt: z.iso.datetime().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Instance" });
export type Instance = z.infer<typeof Instance>;
