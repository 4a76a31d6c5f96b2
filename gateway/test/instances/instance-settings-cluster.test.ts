import { afterAll, describe, expect, it } from "vitest";
import { InstanceSettingsUpdate } from "../../../contract/instance-settings";
import { FAST_SANDBOX, TEST_DIALECT, api, login, sharedPostgres, startGateway, waitUntil, type RunningGateway } from "../support/gateway";

// Two gateway nodes on one PostgreSQL schema: a settings change sent to the node that does not run the instance is
// applied by the one that does (its session restarts there, and a live setting takes effect there at once).
let database: Awaited<ReturnType<typeof sharedPostgres>> | undefined;
const nodes: RunningGateway[] = [];

afterAll(async () => {
  for (const node of nodes) await node.stop();
  await database?.drop();
});

describe.skipIf(TEST_DIALECT !== "postgres")("instance settings in cluster mode", () => {
  it("are applied by the node that runs the instance, whichever node is asked", async () => {
    database = await sharedPostgres();
    const env = { ...FAST_SANDBOX, DATABASE_URL: database.url, CLUSTER_LEASE_SECONDS: "2" };
    const a = await startGateway({ ...env, NODE_NAME: "settings-a" });
    nodes.push(a);
    const b = await startGateway({ ...env, NODE_NAME: "settings-b" });
    nodes.push(b);
    const token = await login(a.url);
    const onA = (method: string, url: string, body?: unknown) => api(a.url, method, url, { token, body });

    const created = await onA("POST", "/api/v1/instances", { name: "Runs on B", node: "settings-b" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    await waitUntil(() => onA("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "QR_REQUIRED", "QR_REQUIRED");
    expect((await onA("POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
    const connected = await waitUntil(() => onA("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED", "CONNECTED");
    expect(connected.body.node).toBe("settings-b");

    const res = await onA("PATCH", `/api/v1/instances/${id}/settings`, { deviceName: "Cluster desk", rejectCalls: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get("x-wam-node")).toBe("settings-b");
    expect(InstanceSettingsUpdate.parse(res.body)).toMatchObject({ restart: true, restartFor: ["deviceName"], settings: { deviceName: "Cluster desk", rejectCalls: true } });
    const back = await waitUntil(
      () => onA("GET", `/api/v1/instances/${id}`),
      (r) => r.body.status === "CONNECTED" && r.body.seq > connected.body.seq + 1,
      "CONNECTED again after the restart on B",
    );
    expect(back.body.node).toBe("settings-b");
    expect(back.body.browser[0]).toBe("Cluster desk");
    // The live setting took effect in B's session: a call is rejected there.
    const call = await onA("POST", `/api/v1/sandbox/instances/${id}/call`, { from: "4915123456789" });
    expect(call.status).toBe(202);
    expect(call.body).toMatchObject({ rejected: true });
    // Either node reads the same settings.
    const read = await api(b.url, "GET", `/api/v1/instances/${id}/settings`, { token });
    expect(read.body).toMatchObject({ deviceName: "Cluster desk", rejectCalls: true });
  });
});
