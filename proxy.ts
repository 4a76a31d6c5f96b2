import { NextResponse, type NextRequest } from "next/server";
import { panelOrigins } from "@/shared/config/server-env";
import { bffError, crossSiteRefused } from "@/shared/lib/server/bff-responses";

const SESSION_COOKIE = "__Host-wam_session";
const PUBLIC_PATHS = ["/login"];
/** The largest form a page's server action takes (the sign-in form is well under 1 KB); Next's own limit answers 500. */
const PAGE_POST_LIMIT_BYTES = 64 * 1024;

function gatewayOrigin(): string | null {
  const raw = process.env["NEXT_PUBLIC_API_URL"] || "http://localhost:8080";
  try {
    return new URL(raw).origin;
  } catch {
    return null;
  }
}

/** A nonce-based CSP: scripts run only with this request's nonce; the socket may reach only the gateway. */
function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  const gateway = gatewayOrigin();
  const wsGateway = gateway?.replace(/^http/, "ws");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Radix positions popovers with inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${gateway ? ` ${gateway} ${wsGateway}` : ""}${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // A page answers a POST only as a server action (the sign-in form's): from another site, or with no Origin, it is
  // refused here in the API's error shape, as the BFF refuses one (Next's own check compares Origin with Host, which
  // the sender chooses, and answers a refusal with a 500 page); the action checks the Origin again (sign-in-action.ts).
  // A form too large is refused here too: past its own limit, Next answers a 500 as well.
  if (request.method === "POST") {
    const origin = request.headers.get("origin");
    if (!origin || !panelOrigins().includes(origin)) return crossSiteRefused();
    // Browsers send a form's length; without one the size could only be learnt by reading it.
    const length = Number(request.headers.get("content-length") ?? Number.NaN);
    if (!Number.isSafeInteger(length)) return bffError(411, "bad_request", "A form posted to a panel page needs a Content-Length header.");
    if (length > PAGE_POST_LIMIT_BYTES) return bffError(413, "bad_request", `A form posted to a panel page is at most ${PAGE_POST_LIMIT_BYTES} bytes; this one is ${length}.`);
  }
  const signedIn = request.cookies.has(SESSION_COOKIE);
  if (!signedIn && !PUBLIC_PATHS.includes(pathname)) {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", pathname + search);
    return NextResponse.redirect(login);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-pathname", pathname + search);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!bff/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
