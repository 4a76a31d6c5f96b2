// Cluster mode: 3 gateway processes × 1,000 sandbox instances on one PostgreSQL database.
//  - list latency through each node (GET /api/v1/instances, 100 per page);
//  - webhook deliveries per second with every node delivering (inbound messages spread over all instances);
//  - failover: SIGKILL one node, then per instance the time until it is CONNECTED on another node (p50/p95).
// PostgreSQL: BENCH_DATABASE_URL (an empty database), or a throwaway one on the local cluster as
// scripts/test-postgres.mjs makes for the tests (dropped at the end).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { dropTestDatabase, provideTestDatabase } from "../scripts/test-postgres.mjs";
import { figure, login, mapLimit, percentile, printLoadAverage, saveResults, startGatewayProcess } from "./lib";

const NODES = 3;
const PER_NODE = Number(process.env.BENCH_CLUSTER_INSTANCES_PER_NODE ?? 1000);
const MESSAGES = Number(process.env.BENCH_CLUSTER_MESSAGES ?? 3000);
const LEASE_SECONDS = process.env.BENCH_CLUSTER_LEASE_SECONDS ?? "15";
const CONCURRENCY = 16;

type Instance = { id: string; status: string; node?: string | null };

async function startReceiver() {
  let verifier: Webhook | null = null;
  const seen = new Map<string, number>();
  let rejected = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        if (!verifier) throw new Error("no secret yet");
        const envelope = verifier.verify(Buffer.concat(chunks).toString("utf8"), req.headers as Record<string, string>) as { id: string };
        if (!seen.has(envelope.id)) seen.set(envelope.id, Date.now());
        res.writeHead(204).end();
      } catch {
        rejected += 1;
        res.writeHead(400).end();
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    seen,
    rejected: () => rejected,
    setSecret: (secret: string) => (verifier = new Webhook(secret)),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

async function main() {
  printLoadAverage("at the start");
  const database = process.env.BENCH_DATABASE_URL ? { url: process.env.BENCH_DATABASE_URL, created: false } : await provideTestDatabase();
  const receiver = await startReceiver();
  const env = (name: string) => ({
    DATABASE_URL: database.url,
    NODE_NAME: name,
    CLUSTER_LEASE_SECONDS: LEASE_SECONDS,
    WEBHOOK_ALLOW_IPS: "127.0.0.1",
    // Nobody scans 3,000 QR codes in 60 s.
    SANDBOX_QR_FIRST_MS: "600000",
    SANDBOX_QR_NEXT_MS: "600000",
  });
  const nodes = await Promise.all(Array.from({ length: NODES }, (_, i) => startGatewayProcess(env(`bench-${String.fromCharCode(97 + i)}`))));
  const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
  try {
    const token = await login(a.url);
    const call = async (base: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (res.status === 204 ? null : await res.json()) as Record<string, unknown>;
    };
    const everything = async (base: string): Promise<Instance[]> => {
      const all: Instance[] = [];
      let cursor: string | null = null;
      do {
        const page = (await call(base, "GET", `/api/v1/instances?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)) as { items: Instance[]; nextCursor: string | null };
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    };
    const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };

    // 3,000 instances created through the three nodes in turn, spread by the gateway, all paired.
    const total = NODES * PER_NODE;
    const created = await mapLimit(Array.from({ length: total }, (_, i) => i), CONCURRENCY, async (i) => ((await call(nodes[i % NODES]!.url, "POST", "/api/v1/instances", { name: `Bench ${i}` })) as { id: string }).id);
    await waitFor(`${total} instances waiting for a scan`, async () => (await everything(a.url)).filter((i) => i.status === "QR_REQUIRED").length === total, 300_000);
    await mapLimit(created, CONCURRENCY, (id, i) => call(nodes[i % NODES]!.url, "POST", `/api/v1/sandbox/instances/${id}/scan`, {}));
    await waitFor(`${total} instances CONNECTED`, async () => (await everything(a.url)).filter((i) => i.status === "CONNECTED").length === total, 300_000);
    const placed = await everything(a.url);
    for (const node of ["bench-a", "bench-b", "bench-c"]) figure(`cluster_instances_on_${node.replace("-", "_")}`, placed.filter((i) => i.node === node).length, "instances");

    // List latency through each node.
    const listLatencies: number[] = [];
    for (let round = 0; round < 60; round += 1) {
      const node = nodes[round % NODES]!;
      const started = performance.now();
      await call(node.url, "GET", "/api/v1/instances?limit=100&sort=name");
      listLatencies.push(performance.now() - started);
    }
    figure("cluster_list_p50", percentile(listLatencies, 50), "ms");
    figure("cluster_list_p95", percentile(listLatencies, 95), "ms");

    // Deliveries across nodes: inbound messages on every instance (through whichever node), one webhook.
    const hook = (await call(b.url, "POST", "/api/v1/webhooks", { url: receiver.url, events: ["message.received"], description: "cluster bench" })) as { secret: string };
    receiver.setSecret(hook.secret);
    const sendStarted = Date.now();
    await mapLimit(Array.from({ length: MESSAGES }, (_, i) => i), CONCURRENCY, (i) => call(nodes[i % NODES]!.url, "POST", `/api/v1/sandbox/instances/${created[i % total]}/inbound`, { from: "4915112345678", text: `cluster ${i}` }));
    await waitFor(`${MESSAGES} deliveries`, async () => receiver.seen.size >= MESSAGES, 300_000);
    const lastAt = Math.max(...receiver.seen.values());
    figure("cluster_webhook_deliveries_per_s", (MESSAGES / (lastAt - sendStarted)) * 1000, "deliveries/s");
    figure("cluster_webhook_signature_failures", receiver.rejected(), "requests");

    // Failover: SIGKILL node B; each of its instances timed until CONNECTED on another node.
    const onB = new Set(placed.filter((i) => i.node === "bench-b").map((i) => i.id));
    const back = new Map<string, number>();
    const killedAt = Date.now();
    process.kill(b.pid, "SIGKILL");
    while (back.size < onB.size) {
      if (Date.now() - killedAt > 300_000) throw new Error(`only ${back.size} of ${onB.size} instances came back within 300 s`);
      for (const instance of await everything(a.url)) {
        if (onB.has(instance.id) && !back.has(instance.id) && instance.status === "CONNECTED" && instance.node && instance.node !== "bench-b") back.set(instance.id, Date.now() - killedAt);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const failover = [...back.values()];
    figure("cluster_failover_instances", onB.size, "instances");
    figure("cluster_failover_p50", percentile(failover, 50) / 1000, "s");
    figure("cluster_failover_p95", percentile(failover, 95) / 1000, "s");
    figure("cluster_failover_max", Math.max(...failover) / 1000, "s");
    saveResults("cluster", { nodes: NODES, instancesPerNode: PER_NODE, messages: MESSAGES, leaseSeconds: Number(LEASE_SECONDS), listPolledEveryMs: 250 });
    console.log(
      `summary: ${NODES} nodes × ${PER_NODE} sandbox instances; list p95 ${percentile(listLatencies, 95).toFixed(1)} ms through any node; ` +
        `${((MESSAGES / (lastAt - sendStarted)) * 1000).toFixed(0)} deliveries/s across nodes; after SIGKILL of one node its ${onB.size} instances ` +
        `CONNECTED elsewhere in p50 ${(percentile(failover, 50) / 1000).toFixed(1)} s, p95 ${(percentile(failover, 95) / 1000).toFixed(1)} s (lease ${LEASE_SECONDS} s)`,
    );
  } finally {
    // A killed node's stop() only removes its data folder.
    await Promise.all(nodes.map((node) => node.stop()));
    await receiver.close();
    if (database.created) dropTestDatabase(database.url);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
