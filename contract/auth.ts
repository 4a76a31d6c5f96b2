import * as z from "zod/mini";
import { ApiKey } from "./api-keys";

export const Operator = z.object({ id: z.string(), username: z.string() }).register(z.globalRegistry, { id: "Operator" });
export type Operator = z.infer<typeof Operator>;

const Username = z.string().check(z.trim(), z.minLength(1, "is required"), z.maxLength(64, "must be at most 64 characters"));

/** New passwords: long enough to resist guessing; upper bound keeps hashing cheap to refuse. */
export const NewPassword = z.string().check(z.minLength(12, "must be at least 12 characters"), z.maxLength(256, "must be at most 256 characters"));

export const LoginRequest = z
  .strictObject({
    username: Username,
    password: z.string().check(z.minLength(1, "is required"), z.maxLength(256, "must be at most 256 characters")),
  })
  .register(z.globalRegistry, { id: "LoginRequest" });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z
  .object({ token: z.string(), expiresAt: z.iso.datetime(), operator: Operator })
  .register(z.globalRegistry, { id: "LoginResponse" });
export type LoginResponse = z.infer<typeof LoginResponse>;

/** What the panel's BFF answers a sign-in or password change with: the token stays in its HttpOnly cookie. */
export const SignedIn = z.omit(LoginResponse, { token: true });
export type SignedIn = z.infer<typeof SignedIn>;

const SessionExpiry = z.object({ expiresAt: z.iso.datetime(), idleExpiresAt: z.iso.datetime() });

export const MeResponse = z
  .object({
    operator: Operator,
    session: SessionExpiry,
  })
  .register(z.globalRegistry, { id: "Me" });
export type MeResponse = z.infer<typeof MeResponse>;

export const ChangePasswordRequest = z
  .strictObject({
    currentPassword: z.string().check(z.minLength(1, "is required"), z.maxLength(256, "must be at most 256 characters")),
    newPassword: NewPassword,
  })
  .check(
    z.refine((v) => v.currentPassword !== v.newPassword, {
      path: ["newPassword"],
      message: "must differ from the current password",
    }),
  )
  .register(z.globalRegistry, { id: "ChangePasswordRequest" });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const SocketTicketResponse = z
  .object({ ticket: z.string(), expiresAt: z.iso.datetime() })
  .register(z.globalRegistry, { id: "SocketTicket" });
export type SocketTicketResponse = z.infer<typeof SocketTicketResponse>;

/** GET /api/v1/auth/whoami: what the credential of the request is. `kind` tells the two apart. */
const WhoAmISession = z
  .object({
    kind: z.literal("session"),
    operator: Operator,
    session: SessionExpiry,
  })
  .register(z.globalRegistry, { id: "WhoAmISession", description: "An operator session: the operator and when the session ends" });
const WhoAmIApiKey = z
  .object({
    kind: z.literal("apiKey"),
    apiKey: ApiKey,
  })
  .register(z.globalRegistry, { id: "WhoAmIApiKey", description: "An admin API key or an instance token: its id, name, scope, instance and permissions (never the key)" });
export const WhoAmIResponse = z.discriminatedUnion("kind", [WhoAmISession, WhoAmIApiKey]).register(z.globalRegistry, { id: "WhoAmI" });
export type WhoAmIResponse = z.infer<typeof WhoAmIResponse>;
