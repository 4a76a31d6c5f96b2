import "server-only";
import { cookies } from "next/headers";
import { MeResponse } from "@/contract/auth";
import { callGateway } from "@/shared/lib/server/gateway-client";
import { SESSION_COOKIE } from "@/shared/lib/server/session-cookie";

export type SessionLookup = { kind: "signed-in"; me: MeResponse } | { kind: "signed-out" } | { kind: "gateway-down" };

/** Asks the gateway who the cookie's session belongs to; the token never leaves the server. */
export async function lookupSession(): Promise<SessionLookup> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return { kind: "signed-out" };
  let response: Response;
  try {
    // A hung gateway gets the full-page error within 3 s, not a blank tab.
    response = await callGateway("/api/v1/auth/me", { token, signal: AbortSignal.timeout(2_500) });
  } catch {
    return { kind: "gateway-down" };
  }
  if (response.status === 401) return { kind: "signed-out" };
  if (!response.ok) return { kind: "gateway-down" };
  return { kind: "signed-in", me: MeResponse.parse(await response.json()) };
}
