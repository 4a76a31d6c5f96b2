import { afterAll, describe, expect, it } from "vitest";
import { TEST_DIALECT, api, login, sharedPostgres, startGateway, storedRows, waitUntil, type RunningGateway } from "../support/gateway";
import { ALERT_TEST_ENV, alertCalls, jsonReceiver, type JsonReceiver } from "../support/alert-helpers";
import { sleep } from "../support/webhook-helpers";

// Two gateway nodes on one PostgreSQL schema, both running the evaluator's timer: only the node holding the
// "alerts" leader lease evaluates, so every notice goes out once; when it stops, the other one carries on.

let shared: Awaited<ReturnType<typeof sharedPostgres>> | undefined;
const gateways: RunningGateway[] = [];
let slack: JsonReceiver | undefined;

afterAll(async () => {
  for (const gw of gateways) await gw.stop().catch(() => undefined);
  await slack?.receiver.close();
  await shared?.drop();
});

describe.skipIf(TEST_DIALECT !== "postgres")("alerts in a cluster", () => {
  it("two nodes, one evaluator: one notice per alert, and the other node takes over when the first stops", { timeout: 90_000 }, async () => {
    shared = await sharedPostgres();
    const node = (name: string) => startGateway({ ...ALERT_TEST_ENV, DATABASE_URL: shared!.url, NODE_NAME: name, CLUSTER_LEASE_SECONDS: "2" });
    const a = await node("alerts-a");
    const b = await node("alerts-b");
    gateways.push(a, b);
    const token = await login(a.url);
    const onA = alertCalls(() => a, () => token);
    const onB = alertCalls(() => b, () => token);
    const call = (gw: RunningGateway, method: string, url: string, body?: unknown) => api(gw.url, method, url, { token, body });

    const created = await call(a, "POST", "/api/v1/instances", { name: "Shared line", node: "alerts-b" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const status = (want: string) => waitUntil(() => call(a, "GET", `/api/v1/instances/${id}`), (r) => r.body.status === want, want, 20_000);
    await status("QR_REQUIRED");
    expect((await call(a, "POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
    await status("CONNECTED");

    slack = await jsonReceiver();
    const channel = await onA.createChannel({ type: "slack", name: "Cluster", url: `${slack.receiver.url}/cluster` });
    const rule = await onB.createRule({ kind: "instance_status", name: "Cluster down", statuses: ["DISCONNECTED"], forMinutes: 0, cooldownMinutes: 10, channelIds: [channel.id] });
    const leader = async () => (await storedRows<{ node: string }>(shared!.key, "select node from leader_leases where name = 'alerts'"))[0]?.node;
    await waitUntil(leader, (n) => n === "alerts-a" || n === "alerts-b", "a leader");

    expect((await call(b, "POST", `/api/v1/sandbox/instances/${id}/disconnect`, { code: 440 })).status).toBe(202);
    await waitUntil(async () => slack!.texts(), (t) => t.length >= 1, "the firing notice", 15_000);
    await sleep(2500);
    expect(slack.texts()).toHaveLength(1);
    expect(slack.texts()[0]).toContain('Instance "Shared line" DISCONNECTED');
    const [alert] = await onB.history(`&ruleId=${rule.id}`);
    expect(alert!.deliveries).toHaveLength(1);

    const first = (await leader())!;
    const [stopping, survivor] = first === "alerts-a" ? [a, b] : [b, a];
    await stopping.stop();
    gateways.splice(gateways.indexOf(stopping), 1);
    const res = await call(survivor, "POST", `/api/v1/instances/${id}/connect`);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    await waitUntil(async () => slack!.texts(), (t) => t.length >= 2, "the resolved notice from the other node", 15_000);
    await sleep(1500);
    expect(slack.texts()).toHaveLength(2);
    expect(slack.texts()[1]).toMatch(/^\*\[RESOLVED\] Instance "Shared line" DISCONNECTED\*/);
    expect(await leader()).toBe(first === "alerts-a" ? "alerts-b" : "alerts-a");
  });
});
