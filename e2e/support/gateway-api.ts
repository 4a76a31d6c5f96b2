import { ADMIN, gatewayUrl } from "./session";

/** Direct gateway calls for test setup (never from the browser): sign in once, then call with the token. */
let token: string | undefined;

async function gatewayToken(): Promise<string> {
  if (token) {
    const me = await fetch(`${gatewayUrl()}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    if (me.ok) return token;
  }
  const res = await fetch(`${gatewayUrl()}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
  });
  if (!res.ok) throw new Error(`gateway login failed: ${res.status}`);
  token = ((await res.json()) as { token: string }).token;
  return token;
}

export async function gatewayCall<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${gatewayUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${await gatewayToken()}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}
