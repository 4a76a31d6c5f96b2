import "server-only";

// Read by name at run time: `process.env.NEXT_PUBLIC_*` written literally would be inlined at build time,
// and one build must serve any deployment (and the tests' gateway on a random port).
function runtimeEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/** Where the panel's server reaches the gateway (private; never sent to the browser). */
export function gatewayUrl(): string {
  return (runtimeEnv("GATEWAY_URL") ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
}

/** Where browsers reach the gateway's socket.io and public API. */
export function publicApiUrl(): string {
  return (runtimeEnv("NEXT_PUBLIC_API_URL") ?? "http://localhost:8080").replace(/\/+$/, "");
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "0.0.0.0", "::"]);

/**
 * Origins allowed to send mutating requests to the panel: the one it listens on (PANEL_HOST, PANEL_PORT; a
 * loopback or wildcard bind answers as localhost, 127.0.0.1 and [::1]) and those listed in PANEL_ORIGINS (the
 * public origin behind a proxy). Never derived from request headers, which a client or proxy can set.
 */
export function panelOrigins(): string[] {
  const port = runtimeEnv("PANEL_PORT") ?? "3000";
  const host = runtimeEnv("PANEL_HOST") ?? "127.0.0.1";
  const listening = LOOPBACK_HOSTS.has(host)
    ? [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]
    : [`http://${host.includes(":") ? `[${host}]` : host}:${port}`];
  const configured = (runtimeEnv("PANEL_ORIGINS") ?? "")
    .split(",")
    .map((s) => s.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  return [...listening, ...configured];
}

/** The largest file upload the BFF relays (PANEL_UPLOAD_LIMIT_BYTES, default 8 MiB): a profile picture. */
export function uploadLimitBytes(): number {
  const configured = Number(runtimeEnv("PANEL_UPLOAD_LIMIT_BYTES"));
  return Number.isInteger(configured) && configured > 0 ? configured : 8 * 1024 * 1024;
}

/** The largest request body the BFF accepts (PANEL_BODY_LIMIT_BYTES, default 1 MiB). */
export function bodyLimitBytes(): number {
  const configured = Number(runtimeEnv("PANEL_BODY_LIMIT_BYTES"));
  return Number.isInteger(configured) && configured > 0 ? configured : 1024 * 1024;
}
