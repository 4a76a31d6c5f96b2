import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssignProxiesResult, PoolProxy, ProxyList } from "../../../contract/proxies";
import { api, login, startGateway, storedRows, TEST_DIALECT, waitUntil, type RunningGateway } from "../support/gateway";
import { closedPort, startHttpProxy, startLatencyProxy, startSocksProxy, startTcpTarget, type TestProxy } from "../support/proxies";

// The proxy pool over real HTTP, on SQLite and PostgreSQL (docs/proxies.md): names, caps, health, usage, assignment at
// create and in bulk, deleting, and credentials that never come back and are stored encrypted.

const PASSWORD = `pw-${Math.random().toString(36).slice(2)}-secret`;
const CREDS = { user: "pool-user", password: PASSWORD };
const SECRETS_KEY = Buffer.alloc(32, 7).toString("base64");

let gw: RunningGateway;
let token: string;
let target: Awaited<ReturnType<typeof startTcpTarget>>;
let http: TestProxy;
let socks: TestProxy;

beforeAll(async () => {
  target = await startTcpTarget();
  [http, socks] = await Promise.all([startHttpProxy({ credentials: CREDS }), startSocksProxy()]);
  // PostgreSQL needs SECRETS_KEY to store credentials (the refusal without it is tested below).
  gw = await startGateway({ PROXY_CHECK_TARGET: `127.0.0.1:${target.port}`, PROXY_CHECK_TIMEOUT_SECONDS: "2", ...(TEST_DIALECT === "postgres" ? { SECRETS_KEY } : {}) });
  token = await login(gw.url);
});

afterAll(async () => {
  await gw.stop();
  await Promise.all([http.stop(), socks.stop(), target.stop()]);
});

const call = (method: string, url: string, body?: unknown) => api(gw.url, method, url, { token, body });

