import "server-only";
import type { NextResponse } from "next/server";

/** The only credential the browser holds: an opaque gateway session token in an HttpOnly `__Host-` cookie. */
export const SESSION_COOKIE = "__Host-wam_session";

/** The session cookie holding `token`, for `NextResponse.cookies` (a BFF route) or `cookies()` (a server action). */
export function sessionCookie(token: string, expiresAt: string) {
  return { name: SESSION_COOKIE, value: token, httpOnly: true, secure: true, sameSite: "lax", path: "/", expires: new Date(expiresAt) } as const;
}

export function setSessionCookie(response: NextResponse, token: string, expiresAt: string) {
  response.cookies.set(sessionCookie(token, expiresAt));
}

export function clearSessionCookie(response: NextResponse) {
  response.cookies.set({ name: SESSION_COOKIE, value: "", httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 0 });
}
