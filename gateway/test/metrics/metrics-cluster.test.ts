import { afterAll, describe, expect, it } from "vitest";
import { FAST_SANDBOX, TEST_DIALECT, api, login, sharedPostgres, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { METRICS_TOKEN, parseExposition, scrape, valueOf, type Sample } from "../support/metrics";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// Two gateway nodes on one PostgreSQL schema: each scrape names its node, and sums over nodes count nothing twice.
let database: Awaited<ReturnType<typeof sharedPostgres>> | undefined;
const nodes: RunningGateway[] = [];
let busy: Receiver | undefined;

afterAll(async () => {
  for (const node of nodes) await node.stop();
  await busy?.close();
  await database?.drop();
});

const samplesOf = async (node: RunningGateway): Promise<Sample[]> => {
  const res = await scrape(node.url);
  expect(res.status, res.body).toBe(200);
  return parseExposition(res.body);
};
const sum = (s: Sample[], name: string, labels: Record<string, string> = {}) =>
  s.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v)).reduce((total, x) => total + x.value, 0);

describe.skipIf(TEST_DIALECT !== "postgres")("metrics in cluster mode", () => {
  it("labels every series with its node, and each instance is counted by exactly one node", async () => {
    database = await sharedPostgres();
    const env = { ...FAST_SANDBOX, DATABASE_URL: database.url, METRICS_TOKEN, CLUSTER_LEASE_SECONDS: "2", WEBHOOK_ALLOW_IPS: "127.0.0.1" };
    const a = await startGateway({ ...env, NODE_NAME: "metrics-a" });
    nodes.push(a);
    const b = await startGateway({ ...env, NODE_NAME: "metrics-b" });
    nodes.push(b);
    const token = await login(a.url);
    const call = (method: string, url: string, body?: unknown) => api(a.url, method, url, { token, body });
    const create = async (name: string, node: string, connect = true) => {
      const res = await call("POST", "/api/v1/instances", { name, node, connect });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const paired = [await create("On A 1", "metrics-a"), await create("On A 2", "metrics-a"), await create("On B", "metrics-b")];
    const idleOnB = await create("Idle on B", "metrics-b", false);
    for (const id of paired) {
      await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "QR_REQUIRED", `${id} QR_REQUIRED`);
      expect((await call("POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
    }
    for (const id of paired) await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED", `${id} CONNECTED`);

    // A delivery waiting in the (shared) outbox.
    busy = await startReceiver({ respond: () => ({ status: 503, headers: { "retry-after": "3600" } }) });
    expect((await call("POST", "/api/v1/webhooks", { url: busy.url, events: ["message.received"] })).status).toBe(201);
    expect((await call("POST", `/api/v1/sandbox/instances/${paired[2]}/inbound`, { from: "4915100000009", text: "Hi" })).status).toBe(202);
    await waitUntil(() => samplesOf(a), (s) => valueOf(s, "wam_webhook_outbox_depth", { status: "retrying" }) === 1, "the delivery waiting");

    const [onA, onB] = [await samplesOf(a), await samplesOf(b)];
    for (const [s, name] of [[onA, "metrics-a"], [onB, "metrics-b"]] as const) {
      expect(s.length).toBeGreaterThan(50);
      expect(s.filter((x) => x.labels.node !== name).map((x) => x.name)).toEqual([]);
    }
    expect(valueOf(onA, "wam_instances", { status: "CONNECTED" })).toBe(2);
    expect(valueOf(onB, "wam_instances", { status: "CONNECTED" })).toBe(1);
    expect(valueOf(onB, "wam_instances", { status: "INIT" })).toBe(1);
    expect(sum([...onA, ...onB], "wam_instances")).toBe(4);
    // The outbox belongs to no node: the first live node by name reports it, the other nothing.
    expect(sum([...onA, ...onB], "wam_webhook_outbox_depth", { status: "retrying" })).toBe(1);
    expect(onB.some((x) => x.name.startsWith("wam_webhook_outbox"))).toBe(false);
    // Counters count what happened on the node: the inbound message arrived on B's session.
    expect(valueOf(onB, "wam_messages_received_total", { type: "text" })).toBe(1);
    expect(valueOf(onA, "wam_messages_received_total", { type: "text" })).toBe(0);

    // B leaves: what it ran and what was placed on it are now counted on A, once.
    await b.stop();
    nodes.splice(nodes.indexOf(b), 1);
    const after = await waitUntil(() => samplesOf(a), (s) => sum(s, "wam_instances") === 4 && valueOf(s, "wam_instances", { status: "CONNECTED" }) === 3, "A to count every instance");
    expect(valueOf(after, "wam_instances", { status: "INIT" })).toBe(1);
    expect((await call("GET", `/api/v1/instances/${idleOnB}`)).body.status).toBe("INIT");
  });
});
