import "server-only";
import type { NextResponse } from "next/server";

/** The only credential the browser holds: an opaque gateway session token in an HttpOnly `__Host-` cookie. */
export const SESSION_COOKIE = "__Host-wam_session";

export function setSessionCookie(response: NextResponse, token: string, expiresAt: string) {
  response.cookies.set({
    name: SESSION_COOKIE,
    value: token,
    httpOnly: true,
    secure: true,
    sameSite: "lax",
    path: "/",
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(response: NextResponse) {
  response.cookies.set({ name: SESSION_COOKIE, value: "", httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 0 });
}
