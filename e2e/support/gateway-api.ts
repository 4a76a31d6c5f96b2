import { ADMIN, gatewayUrl } from "./session";

/**
 * Direct calls to a gateway for test setup (never from the browser): signs in once, then calls with the token. The
 * global setup's gateway by default; the cluster test passes its own node.
 */
export function gatewayClient(baseUrl: () => string) {
  let token: string | undefined;
  async function gatewayToken(): Promise<string> {
    if (token) {
      const me = await fetch(`${baseUrl()}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      if (me.ok) return token;
    }
    const res = await fetch(`${baseUrl()}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
    });
    if (!res.ok) throw new Error(`gateway login failed: ${res.status}`);
    token = ((await res.json()) as { token: string }).token;
    return token;
  }
  return async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${await gatewayToken()}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}

export const gatewayCall = gatewayClient(gatewayUrl);

type Status = "QR_REQUIRED" | "CONNECTED" | "DISCONNECTED" | "ERROR";

async function waitForStatus(id: string, status: Status) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const current = (await gatewayCall<{ status: string }>("GET", `/api/v1/instances/${id}`)).status;
    if (current === status) return;
    if (Date.now() > deadline) throw new Error(`${id} stayed ${current}, expected ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A sandbox instance brought to `status` the way a phone would: QR_REQUIRED waits for a scan; CONNECTED is scanned;
 * DISCONNECTED was then replaced elsewhere (440) and ERROR forbidden (403).
 */
export async function instanceIn(name: string, status: Status): Promise<{ id: string }> {
  const { id } = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name, connect: true });
  await waitForStatus(id, "QR_REQUIRED");
  if (status === "QR_REQUIRED") return { id };
  await gatewayCall("POST", `/api/v1/sandbox/instances/${id}/scan`, {});
  await waitForStatus(id, "CONNECTED");
  if (status === "CONNECTED") return { id };
  await gatewayCall("POST", `/api/v1/sandbox/instances/${id}/disconnect`, { code: status === "DISCONNECTED" ? 440 : 403 });
  await waitForStatus(id, status);
  return { id };
}
