import "server-only";
import { NextResponse } from "next/server";
import type { ErrorBody, ErrorCode } from "@/contract/errors";
import { clearSessionCookie } from "./session-cookie";

export function bffError(status: number, code: ErrorCode, message: string) {
  return NextResponse.json<ErrorBody>({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}

export const crossSiteRefused = () =>
  bffError(403, "forbidden", "Cross-site request refused: the Origin header does not match the panel.");

export const gatewayUnreachable = () =>
  bffError(502, "unavailable", "The panel cannot reach the gateway. Check that it is running and that GATEWAY_URL points at it.");

/** Relays a gateway response as is; a 401 also clears the now useless session cookie. */
export async function relay(upstream: Response): Promise<NextResponse> {
  const body = upstream.status === 204 ? null : await upstream.arrayBuffer();
  const headers = new Headers({ "cache-control": "no-store" });
  for (const name of ["content-type", "retry-after", "content-disposition"]) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  const response = new NextResponse(body, { status: upstream.status, headers });
  if (upstream.status === 401) clearSessionCookie(response);
  return response;
}
