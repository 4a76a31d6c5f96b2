import { NextResponse, type NextRequest } from "next/server";
import { crossSiteRefused, methodNotAllowed } from "@/shared/lib/server/bff-responses";
import { callGateway } from "@/shared/lib/server/gateway-client";
import { isSameOrigin } from "@/shared/lib/server/origin-check";
import { SESSION_COOKIE, clearSessionCookie } from "@/shared/lib/server/session-cookie";

export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return crossSiteRefused();
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  // Even when the gateway is unreachable the cookie goes: the browser is signed out either way.
  if (token) await callGateway("/api/v1/auth/logout", { method: "POST", token }).catch(() => undefined);
  const response = new NextResponse(null, { status: 204 });
  clearSessionCookie(response);
  return response;
}

// Every other method gets 405 in the error shape, with Allow (HEAD is answered by GET).
const onlyPost = methodNotAllowed("POST");
export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };
