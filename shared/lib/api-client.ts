import type * as z from "zod/mini";
import { ErrorBody, type ErrorCode, type ErrorIssue } from "@/contract/errors";

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

/** The error a non-2xx answer stands for, read from the body when it has the contract's error shape. */
export async function errorFromResponse(response: Response): Promise<ApiClientError> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = ErrorBody.safeParse(body);
  const retryAfter = Number(response.headers.get("retry-after"));
  return parsed.success
    ? new ApiClientError(response.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details?.issues ?? [], Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined)
    : new ApiClientError(response.status, response.status >= 500 ? "internal_error" : "bad_request", `Request failed with HTTP ${response.status}.`);
}

/**
 * The gateway (or the panel's server) cannot be reached: the panel's server answered 502 "unavailable", or nothing
 * answered at all. Retrying at once will not help; the views retry on their own while it lasts.
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiClientError && (error.status === 0 || (error.status === 502 && error.code === "unavailable"));
}

/** How often a read that failed because the gateway is unreachable is tried again while it is on screen. */
export const UNREACHABLE_RETRY_MS = 3_000;

type Listener = (error: ApiClientError) => void;
const unauthorizedListeners = new Set<Listener>();

/** Lets the app react once when any call finds the session gone (e.g. send the operator to sign in). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions<T> {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Sent as JSON; a FormData (a file upload) goes as multipart/form-data, its boundary set by fetch. */
  body?: unknown;
  /** Validates the response with the contract's schema for the route, e.g. `Instance`. */
  schema?: z.ZodMiniType<T>;
  signal?: AbortSignal;
}

/** The panel's one fetch client. Paths are relative to the BFF (`/bff/...`); no credential is ever attached here. */
export async function bffRequest<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  let response: Response;
  try {
    const form = options.body instanceof FormData ? options.body : undefined;
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers: options.body === undefined || form ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: "same-origin",
      cache: "no-store",
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiClientError(0, "unavailable", "The panel's server is not reachable. Check your connection.");
  }

  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (response.status === 401) for (const listener of unauthorizedListeners) listener(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const json: unknown = await response.json();
  return options.schema ? options.schema.parse(json) : (json as T);
}

/**
 * How a feature's fetchers reach the gateway, so one definition serves the browser and the panel's server: in the
 * browser `bffTransport` (through the BFF, with the session cookie), on the server `gatewayTransport`
 * (shared/lib/server/gateway-transport.ts, with the operator's session token). Paths are the gateway's own
 * (`/api/v1/...`); failures throw `ApiClientError`.
 */
export interface Transport {
  request<T = unknown>(path: string, options?: RequestOptions<T>): Promise<T>;
  /** Lists longer than one page are not read through this transport (the server's: a big fleet would swell the HTML). */
  readonly onePageLists?: boolean;
}

export const bffTransport: Transport = {
  request: (path, options) => bffRequest(`/bff${path}`, options),
};

/** One page of a cursor-paged list (`{items, nextCursor}`), as the contract shapes every list. */
type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * Every item of a cursor-paged list, page by page, up to `max`. Through a transport that reads one page only, a
 * longer list is an error: the caller (a server prefetch) leaves it to the browser.
 */
export async function readAllPages<T>(transport: Transport, pathOf: (cursor: string | null) => string, schema: z.ZodMiniType<Page<T>>, { max, signal }: { max: number; signal?: AbortSignal }): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await transport.request(pathOf(cursor), { schema, signal });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (cursor && transport.onePageLists) throw new Error("The list is longer than one page: left to the browser.");
  } while (cursor && items.length < max);
  return items;
}
