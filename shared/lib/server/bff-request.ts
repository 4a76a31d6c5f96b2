import "server-only";
import { bodyLimitBytes, uploadLimitBytes } from "@/shared/config/server-env";

/** Set by scripts/panel-server.mjs on every request from the TCP peer (or a declared proxy's hop); see docs/panel-server.md. */
const CLIENT_ADDRESS_HEADER = "x-panel-client-address";

/** The operator's address as the panel's own server saw it; never a header the client chose. */
export function clientAddressOf(request: Pick<Request, "headers">): string | null {
  return request.headers.get(CLIENT_ADDRESS_HEADER) || null;
}

// Anything that could change the upstream path once the segment is re-encoded, or was encoded twice.
const UNSAFE_SEGMENT = /[/\\?#%\u0000-\u001f\u007f]/;

/**
 * The gateway path for a BFF catch-all route, built from Next's decoded segments: each is refused when it is
 * empty, a dot segment or carries a separator, query, fragment, NUL or a second encoding, then encoded again, so
 * `x/..%2Fauth%2Flogin` can never become `/auth/login` upstream. Null when any segment is refused.
 */
export function gatewayPathOf(segments: readonly string[]): string | null {
  if (segments.length === 0) return null;
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === ".." || UNSAFE_SEGMENT.test(segment)) return null;
  }
  return `/${segments.map(encodeURIComponent).join("/")}`;
}

export type BodyRead = { ok: true; bytes: Buffer<ArrayBuffer> | undefined } | { ok: false; limit: number };

/** A body read as UTF-8 text (JSON), or undefined when there was none. */
export const bodyText = (body: { bytes: Buffer<ArrayBuffer> | undefined }): string | undefined => body.bytes?.toString("utf8");

/** The gateway routes the panel uploads files to (a profile picture): these take PANEL_UPLOAD_LIMIT_BYTES. */
const UPLOAD_ROUTES = [{ method: "PUT", path: /^\/api\/v1\/instances\/[^/]+\/profile\/picture$/ }];

/** The body limit for a request to `path` (a gateway path, gatewayPathOf's): uploads have their own. */
export function bodyLimitFor(method: string, path: string): number {
  return UPLOAD_ROUTES.some((route) => route.method === method && route.path.test(path)) ? uploadLimitBytes() : bodyLimitBytes();
}

/**
 * Reads a request body up to the panel's limit (PANEL_BODY_LIMIT_BYTES, 1 MiB by default), counting as it
 * streams: a declared Content-Length over the limit is refused before anything is read, and a stream that
 * passes it is cancelled at once. Nothing larger than the limit is ever held in memory.
 */
export async function readCappedBody(request: Request, limit = bodyLimitBytes()): Promise<BodyRead> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > limit) return { ok: false, limit };
  if (!request.body) return { ok: true, bytes: undefined };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, limit };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: size === 0 ? undefined : Buffer.concat(chunks) };
}
