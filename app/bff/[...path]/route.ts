import type { NextRequest } from "next/server";
import { bffError, bodyTooLarge, crossSiteRefused, gatewayUnreachable, relay } from "@/shared/lib/server/bff-responses";
import { bodyLimitFor, clientAddressOf, gatewayPathOf, readCappedBody } from "@/shared/lib/server/bff-request";
import { callGateway } from "@/shared/lib/server/gateway-client";
import { isSameOrigin } from "@/shared/lib/server/origin-check";
import { SESSION_COOKIE } from "@/shared/lib/server/session-cookie";

const PUBLIC_PATHS = new Set(["/health", "/openapi.json"]);
// Routes whose responses carry a session token: only the dedicated BFF handlers (/bff/auth/*) may call them.
const TOKEN_PATHS = new Set(["/api/v1/auth/login", "/api/v1/auth/change-password"]);

// The one image the panel shows from the gateway: an instance's own profile picture (never WhatsApp's CDN URL).
const PICTURE_PATH = /^\/api\/v1\/instances\/[^/]+\/profile\/picture$/;

type Context = { params: Promise<{ path: string[] }> };

async function forward(request: NextRequest, { params }: Context) {
  // The allow-list is checked on the path the gateway will be sent, built from the decoded, validated segments.
  const path = gatewayPathOf((await params).path);
  if (!path || !(PUBLIC_PATHS.has(path) || path.startsWith("/api/v1/"))) {
    return bffError(404, "not_found", `No panel route ${request.nextUrl.pathname}`);
  }
  if (TOKEN_PATHS.has(path)) return bffError(404, "not_found", `Use /bff/auth/${path.split("/").at(-1)} instead`);
  const mutating = request.method !== "GET" && request.method !== "HEAD";
  if (mutating && !isSameOrigin(request)) return crossSiteRefused();

  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (!token && !PUBLIC_PATHS.has(path)) return bffError(401, "unauthorized", "Your session has ended. Sign in again.");
  const body = mutating ? await readCappedBody(request, bodyLimitFor(request.method, path)) : { ok: true as const, bytes: undefined };
  if (!body.ok) return bodyTooLarge(body.limit);
  try {
    const upstream = await callGateway(`${path}${request.nextUrl.search}`, {
      method: request.method,
      token,
      body: body.bytes,
      contentType: request.headers.get("content-type"),
      clientIp: clientAddressOf(request),
    });
    return await relay(upstream, {
      revealsApiKey: request.method === "POST" && path === "/api/v1/api-keys",
      image: request.method === "GET" && PICTURE_PATH.test(path),
      // Next answers HEAD with the GET handler and drops the body; the gateway's HEAD answer has none to read.
      head: request.method === "HEAD",
    });
  } catch {
    return gatewayUnreachable();
  }
}

export { forward as GET, forward as POST, forward as PATCH, forward as PUT, forward as DELETE };
