/**
 * What keeps secrets out of the stored log: keys that name a secret are dropped, strings shaped like one of
 * our credentials are masked, and the context is kept small.
 */

const SECRET_KEY = /pass(word|wd|phrase)?|token|secret|authori[sz]ation|api[-_]?key|cookie|ticket|credential|priv(ate)?_?key|^private$|^creds$/i;
/** Our credential shapes: session tokens, socket tickets, API keys / instance tokens, webhook secrets; and bearer headers. */
const CREDENTIAL = /\b(wgs|wst|wam|whsec)_[A-Za-z0-9+/=_-]{8,}/g;
const BEARER = /\bBearer\s+[\w.~+/=-]+/gi;
/**
 * A URL's password (`scheme://user:password@host`: a proxy's, a database's), wherever a library's message quotes one;
 * one already masked as the API shows it (`user:••••@`) is left as it is.
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):(?!••••@)[^\s/@]+@/gi;

const MAX_DEPTH = 4;
const MAX_KEYS = 40;
const MAX_ARRAY = 20;
const MAX_STRING = 500;
const MAX_CONTEXT_CHARS = 4000;
export const MAX_MESSAGE = 1000;

const REDACTED = "[redacted]";

/** Masks credential-shaped substrings in free text (messages, reasons, error texts). */
export function scrubText(text: string, max = MAX_STRING): string {
  const masked = text
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(CREDENTIAL, (_m, prefix: string) => `${prefix}_${REDACTED}`)
    .replace(URL_PASSWORD, (_m, head: string) => `${head}:${REDACTED}@`);
  return masked.length > max ? `${masked.slice(0, max)}…` : masked;
}

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function clean(value: unknown, depth: number): unknown {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return scrubText(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Error) return { type: value.name, message: scrubText(value.message) };
  if (typeof value !== "object") return undefined; // functions, symbols, undefined
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ARRAY).map((item) => clean(item, depth + 1) ?? null);
    return value.length > MAX_ARRAY ? [...items, `… ${value.length - MAX_ARRAY} more`] : items;
  }
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const [key, item] of Object.entries(value)) {
    if (isSecretKey(key)) continue;
    if (kept >= MAX_KEYS) break;
    const cleaned = clean(item, depth + 1);
    if (cleaned === undefined) continue;
    out[key] = cleaned;
    kept += 1;
  }
  return out;
}

/** A stored context: secrets removed, sizes bounded, always a plain JSON object. */
export function redactContext(context: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!context) return {};
  const cleaned = clean(context, 0) as Record<string, unknown>;
  const json = JSON.stringify(cleaned);
  if (json.length <= MAX_CONTEXT_CHARS) return cleaned;
  return { truncated: true, preview: `${json.slice(0, 1000)}…` };
}

/** For pino's own `redact` (stdout): request credentials and every secret-named field one level down. */
export const PINO_REDACT = {
  paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.token", "*.ticket", "*.newPassword", "*.currentPassword", "*.secret", "*.apiKey"],
  censor: REDACTED,
};
