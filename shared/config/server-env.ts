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

/** Extra origins allowed to POST to the panel (besides its own), e.g. when behind a proxy that rewrites Host. */
export function panelOrigins(): string[] {
  return (runtimeEnv("PANEL_ORIGINS") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
