import { NextResponse, type NextRequest } from "next/server";
import { LoginRequest, LoginResponse } from "@/contract/auth";
import { gatewaySignIn } from "@/features/auth/api/server-sign-in";
import { bffError, bodyTooLarge, crossSiteRefused, gatewayUnreachable, methodNotAllowed, relay } from "@/shared/lib/server/bff-responses";
import { bodyText, clientAddressOf, readCappedBody } from "@/shared/lib/server/bff-request";
import { isSameOrigin } from "@/shared/lib/server/origin-check";
import { SESSION_COOKIE, setSessionCookie } from "@/shared/lib/server/session-cookie";

export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return crossSiteRefused();
  const body = await readCappedBody(request);
  if (!body.ok) return bodyTooLarge(body.limit);
  const input = LoginRequest.safeParse(parseJson(bodyText(body)));
  if (!input.success) return bffError(400, "bad_request", "Enter a username and a password.");

  let upstream: Response;
  try {
    upstream = await gatewaySignIn(input.data, { previousToken: request.cookies.get(SESSION_COOKIE)?.value, clientIp: clientAddressOf(request) });
  } catch {
    return gatewayUnreachable();
  }
  if (!upstream.ok) return relay(upstream);

  const login = LoginResponse.parse(await upstream.json());
  const response = NextResponse.json({ operator: login.operator, expiresAt: login.expiresAt }, { headers: { "cache-control": "no-store" } });
  setSessionCookie(response, login.token, login.expiresAt);
  return response;
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

// Every other method gets 405 in the error shape, with Allow (HEAD is answered by GET).
const onlyPost = methodNotAllowed("POST");
export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };
