import "server-only";
import { gatewayUrl } from "@/shared/config/server-env";
import { errorFromResponse, type Transport } from "@/shared/lib/api-client";

export interface GatewayCall {
  method?: string;
  token?: string;
  /** JSON text, or the bytes of another body (a multipart upload) as the browser sent them. */
  body?: string | Uint8Array<ArrayBuffer>;
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

/**
 * The features' fetchers, run on the panel's server with the operator's session: what server pages prefetch with.
 * Lists longer than one page are refused (left to the browser), and every call ends with `signal`.
 */
export function gatewayTransport({ token, signal }: { token: string; signal: AbortSignal }): Transport {
  return {
    onePageLists: true,
    async request(path, options = {}) {
      const response = await callGateway(path, {
        method: options.method,
        token,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal ? AbortSignal.any([signal, options.signal]) : signal,
      });
      if (!response.ok) throw await errorFromResponse(response);
      if (response.status === 204) return undefined as never;
      const json: unknown = await response.json();
      return options.schema ? options.schema.parse(json) : (json as never);
    },
  };
}
