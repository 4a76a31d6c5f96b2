import type { NextRequest } from "next/server";
import { bffError, crossSiteRefused, gatewayUnreachable, relay } from "@/shared/lib/server/bff-responses";
import { callGateway } from "@/shared/lib/server/gateway-client";
import { isSameOrigin } from "@/shared/lib/server/origin-check";
import { SESSION_COOKIE } from "@/shared/lib/server/session-cookie";

// Routes whose responses carry a session token: only the dedicated BFF handlers may call them.
const TOKEN_ROUTES = new Set(["api/v1/auth/login", "api/v1/auth/change-password"]);

type Context = { params: Promise<{ path: string[] }> };

async function forward(request: NextRequest, { params }: Context) {
  const { path } = await params;
  const joined = path.join("/");
  if (path.some((segment) => segment === "" || segment === "." || segment === "..") || !(joined === "health" || joined === "openapi.json" || joined.startsWith("api/v1/"))) {
    return bffError(404, "not_found", `No panel route /bff/${joined}`);
  }
  if (TOKEN_ROUTES.has(joined)) return bffError(404, "not_found", `Use /bff/auth/${path.at(-1)} instead`);
  const mutating = request.method !== "GET" && request.method !== "HEAD";
  if (mutating && !isSameOrigin(request)) return crossSiteRefused();

  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (!token && joined !== "health" && joined !== "openapi.json") return bffError(401, "unauthorized", "Your session has ended. Sign in again.");
  const body = mutating ? await request.text() : undefined;
  try {
    const upstream = await callGateway(`/${joined}${request.nextUrl.search}`, {
      method: request.method,
      token,
      body: body === "" ? undefined : body,
      contentType: request.headers.get("content-type"),
    });
    return relay(upstream);
  } catch {
    return gatewayUnreachable();
  }
}

export { forward as GET, forward as POST, forward as PATCH, forward as PUT, forward as DELETE };
