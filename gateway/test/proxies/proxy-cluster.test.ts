import { afterAll, describe, expect, it } from "vitest";
import { FAST_SANDBOX, TEST_DIALECT, api, login, sharedPostgres, startGateway, storedRows, waitUntil, type RunningGateway } from "../support/gateway";
import { startHttpProxy, startSocksProxy, startTcpTarget, type TestProxy } from "../support/proxies";

// Two gateway nodes on one PostgreSQL schema (docs/proxies.md, "Several nodes"): a proxy change asked of any node is
// applied by the node that runs the instance (its session restarts there), one by one, in bulk, or when a pool
// proxy's address changes; health rounds run on one node only.

let shared: Awaited<ReturnType<typeof sharedPostgres>> | undefined;
const gateways: RunningGateway[] = [];
const servers: Array<{ stop(): Promise<void> }> = [];

afterAll(async () => {
  for (const gw of gateways) await gw.stop().catch(() => undefined);
  for (const server of servers) await server.stop();
  await shared?.drop();
});

describe.skipIf(TEST_DIALECT !== "postgres")("proxies in a cluster", () => {
  it("applies a change on the node that runs the instance, whichever node was asked; one node checks health", { timeout: 90_000 }, async () => {
    shared = await sharedPostgres();
    const target = await startTcpTarget();
    const http: TestProxy = await startHttpProxy({ credentials: { user: "u", password: "cluster-pw" } });
    const socks: TestProxy = await startSocksProxy();
    servers.push(target, http, socks);
    const env = { ...FAST_SANDBOX, DATABASE_URL: shared.url, CLUSTER_LEASE_SECONDS: "2", SECRETS_KEY: Buffer.alloc(32, 4).toString("base64"), PROXY_CHECK_TARGET: `127.0.0.1:${target.port}`, PROXY_CHECK_INTERVAL_SECONDS: "0.3" };
    const a = await startGateway({ ...env, NODE_NAME: "proxy-a" });
    const b = await startGateway({ ...env, NODE_NAME: "proxy-b" });
    gateways.push(a, b);
    const token = await login(a.url);
    const call = (gw: RunningGateway, method: string, url: string, body?: unknown) => api(gw.url, method, url, { token, body });

    const ids: string[] = [];
    for (const name of ["On B one", "On B two"]) {
      const created = await call(a, "POST", "/api/v1/instances", { name, node: "proxy-b" });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      ids.push(id);
      await waitUntil(() => call(a, "GET", `/api/v1/instances/${id}`), (r) => r.body.status === "QR_REQUIRED", "QR", 20_000);
      expect((await call(a, "POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
      await waitUntil(() => call(a, "GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED" && r.body.node === "proxy-b", "CONNECTED on B", 20_000);
    }
    const lastSession = async (id: string) => (await call(a, "GET", `/api/v1/sandbox/instances/${id}/activity`)).body.sessions.at(-1)?.proxy as string | null;
    const proxy = (await call(a, "POST", "/api/v1/proxies", { name: "Shared", url: http.url({ user: "u", password: "cluster-pw" }) })).body;

    // One instance through node A: the call runs on B, where the session restarts.
    const set = await call(a, "PUT", `/api/v1/instances/${ids[0]}/proxy`, { mode: "pool", proxyId: proxy.id });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.headers.get("x-wam-node")).toBe("proxy-b");
    expect(set.body).toMatchObject({ mode: "pool", proxyId: proxy.id, restart: true });
    await waitUntil(() => lastSession(ids[0]!), (p) => p === proxy.url, "B's new session through the proxy");

    // In bulk from node A: each row is applied on B.
    const bulk = await call(a, "POST", "/api/v1/proxies/assign", { instanceIds: ids, proxy: { mode: "custom", url: socks.url() } });
    expect(bulk.body.items).toEqual(ids.map((instanceId) => ({ instanceId, ok: true, mode: "custom", proxyId: null, restart: true })));
    for (const id of ids) await waitUntil(() => lastSession(id), (p) => p === socks.url(), "through SOCKS");

    // A pool proxy's new address, changed on node A, restarts the instances on it, on B.
    await call(a, "POST", "/api/v1/proxies/assign", { instanceIds: ids, proxy: { mode: "pool", proxyId: proxy.id } });
    for (const id of ids) await waitUntil(() => lastSession(id), (p) => p === proxy.url, "back on the pool proxy");
    const moved = await call(a, "PATCH", `/api/v1/proxies/${proxy.id}`, { url: http.url({ user: "u2", password: "cluster-pw" }) });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    for (const id of ids) await waitUntil(() => lastSession(id), (p) => p === `http://u2:••••@127.0.0.1:${http.port}`, "restarted through the new address");

    // Health: checked by the rounds, from one node (the lease names it); the proxy does not know user u2.
    const checked = await waitUntil(() => call(b, "GET", `/api/v1/proxies/${proxy.id}`), (r) => r.body.health.state === "failing", "a round's check");
    expect(checked.body.health.errorCode).toBe("auth");
    const leases = await storedRows<{ node: string }>(shared.key, "select node from leader_leases where name = 'proxy-health'");
    expect(leases).toHaveLength(1);
    expect(["proxy-a", "proxy-b"]).toContain(leases[0]!.node);
  });
});
