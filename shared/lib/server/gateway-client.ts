import "server-only";
import { gatewayUrl } from "@/shared/config/server-env";

export interface GatewayCall {
  method?: string;
  token?: string;
  body?: string;
  contentType?: string | null;
  /** The operator's address (clientAddressOf), so the gateway throttles and logs per person, not per panel server. */
  clientIp?: string | null;
  signal?: AbortSignal;
}

/** The one way the panel's server talks to the gateway. Never called from the browser. */
export async function callGateway(path: string, call: GatewayCall = {}): Promise<Response> {
  const headers = new Headers({ accept: "application/json" });
  if (call.token) headers.set("authorization", `Bearer ${call.token}`);
  if (call.body !== undefined) headers.set("content-type", call.contentType ?? "application/json");
  if (call.clientIp) headers.set("x-forwarded-for", call.clientIp);
  return fetch(`${gatewayUrl()}${path}`, {
    method: call.method ?? "GET",
    headers,
    body: call.body,
    cache: "no-store",
    redirect: "manual",
    signal: call.signal ?? AbortSignal.timeout(20_000),
  });
}
