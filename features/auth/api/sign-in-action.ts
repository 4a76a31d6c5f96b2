"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { LoginRequest, LoginResponse } from "@/contract/auth";
import { errorFromResponse } from "@/shared/lib/api-client";
import { waitTime } from "@/shared/lib/format-time";
import { clientAddressOf } from "@/shared/lib/server/bff-request";
import { CROSS_SITE_REFUSED, GATEWAY_UNREACHABLE } from "@/shared/lib/server/bff-responses";
import { isSameOrigin } from "@/shared/lib/server/origin-check";
import { SESSION_COOKIE, sessionCookie } from "@/shared/lib/server/session-cookie";
import { safeNext } from "../lib/safe-next";
import { gatewaySignIn } from "./server-sign-in";

/** What the sign-in form shows after an attempt: the username to keep, and what went wrong. */
export interface SignInState {
  username: string;
  /** The attempt's error (wrong credentials, throttled, gateway unreachable). */
  error?: string;
  /** Fields left empty or not usable. */
  invalid?: { username?: boolean; password?: boolean };
}

/**
 * The sign-in form's action (docs/architecture.md, "The sign-in page"): checks the form against the contract, signs
 * in with the gateway, sets the session cookie and goes on to `next` (a path of the panel's own, else the overview).
 * A server action, so the form works before, or without, the page's scripts.
 */
export async function signInAction(next: string | undefined, _previous: SignInState, form: FormData): Promise<SignInState> {
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const username = field("username");
  const requestHeaders = await headers();
  // Next refuses a server action whose Origin is not the Host; the panel holds it to PANEL_ORIGINS as the BFF does.
  if (!isSameOrigin({ headers: requestHeaders })) return { username, error: CROSS_SITE_REFUSED };
  const input = LoginRequest.safeParse({ username, password: field("password") });
  if (!input.success) {
    const invalid = Object.fromEntries(input.error.issues.map((issue) => [String(issue.path[0]), true]));
    return { username, invalid: { username: !!invalid.username, password: !!invalid.password } };
  }

  const store = await cookies();
  let upstream: Response;
  try {
    upstream = await gatewaySignIn(input.data, { previousToken: store.get(SESSION_COOKIE)?.value, clientIp: clientAddressOf({ headers: requestHeaders }) });
  } catch {
    return { username, error: GATEWAY_UNREACHABLE };
  }
  if (!upstream.ok) {
    const error = await errorFromResponse(upstream);
    if (error.status === 429) return { username, error: `Too many failed attempts. Try again in ${error.retryAfterSeconds ? waitTime(error.retryAfterSeconds) : "a few minutes"}.` };
    return { username, error: error.status === 401 ? "Wrong username or password." : error.message };
  }
  const login = LoginResponse.parse(await upstream.json());
  store.set(sessionCookie(login.token, login.expiresAt));
  redirect(safeNext(next));
}
