import { NextResponse, type NextRequest } from "next/server";
import { LoginResponse } from "@/contract/auth";
import { bffError, bodyTooLarge, crossSiteRefused, gatewayUnreachable, methodNotAllowed, relay } from "@/shared/lib/server/bff-responses";
import { bodyText, clientAddressOf, readCappedBody } from "@/shared/lib/server/bff-request";
import { callGateway } from "@/shared/lib/server/gateway-client";
import { isSameOrigin } from "@/shared/lib/server/origin-check";
import { SESSION_COOKIE, setSessionCookie } from "@/shared/lib/server/session-cookie";

/** Changing the password ends every session; the gateway hands back a fresh one, which stays server-side. */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return crossSiteRefused();
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (!token) return bffError(401, "unauthorized", "Your session has ended. Sign in again.");
  const body = await readCappedBody(request);
  if (!body.ok) return bodyTooLarge(body.limit);
  let upstream: Response;
  try {
    upstream = await callGateway("/api/v1/auth/change-password", { method: "POST", token, body: bodyText(body) ?? "", clientIp: clientAddressOf(request) });
  } catch {
    return gatewayUnreachable();
  }
  if (!upstream.ok) return relay(upstream);
  const login = LoginResponse.parse(await upstream.json());
  const response = NextResponse.json({ operator: login.operator, expiresAt: login.expiresAt }, { headers: { "cache-control": "no-store" } });
  setSessionCookie(response, login.token, login.expiresAt);
  return response;
}

// Every other method gets 405 in the error shape, with Allow (HEAD is answered by GET).
const onlyPost = methodNotAllowed("POST");
export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };
