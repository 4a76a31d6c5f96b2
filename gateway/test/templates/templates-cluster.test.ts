import { afterAll, describe, expect, it } from "vitest";
import { SandboxActivity } from "../../../contract/instances";
import { TemplateApplyResult } from "../../../contract/templates";
import { FAST_SANDBOX, TEST_DIALECT, api, login, sharedPostgres, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { startHttpProxy, type TestProxy } from "../support/proxies";

// Two gateway nodes on one PostgreSQL schema (docs/templates.md): a template applied through the node that does not
// run an instance is applied by the one that does: the settings and the proxy reach the session there (it restarts
// there once, through the proxy with the new device name, no QR, and a live setting takes effect in it at once),
// while a row for an instance of the asked node is applied where it is. The sandbox engine stands in for WhatsApp;
// the proxy is a real HTTP proxy on 127.0.0.1.
let database: Awaited<ReturnType<typeof sharedPostgres>> | undefined;
let proxy: TestProxy | undefined;
const nodes: RunningGateway[] = [];

afterAll(async () => {
  for (const node of nodes) await node.stop();
  await proxy?.stop();
  await database?.drop();
});

describe.skipIf(TEST_DIALECT !== "postgres")("settings templates in cluster mode", () => {
  it("apply a row by the node that runs its instance, whichever node is asked", async () => {
    database = await sharedPostgres();
    proxy = await startHttpProxy();
    const env = { ...FAST_SANDBOX, DATABASE_URL: database.url, CLUSTER_LEASE_SECONDS: "2" };
    const a = await startGateway({ ...env, NODE_NAME: "templates-a" });
    nodes.push(a);
    const b = await startGateway({ ...env, NODE_NAME: "templates-b" });
    nodes.push(b);
    const token = await login(a.url);
    const onA = (method: string, url: string, body?: unknown) => api(a.url, method, url, { token, body });

    const ids: Record<string, string> = {};
    for (const node of ["templates-b", "templates-a"]) {
      const created = await onA("POST", "/api/v1/instances", { name: `Runs on ${node}`, node });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      ids[node] = id;
      await waitUntil(() => onA("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "QR_REQUIRED", "QR_REQUIRED");
      expect((await onA("POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
      await waitUntil(() => onA("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED" && r.body.node === node, `CONNECTED on ${node}`);
    }
    const seqOnB = (await onA("GET", `/api/v1/instances/${ids["templates-b"]}`)).body.seq as number;
    const sessionsOf = async (id: string) => SandboxActivity.parse((await onA("GET", `/api/v1/sandbox/instances/${id}/activity`)).body).sessions;
    const sessionsBefore = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([node, id]) => [node, (await sessionsOf(id)).length] as const)));

    const pool = await onA("POST", "/api/v1/proxies", { name: "Cluster pool", url: proxy.url() });
    expect(pool.status, JSON.stringify(pool.body)).toBe(201);
    const template = await onA("POST", "/api/v1/templates", {
      name: "Cluster fleet",
      settings: { deviceName: "Cluster desk", rejectCalls: true },
      proxy: { mode: "pool", proxyId: pool.body.id },
      webhooks: [{ url: "https://hooks.example.com/fleet", events: ["message.received"] }],
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);

    const res = await onA("POST", `/api/v1/templates/${template.body.id}/apply`, { instanceIds: [ids["templates-b"], ids["templates-a"]] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const items = TemplateApplyResult.parse(res.body).items;
    for (const [i, node] of ["templates-b", "templates-a"].entries()) {
      expect(items[i], JSON.stringify(items[i])).toEqual({
        instanceId: ids[node],
        ok: true,
        changed: ["rejectCalls", "deviceName", "proxy", "webhook:https://hooks.example.com/fleet"],
        restart: true,
      });
      // One restart each, wherever it runs: through the proxy, with the new device name (not one per change).
      const sessions = await sessionsOf(ids[node]!);
      expect(sessions.slice(sessionsBefore[node]), `${node}: ${JSON.stringify(sessions)}`).toEqual([
        { at: expect.any(String), proxy: pool.body.url, browser: ["Cluster desk", "Chrome", "120.0"], syncFullHistory: false },
      ]);
    }

    const back = await waitUntil(
      () => onA("GET", `/api/v1/instances/${ids["templates-b"]}`),
      (r) => r.body.status === "CONNECTED" && r.body.seq > seqOnB + 1,
      "CONNECTED again on B",
      20_000,
    );
    expect(back.body).toMatchObject({ node: "templates-b", browser: ["Cluster desk", "Chrome", "120.0"] });
    const history = await onA("GET", `/api/v1/instances/${ids["templates-b"]}/status-history?limit=100`);
    expect((history.body.items as Array<{ seq: number; status: string }>).filter((h) => h.seq > seqOnB).map((h) => h.status).reverse()).toEqual(["INIT", "CONNECTED"]);
    // B's own session has them: the live setting (a call is rejected there) and the proxy (its latest session went through it).
    const call = await onA("POST", `/api/v1/sandbox/instances/${ids["templates-b"]}/call`, { from: "4915123456789" });
    expect(call.status, JSON.stringify(call.body)).toBe(202);
    expect(call.body).toMatchObject({ rejected: true });
    const activity = await onA("GET", `/api/v1/sandbox/instances/${ids["templates-b"]}/activity`);
    expect((activity.body.sessions as Array<{ proxy: string | null }>).at(-1)!.proxy).toBe(pool.body.url);
    expect((await api(b.url, "GET", `/api/v1/instances/${ids["templates-b"]}/proxy`, { token })).body).toMatchObject({ mode: "pool", proxyId: pool.body.id });
  }, 60_000);
});
