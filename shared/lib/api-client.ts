import type { ErrorCode, ErrorIssue } from "@/contract/errors";
import { loadContract, type SchemaPick } from "./contract-loader";

/** An error the gateway (or the panel's server) answered with, in the one error shape. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

type Listener = (error: ApiClientError) => void;
const unauthorizedListeners = new Set<Listener>();

/** Lets the app react once when any call finds the session gone (e.g. send the operator to sign in). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions<T> {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  /** Validates the response with the contract's schema for the route, e.g. `(c) => c.Instance`. */
  schema?: SchemaPick<T>;
  signal?: AbortSignal;
}

/** The panel's one fetch client. Paths are relative to the BFF (`/bff/...`); no credential is ever attached here. */
export async function bffRequest<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  // The schemas' chunk loads while the request is in flight, so validating costs no extra round trip.
  const contract = loadContract().catch(() => {
    throw new ApiClientError(0, "unavailable", "The panel could not load part of itself. Reload the page.");
  });
  contract.catch(() => undefined);
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers: options.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      cache: "no-store",
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiClientError(0, "unavailable", "The panel's server is not reachable. Check your connection.");
  }

  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const parsed = (await contract).ErrorBody.safeParse(body);
    const retryAfter = Number(response.headers.get("retry-after"));
    const error = parsed.success
      ? new ApiClientError(response.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details?.issues ?? [], Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined)
      : new ApiClientError(response.status, response.status >= 500 ? "internal_error" : "bad_request", `Request failed with HTTP ${response.status}.`);
    if (response.status === 401) for (const listener of unauthorizedListeners) listener(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const json: unknown = await response.json();
  return options.schema ? options.schema(await contract).parse(json) : (json as T);
}
