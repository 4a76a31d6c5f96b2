import "server-only";
import { NextResponse } from "next/server";
import type { ErrorBody, ErrorCode } from "@/contract/errors";
import { clearSessionCookie } from "./session-cookie";

// Every BFF response is data for the panel's own scripts, never a document: see also next.config.mjs (CSP).
const BFF_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

export function bffError(status: number, code: ErrorCode, message: string, headers?: Record<string, string>) {
  return NextResponse.json<ErrorBody>({ error: { code, message } }, { status, headers: { ...BFF_HEADERS, ...headers } });
}

export const CROSS_SITE_REFUSED = "Cross-site request refused: the Origin header is not one of the panel's origins (PANEL_ORIGINS).";
export const crossSiteRefused = () => bffError(403, "forbidden", CROSS_SITE_REFUSED);

export const GATEWAY_UNREACHABLE = "The panel cannot reach the gateway. Check that it is running and that GATEWAY_URL points at it.";
export const gatewayUnreachable = () => bffError(502, "unavailable", GATEWAY_UNREACHABLE);

export const bodyTooLarge = (limit: number) =>
  bffError(413, "bad_request", `The request body is larger than the panel accepts (${limit} bytes; PANEL_BODY_LIMIT_BYTES, or PANEL_UPLOAD_LIMIT_BYTES for a file upload).`);

/** For a route's methods it does not answer (Next's own 405 has no body and no `Allow`). */
export const methodNotAllowed = (allow: string) => (request: Request) =>
  bffError(405, "bad_request", `${new URL(request.url).pathname} answers ${allow}, not ${request.method}.`, { allow });

const refusedUpstream = (why: string) => bffError(502, "unavailable", `The panel refused to relay the gateway's answer: ${why}.`);

// JSON for every API answer; NDJSON and CSV for the log export (streamed through, never buffered).
const STREAMED_TYPES = ["application/x-ndjson", "text/csv"];
const JSON_TYPE = "application/json";
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"];

export interface RelayOptions {
  /** The one call whose JSON may carry a `token` field to the browser: creating an API key shows it once. */
  revealsApiKey?: boolean;
  /** A call whose answer may be an image (a profile picture): JPEG, PNG or WebP, streamed through. */
  image?: boolean;
  /** A HEAD request: the gateway's answer is its status and headers, with no body to read. */
  head?: boolean;
}

/** A gateway answer holding a credential the browser must never see (a session token above all). */
function carriesToken(body: unknown, options: RelayOptions): boolean {
  if (typeof body !== "object" || body === null || !("token" in body)) return false;
  const token = (body as { token: unknown }).token;
  return !(options.revealsApiKey && typeof token === "string" && token.startsWith("wam_"));
}

/**
 * Relays a gateway response: only JSON (and the export's NDJSON/CSV) passes, a JSON body with a `token` field
 * is refused (a second guard behind the route allow-list), and a 401 also clears the now useless cookie.
 */
export async function relay(upstream: Response, options: RelayOptions = {}): Promise<NextResponse> {
  const headers = new Headers(BFF_HEADERS);
  for (const name of ["content-type", "retry-after", "content-disposition"]) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  const type = (upstream.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  let response: NextResponse;
  if (upstream.status === 204 || upstream.status === 304 || options.head) {
    await upstream.body?.cancel().catch(() => undefined);
    response = new NextResponse(null, { status: upstream.status, headers });
  } else if (type === JSON_TYPE) {
    const text = await upstream.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return refusedUpstream("its JSON did not parse");
    }
    if (carriesToken(parsed, options)) return refusedUpstream("it carries a credential");
    response = new NextResponse(text, { status: upstream.status, headers });
  } else if ((STREAMED_TYPES.includes(type) || (options.image && IMAGE_TYPES.includes(type))) && upstream.ok) {
    response = new NextResponse(upstream.body, { status: upstream.status, headers });
  } else {
    await upstream.body?.cancel().catch(() => undefined);
    return refusedUpstream(`content type ${type || "(none)"} is not relayed`);
  }
  if (upstream.status === 401) clearSessionCookie(response);
  return response;
}