async function createProxy(body: Record<string, unknown>): Promise<PoolProxy> {
  const res = await call("POST", "/api/v1/proxies", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return PoolProxy.parse(res.body);
}

async function createInstance(name: string, proxy?: unknown) {
  return call("POST", "/api/v1/instances", { name, connect: false, ...(proxy ? { proxy } : {}) });
}

describe("the proxy pool", () => {
  it("stores a proxy with its credentials encrypted, shows them masked, and never returns the password", async () => {
    const created = await createProxy({ name: "Frankfurt 1", url: http.url(CREDS), maxInstances: 5 });
    expect(created).toMatchObject({
      name: "Frankfurt 1",
      url: `http://pool-user:••••@127.0.0.1:${http.port}`,
      protocol: "http",
      host: "127.0.0.1",
      port: http.port,
      hasCredentials: true,
      maxInstances: 5,
      instances: 0,
      health: { state: "unknown", checkedAt: null, latencyMs: null, exitIp: null, error: null, errorCode: null },
    });
    for (const res of [await call("GET", `/api/v1/proxies/${created.id}`), await call("GET", "/api/v1/proxies")]) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
    }
    const [row] = await storedRows<{ credentials: string; masked_url: string }>(gw.dataDir, "select credentials, masked_url from proxies where id = ?", [created.id]);
    expect(row!.credentials).toMatch(/^v1\.[A-Za-z0-9_-]{8}\./);
    expect(row!.credentials).not.toContain(PASSWORD);
    expect(row!.credentials).not.toContain(Buffer.from(PASSWORD).toString("base64"));
    expect(row!.masked_url).not.toContain(PASSWORD);
    if (TEST_DIALECT === "sqlite") {
      // The key the gateway generated sits beside the database, readable by its user alone; the file has no password.
      const keyFile = path.join(gw.dataDir, "secrets.key");
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      for (const file of ["gateway.sqlite", "gateway.sqlite-wal"]) {
        const bytes = fs.existsSync(path.join(gw.dataDir, file)) ? fs.readFileSync(path.join(gw.dataDir, file)) : Buffer.alloc(0);
        expect(bytes.includes(PASSWORD), file).toBe(false);
      }
    }
  });

  it("keeps names unique ignoring case, pages the list, and validates every field (a bad request stores nothing)", async () => {
    await createProxy({ name: "Paging A", url: socks.url() });
    expect((await call("POST", "/api/v1/proxies", { name: "paging a", url: socks.url() })).status).toBe(409);
    // Letters outside ASCII: the database's lower() and JavaScript's differ there, and a taken name was a 500.
    await createProxy({ name: "Proxy Ölxé", url: socks.url() });
    expect((await call("POST", "/api/v1/proxies", { name: "Proxy Ölxé", url: socks.url() })).status).toBe(409);
    const before = ProxyList.parse((await call("GET", "/api/v1/proxies?limit=500")).body).items.length;
    const bad: unknown[] = [
      { name: "x", url: "ftp://host:21" },
      { name: "x", url: socks.url(), extra: true },
      { name: "", url: socks.url() },
      { name: "x", url: socks.url(), maxInstances: 0 },
      { name: "x", url: socks.url(), maxInstances: 1.5 },
      { name: "x", url: "http://169.254.169.254:80" },
      { name: "x" },
    ];
    for (const body of bad) expect((await call("POST", "/api/v1/proxies", body)).status, JSON.stringify(body)).toBe(400);
    expect(ProxyList.parse((await call("GET", "/api/v1/proxies?limit=500")).body).items).toHaveLength(before);
    expect((await call("GET", "/api/v1/proxies?limit=1&sort=name")).status).toBe(400);

    const first = ProxyList.parse((await call("GET", "/api/v1/proxies?limit=1")).body);
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = ProxyList.parse((await call("GET", `/api/v1/proxies?limit=1&cursor=${first.nextCursor}`)).body);
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);

    const unknown = "prx_doesnotexist0";
    for (const [method, url, body] of [
      ["GET", `/api/v1/proxies/${unknown}`, undefined],
      ["PATCH", `/api/v1/proxies/${unknown}`, { name: "y" }],
      ["DELETE", `/api/v1/proxies/${unknown}`, undefined],
      ["POST", `/api/v1/proxies/${unknown}/check`, undefined],
    ] as const) {
      expect((await call(method, url, body)).status, `${method} ${url}`).toBe(404);
    }
    expect((await call("GET", "/api/v1/proxies/not-an-id")).status).toBe(400);
  });

  it("renames, recaps and readdresses a proxy; a new address starts unchecked", async () => {
    const proxy = await createProxy({ name: "Edit me", url: socks.url() });
    expect((await call("POST", `/api/v1/proxies/${proxy.id}/check`)).body.health.state).toBe("ok");
    const renamed = await call("PATCH", `/api/v1/proxies/${proxy.id}`, { name: "Edited", maxInstances: 2 });
    expect(renamed.body).toMatchObject({ name: "Edited", maxInstances: 2, health: { state: "ok" } });
    const moved = await call("PATCH", `/api/v1/proxies/${proxy.id}`, { url: http.url(CREDS) });
    expect(moved.body).toMatchObject({ protocol: "http", hasCredentials: true, health: { state: "unknown" } });
    expect(JSON.stringify(moved.body)).not.toContain(PASSWORD);
    expect((await call("PATCH", `/api/v1/proxies/${proxy.id}`, {})).status).toBe(400);
    expect((await call("PATCH", `/api/v1/proxies/${proxy.id}`, { maxInstances: null })).body.maxInstances).toBeNull();
  });

  it("a check that was running when the address changed does not write the old address's health over the new one", async () => {
    // The check goes through a relay that holds every chunk 250 ms: a SOCKS handshake and the connect take a second.
    const slow = await startLatencyProxy(socks.port, 250);
    try {
      const proxy = await createProxy({ name: "Moved mid-check", url: `socks5://127.0.0.1:${slow.port}` });
      const checking = call("POST", `/api/v1/proxies/${proxy.id}/check`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const moved = await call("PATCH", `/api/v1/proxies/${proxy.id}`, { url: http.url(CREDS) });
      expect(moved.body).toMatchObject({ protocol: "http", health: { state: "unknown" } });
      expect((await checking).status).toBe(200);
      expect(PoolProxy.parse((await call("GET", `/api/v1/proxies/${proxy.id}`)).body).health).toEqual({ state: "unknown", checkedAt: null, latencyMs: null, exitIp: null, error: null, errorCode: null });
      // A check of the new address is recorded as ever.
      expect(PoolProxy.parse((await call("POST", `/api/v1/proxies/${proxy.id}/check`)).body).health.state).toBe("ok");
    } finally {
      await slow.stop();
    }
  });

  it("records each check as the proxy's health: ok with latency, failing with the reason", async () => {
    const good = await createProxy({ name: "Checked good", url: http.url(CREDS) });
    const checked = PoolProxy.parse((await call("POST", `/api/v1/proxies/${good.id}/check`)).body);
    expect(checked.health).toMatchObject({ state: "ok", error: null, errorCode: null });
    expect(checked.health.latencyMs).toBeGreaterThan(0);
    expect(checked.health.checkedAt).not.toBeNull();

    const wrong = await createProxy({ name: "Checked wrong", url: http.url({ user: CREDS.user, password: "nope" }) });
    const failing = PoolProxy.parse((await call("POST", `/api/v1/proxies/${wrong.id}/check`)).body);
    expect(failing.health).toMatchObject({ state: "failing", errorCode: "auth" });
    const gone = await createProxy({ name: "Checked gone", url: `http://127.0.0.1:${await closedPort()}` });
    expect(PoolProxy.parse((await call("POST", `/api/v1/proxies/${gone.id}/check`)).body).health).toMatchObject({ state: "failing", errorCode: "refused" });
  });

  it("checks every proxy by itself every PROXY_CHECK_INTERVAL_SECONDS", async () => {
    const checking = await startGateway({ PROXY_CHECK_TARGET: `127.0.0.1:${target.port}`, PROXY_CHECK_INTERVAL_SECONDS: "0.3", PROXY_CHECK_TIMEOUT_SECONDS: "2" });
    try {
      const t = await login(checking.url);
      const created = await api(checking.url, "POST", "/api/v1/proxies", { token: t, body: { name: "Auto-checked", url: socks.url() } });
      const broken = await api(checking.url, "POST", "/api/v1/proxies", { token: t, body: { name: "Auto-broken", url: `socks5h://127.0.0.1:${await closedPort()}` } });
      await waitUntil(() => api(checking.url, "GET", `/api/v1/proxies/${created.body.id}`, { token: t }), (r) => r.body.health.state === "ok", "the round's check");
      await waitUntil(() => api(checking.url, "GET", `/api/v1/proxies/${broken.body.id}`, { token: t }), (r) => r.body.health.state === "failing", "the broken one failing");
    } finally {
      await checking.stop();
    }
  });
});

describe("assigning pool proxies", () => {
  // A pool of its own, so that only the proxies these tests make compete for `auto`.
  let own: RunningGateway;
  let ownToken: string;
  beforeAll(async () => {
    own = await startGateway({ PROXY_CHECK_TARGET: `127.0.0.1:${target.port}`, PROXY_CHECK_TIMEOUT_SECONDS: "2", ...(TEST_DIALECT === "postgres" ? { SECRETS_KEY } : {}) });
    ownToken = await login(own.url);
  });
  afterAll(() => own.stop());
  const ownCall = (method: string, url: string, body?: unknown) => api(own.url, method, url, { token: ownToken, body });
  const ownProxy = async (body: Record<string, unknown>) => {
    const res = await ownCall("POST", "/api/v1/proxies", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return PoolProxy.parse(res.body);
  };
  const ownInstance = (name: string, proxy?: unknown) => ownCall("POST", "/api/v1/instances", { name, connect: false, ...(proxy ? { proxy } : {}) });

  it("never fills a proxy past its cap: 20 concurrent creates with auto against caps summing to 10 make exactly 10", async () => {
    const pool = await Promise.all([
      ownProxy({ name: "Cap 3 a", url: socks.url(), maxInstances: 3 }),
      ownProxy({ name: "Cap 3 b", url: socks.url(), maxInstances: 3 }),
      ownProxy({ name: "Cap 4", url: socks.url(), maxInstances: 4 }),
    ]);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ownInstance(`capped-${i}`, { mode: "auto" })));
    const created = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(created).toHaveLength(10);
    expect(refused.map((r) => r.status)).toEqual(Array(10).fill(409));
    for (const r of refused) expect(r.body.error.message).toMatch(/No proxy in the pool has room/);
    // Refused creates left nothing behind.
    expect((await ownCall("GET", "/api/v1/instances?limit=500&search=capped-")).body.items).toHaveLength(10);
    for (const proxy of pool) expect((await ownCall("GET", `/api/v1/proxies/${proxy.id}`)).body.instances).toBe(proxy.maxInstances);
    for (const r of created) expect((await ownCall("GET", `/api/v1/instances/${r.body.id}/proxy`)).body.mode).toBe("pool");
  });

  it("auto takes the least used proxy with room, never a failing one; a named full proxy is a 409", async () => {
    // The three capped proxies above are full now.
    const busy = await ownProxy({ name: "LU busy", url: socks.url() });
    const idle = await ownProxy({ name: "LU idle", url: socks.url() });
    const failing = await ownProxy({ name: "LU failing", url: `socks5h://127.0.0.1:${await closedPort()}` });
    expect((await ownCall("POST", `/api/v1/proxies/${failing.id}/check`)).body.health.state).toBe("failing");
    const full = await ownProxy({ name: "LU full", url: socks.url(), maxInstances: 1 });
    expect((await ownInstance("lu-1", { mode: "pool", proxyId: busy.id })).status).toBe(201);
    expect((await ownInstance("lu-2", { mode: "pool", proxyId: full.id })).status).toBe(201);
    const third = await ownInstance("lu-3", { mode: "pool", proxyId: full.id });
    expect(third.status).toBe(409);
    expect(third.body.error.message).toMatch(/"LU full" has no room: 1 of 1/);

    const auto = await ownInstance("lu-4", { mode: "auto" });
    expect((await ownCall("GET", `/api/v1/instances/${auto.body.id}/proxy`)).body).toMatchObject({ mode: "pool", proxyId: idle.id, proxyName: "LU idle" });
    // busy and idle have one each now; failing is never chosen, full has no room.
    for (let i = 5; i < 9; i += 1) {
      const next = await ownInstance(`lu-${i}`, { mode: "auto" });
      expect([busy.id, idle.id]).toContain((await ownCall("GET", `/api/v1/instances/${next.body.id}/proxy`)).body.proxyId);
    }
    expect((await ownCall("GET", `/api/v1/proxies/${busy.id}`)).body.instances).toBe(3);
    expect((await ownCall("GET", `/api/v1/proxies/${idle.id}`)).body.instances).toBe(3);
    expect((await ownCall("GET", `/api/v1/proxies/${failing.id}`)).body.instances).toBe(0);
    const unknownProxy = await ownInstance("lu-9", { mode: "pool", proxyId: "prx_doesnotexist0" });
    expect(unknownProxy.status).toBe(400);
    expect(unknownProxy.body.error.message).toMatch(/body\.proxy\.proxyId names no proxy/);
  });

  it("assigns in bulk with one result per instance, and refuses a bad request as a whole", async () => {
    const small = await createProxy({ name: "Bulk small", url: socks.url(), maxInstances: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await createInstance(`bulk-${i}`)).body.id as string);
    const unknown = "ins_doesnotexist00";
    const res = await call("POST", "/api/v1/proxies/assign", { instanceIds: [...ids, unknown], proxy: { mode: "pool", proxyId: small.id } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { items } = AssignProxiesResult.parse(res.body);
    expect(items.map((i) => i.instanceId)).toEqual([...ids, unknown]);
    expect(items.slice(0, 2)).toEqual([
      { instanceId: ids[0], ok: true, mode: "pool", proxyId: small.id, restart: false },
      { instanceId: ids[1], ok: true, mode: "pool", proxyId: small.id, restart: false },
    ]);
    expect(items[2]).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/no room/) } });
    expect(items[3]).toMatchObject({ ok: false, error: { code: "not_found" } });

    const custom = await call("POST", "/api/v1/proxies/assign", { instanceIds: ids, proxy: { mode: "custom", url: http.url(CREDS) } });
    expect(AssignProxiesResult.parse(custom.body).items.every((i) => i.ok && i.mode === "custom")).toBe(true);
    expect(JSON.stringify(custom.body)).not.toContain(PASSWORD);
    const [row] = await storedRows<{ custom_credentials: string; custom_masked_url: string }>(gw.dataDir, "select custom_credentials, custom_masked_url from instance_proxies where instance_id = ?", [ids[0]]);
    expect(row!.custom_credentials).toMatch(/^v1\./);
    expect(row!.custom_credentials).not.toContain(PASSWORD);
    expect(row!.custom_masked_url).toBe(`http://pool-user:••••@127.0.0.1:${http.port}`);

    // What the request gets wrong changes no row.
    for (const body of [
      { instanceIds: ids, proxy: { mode: "pool", proxyId: "prx_doesnotexist0" } },
      { instanceIds: ids, proxy: { mode: "custom", url: "http://169.254.169.254:80" } },
      { instanceIds: ids, proxy: { mode: "sideways" } },
      { instanceIds: [], proxy: { mode: "none" } },
      { instanceIds: Array.from({ length: 501 }, (_, i) => `ins_bulkmany${String(i).padStart(6, "0")}`), proxy: { mode: "none" } },
    ]) {
      expect((await call("POST", "/api/v1/proxies/assign", body)).status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    expect((await call("GET", `/api/v1/instances/${ids[0]}/proxy`)).body.mode).toBe("custom");
    const none = AssignProxiesResult.parse((await call("POST", "/api/v1/proxies/assign", { instanceIds: ids, proxy: { mode: "none" } })).body);
    expect(none.items.every((i) => i.ok && i.mode === "none")).toBe(true);
  });

  it("refuses to delete a proxy instances use, saying how many; deletes it once they moved away", async () => {
    const used = await createProxy({ name: "In use", url: socks.url() });
    const a = (await createInstance("in-use-a", { mode: "pool", proxyId: used.id })).body.id as string;
    const b = (await createInstance("in-use-b", { mode: "pool", proxyId: used.id })).body.id as string;
    const refused = await call("DELETE", `/api/v1/proxies/${used.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "conflict", details: { instances: 2 } });
    expect(refused.body.error.message).toMatch(/^2 instances use this proxy/);
    expect((await call("GET", `/api/v1/proxies/${used.id}`)).status).toBe(200);
    // Deleting an instance frees its place.
    expect((await call("DELETE", `/api/v1/instances/${a}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/proxies/${used.id}`)).body.instances).toBe(1);
    await call("PUT", `/api/v1/instances/${b}/proxy`, { mode: "none" });
    expect((await call("DELETE", `/api/v1/proxies/${used.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/proxies/${used.id}`)).status).toBe(404);
  });
});

describe("the secrets key", () => {
  it.runIf(TEST_DIALECT === "postgres")("on PostgreSQL without SECRETS_KEY, refuses credentials with a 409 that says what to set, and takes proxies without them", async () => {
    const keyless = await startGateway({ PROXY_CHECK_TARGET: `127.0.0.1:${target.port}` });
    try {
      const t = await login(keyless.url);
      const refused = await api(keyless.url, "POST", "/api/v1/proxies", { token: t, body: { name: "With creds", url: http.url(CREDS) } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/SECRETS_KEY/);
      expect(JSON.stringify(refused.body)).not.toContain(PASSWORD);
      const custom = await api(keyless.url, "POST", "/api/v1/instances", { token: t, body: { name: "keyless", connect: false, proxy: { mode: "custom", url: http.url(CREDS) } } });
      expect(custom.status).toBe(409);
      expect((await api(keyless.url, "GET", "/api/v1/instances?search=keyless", { token: t })).body.items).toHaveLength(0);
      const plain = await api(keyless.url, "POST", "/api/v1/proxies", { token: t, body: { name: "No creds", url: socks.url() } });
      expect(plain.status).toBe(201);
    } finally {
      await keyless.stop();
    }
  });

  it("keeps credentials readable across restarts with the same key, and says so (never connecting directly) with another", async () => {
    const env = { PROXY_CHECK_TARGET: `127.0.0.1:${target.port}`, PROXY_CHECK_TIMEOUT_SECONDS: "2", SECRETS_KEY };
    const first = await startGateway(env);
    const t = await login(first.url);
    const proxy = (await api(first.url, "POST", "/api/v1/proxies", { token: t, body: { name: "Survivor", url: http.url(CREDS) } })).body as PoolProxy;
    const instance = (await api(first.url, "POST", "/api/v1/instances", { token: t, body: { name: "survivor", connect: false, proxy: { mode: "pool", proxyId: proxy.id } } })).body;
    await first.stop({ keepData: true });

    const same = await startGateway(env, { dataDir: first.dataDir });
    const t2 = await login(same.url);
    expect((await api(same.url, "POST", `/api/v1/proxies/${proxy.id}/check`, { token: t2 })).body.health.state).toBe("ok");
    await same.stop({ keepData: true });

    const other = await startGateway({ ...env, SECRETS_KEY: Buffer.alloc(32, 9).toString("hex") }, { dataDir: first.dataDir });
    try {
      const t3 = await login(other.url);
      const checked = await api(other.url, "POST", `/api/v1/proxies/${proxy.id}/check`, { token: t3 });
      expect(checked.body.health).toMatchObject({ state: "failing", error: expect.stringMatching(/sealed with another key/) });
      expect((await api(other.url, "POST", `/api/v1/instances/${instance.id}/connect`, { token: t3 })).status).toBe(202);
      const stopped = await waitUntil(() => api(other.url, "GET", `/api/v1/instances/${instance.id}`, { token: t3 }), (r) => r.body.status === "ERROR", "the instance refusing to connect");
      expect(stopped.body.statusReason).toMatch(/^Not connecting: its proxy's credentials cannot be read/);
    } finally {
      await other.stop();
    }
  });
});
