import { z } from "zod";
import { ApiKey } from "./api-keys";

export const Operator = z.object({ id: z.string(), username: z.string() }).meta({ id: "Operator" });
export type Operator = z.infer<typeof Operator>;

export const Username = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters");

/** New passwords: long enough to resist guessing; upper bound keeps hashing cheap to refuse. */
export const NewPassword = z
  .string()
  .min(12, "must be at least 12 characters")
  .max(256, "must be at most 256 characters");

export const LoginRequest = z
  .strictObject({
    username: Username,
    password: z.string().min(1, "is required").max(256, "must be at most 256 characters"),
  })
  .meta({ id: "LoginRequest" });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z
  .object({ token: z.string(), expiresAt: z.iso.datetime(), operator: Operator })
  .meta({ id: "LoginResponse" });
export type LoginResponse = z.infer<typeof LoginResponse>;

/** What the panel's BFF answers a sign-in or password change with: the token stays in its HttpOnly cookie. */
export const SignedIn = LoginResponse.omit({ token: true });
export type SignedIn = z.infer<typeof SignedIn>;

const SessionExpiry = z.object({ expiresAt: z.iso.datetime(), idleExpiresAt: z.iso.datetime() });

export const MeResponse = z
  .object({
    operator: Operator,
    session: SessionExpiry,
  })
  .meta({ id: "Me" });
export type MeResponse = z.infer<typeof MeResponse>;

export const ChangePasswordRequest = z
  .strictObject({
    currentPassword: z.string().min(1, "is required").max(256, "must be at most 256 characters"),
    newPassword: NewPassword,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ["newPassword"],
    message: "must differ from the current password",
  })
  .meta({ id: "ChangePasswordRequest" });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const SocketTicketResponse = z
  .object({ ticket: z.string(), expiresAt: z.iso.datetime() })
  .meta({ id: "SocketTicket" });
export type SocketTicketResponse = z.infer<typeof SocketTicketResponse>;

/** GET /api/v1/auth/whoami: what the credential of the request is. `kind` tells the two apart. */
const WhoAmISession = z
  .object({
    kind: z.literal("session"),
    operator: Operator,
    session: SessionExpiry,
  })
  .meta({ id: "WhoAmISession", description: "An operator session: the operator and when the session ends" });
const WhoAmIApiKey = z
  .object({
    kind: z.literal("apiKey"),
    apiKey: ApiKey,
  })
  .meta({ id: "WhoAmIApiKey", description: "An admin API key or an instance token: its id, name, scope, instance and permissions (never the key)" });
export const WhoAmIResponse = z.discriminatedUnion("kind", [WhoAmISession, WhoAmIApiKey]).meta({ id: "WhoAmI" });
export type WhoAmIResponse = z.infer<typeof WhoAmIResponse>;
