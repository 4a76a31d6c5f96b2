import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Instance } from "../../../contract/instances";
import { GatewayNodeList } from "../../../contract/cluster";
import { WebhookEnvelope, WebhookWithSecret } from "../../../contract/webhooks";
import { FAST_SANDBOX, TEST_ADMIN_PASSWORD, TEST_DIALECT, api, connect, login, sharedPostgres, storedRows, waitUntil, type TestSocket } from "../support/gateway";
import { bytes } from "../support/media-server";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// Three real gateway processes on one PostgreSQL database, sandbox engine (WhatsApp's servers cannot be reached
// from here; the sandbox stands in for the phones and keeps its paired state in the shared database like Baileys).

const ROOT = path.resolve(import.meta.dirname, "../../..");
const MAIN = path.join(ROOT, "gateway/src/main.ts");
const LEASE_SECONDS = 3;

interface NodeProcess {
  name: string;
  /** The name, and #2 for a second process of that name (a node that came back). */
  label: string;
  url: string;
  child: ChildProcess;
  lines: string[];
  exited: Promise<unknown>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const nodes: NodeProcess[] = [];
const tempDirs: string[] = [];
let database: Awaited<ReturnType<typeof sharedPostgres>> | undefined;
let receiver: Receiver | undefined;
const sockets: TestSocket[] = [];

afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const node of nodes) if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill("SIGTERM");
  await Promise.all(nodes.map((node) => node.exited));
  await receiver?.close();
  await database?.drop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A TCP relay on 127.0.0.1 to PostgreSQL that can be cut, as a lost network would cut a node off its database. */
async function databaseRelay(target: URL): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    open.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const relayed = new URL(target);
  relayed.hostname = "127.0.0.1";
  relayed.port = String((server.address() as net.AddressInfo).port);
  const cut = () => {
    server.close();
    for (const socket of open) socket.destroy();
  };
  return { url: relayed.toString(), cut, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function startNode(name: string, databaseUrl: string): Promise<NodeProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-cluster-"));
  tempDirs.push(dataDir);
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      NODE_NAME: name,
      CLUSTER_LEASE_SECONDS: String(LEASE_SECONDS),
      WA_ENGINE: "sandbox",
      ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      LOG_LEVEL: "debug",
      WEBHOOK_ALLOW_IPS: "127.0.0.1",
      WEBHOOK_RETRY_SCALE: "0.001",
      ...FAST_SANDBOX,
      // 30 scans one after another outlast the fast QR cadence.
      SANDBOX_QR_FIRST_MS: "30000",
      SANDBOX_QR_NEXT_MS: "30000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const label = nodes.some((n) => n.name === name) ? `${name}#2` : name;
  const node: NodeProcess = { name, label, url: `http://127.0.0.1:${port}`, child, lines: [], exited: new Promise((resolve) => child.once("exit", resolve)) };
  let partial = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const text = partial + chunk.toString("utf8");
    const parts = text.split("\n");
    partial = parts.pop() ?? "";
    node.lines.push(...parts);
  });
  child.stderr!.on("data", (chunk: Buffer) => node.lines.push(chunk.toString("utf8")));
  nodes.push(node);
  // A node that ends or never answers fails the test with its own last words, not only with the wait's.
  const outcome = await Promise.race([
    waitUntil(
      () => fetch(`${node.url}/health`).then((r) => r.status, () => 0),
      (status) => status === 200,
      `node ${name} to answer /health`,
      30_000,
    ).then(
      () => "up" as const,
      (error: Error) => error,
    ),
    node.exited.then((code) => new Error(`node ${name} exited (${code}) before it answered /health`)),
  ]);
  if (outcome !== "up") throw new Error(`${outcome.message}; its last output:\n${node.lines.slice(-30).join("\n")}`);
  return node;
}

/** Every sandbox session start and end in a node's own log, with the node and the time it logged. */
function sessions(node: NodeProcess): Array<{ node: string; instanceId: string; at: number; kind: "start" | "end" }> {
  return node.lines.flatMap((line) => {
    if (!line.includes('"session"')) return [];
    try {
      const entry = JSON.parse(line) as { session?: string; instanceId?: string; time?: number };
      if ((entry.session === "start" || entry.session === "end") && entry.instanceId && entry.time) return [{ node: node.label, instanceId: entry.instanceId, at: entry.time, kind: entry.session }];
    } catch {
      // not a log line
    }
    return [];
  });
}

describe.skipIf(TEST_DIALECT !== "postgres")("cluster: three gateway processes on one PostgreSQL database", () => {
  it("spreads 30 instances, answers any call on any node, fans events out, and survives SIGKILL of a node without a scan or a lost webhook", { timeout: 180_000 }, async () => {
    database = await sharedPostgres();
    const [a, b, c] = await Promise.all(["node-a", "node-b", "node-c"].map((name) => startNode(name, database!.url)));
    const token = await login(a!.url);
    const on = (node: NodeProcess, method: string, url: string, body?: unknown) => api(node.url, method, url, { token, body });

    const nodeList = GatewayNodeList.parse((await on(b!, "GET", "/api/v1/nodes")).body);
    expect(nodeList).toMatchObject({ mode: "postgres", self: "node-b" });
    expect(nodeList.items.filter((n) => n.live).map((n) => n.name)).toEqual(["node-a", "node-b", "node-c"]);
    const health = (await api(c!.url, "GET", "/health")).body;
    expect(health.node.name).toBe("node-c");
    expect(health.cluster.mode).toBe("postgres");
    expect(health.cluster.nodes).toHaveLength(3);

    // A panel-style socket on node A.
    const ticket = (await on(a!, "POST", "/api/v1/auth/socket-ticket")).body.ticket as string;
    const socket = await connect(a!.url, { ticket });
    sockets.push(socket);

    // 30 instances created through node A are spread over the three nodes.
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const created = await on(a!, "POST", "/api/v1/instances", { name: `Cluster ${i}` });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(created.body.id as string);
    }
    const all = async () => {
      const res = await on(a!, "GET", "/api/v1/instances?limit=100");
      return (res.body.items as unknown[]).map((item) => Instance.parse(item)).filter((i) => ids.includes(i.id));
    };
    const waiting = await waitUntil(all, (list) => list.length === 30 && list.every((i) => i.status === "QR_REQUIRED" && i.node), "all 30 waiting for a scan on some node", 30_000);
    const perNode = (list: Instance[]) => Object.fromEntries(["node-a", "node-b", "node-c"].map((name) => [name, list.filter((i) => i.node === name).length]));
    expect(perNode(waiting)).toEqual({ "node-a": 10, "node-b": 10, "node-c": 10 });

    // Pair every one through node A: the sandbox's scan reaches whichever node runs the instance.
    for (const id of ids) {
      const scanned = await on(a!, "POST", `/api/v1/sandbox/instances/${id}/scan`, {});
      expect(scanned.status, JSON.stringify(scanned.body)).toBe(202);
    }
    const paired = await waitUntil(all, (list) => list.every((i) => i.status === "CONNECTED"), "all 30 CONNECTED", 30_000);
    // Node A's socket hears the status events of instances that node C runs. They cross nodes through PostgreSQL's
    // NOTIFY, so the API (which reads the database) may say CONNECTED a moment before the last event arrives: wait
    // for them (a lost one fails the wait).
    const onC = paired.filter((i) => i.node === "node-c").map((i) => i.id);
    const connectedOnA = () => socket.received.filter((r) => r.event === "instance.status" && (r.payload as { status: string }).status === "CONNECTED").map((r) => r.payload as { instanceId: string; node?: string });
    const connectedEvents = await waitUntil(async () => connectedOnA(), (events) => onC.every((id) => events.some((e) => e.instanceId === id)), "node A's socket heard each of node C's instances CONNECTED", 10_000);
    // ... each naming the node that runs it (how the panel follows a move).
    expect(connectedEvents.filter((e) => onC.includes(e.instanceId)).every((e) => e.node === "node-c")).toBe(true);
    // ... each instance's events in seq order.
    for (const id of onC) {
      const seqs = socket.received.filter((r) => r.event === "instance.status" && (r.payload as { instanceId: string }).instanceId === id).map((r) => (r.payload as { seq: number }).seq);
      expect(seqs.length).toBeGreaterThan(2);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }

    // A lifecycle call on a node that does not run the instance: node A restarts one of node C's.
    const restarted = await on(a!, "POST", `/api/v1/instances/${onC[0]}/restart`);
    expect(restarted.status, JSON.stringify(restarted.body)).toBe(202);
    expect(restarted.headers.get("x-wam-node")).toBe("node-c");
    await waitUntil(() => on(b!, "GET", `/api/v1/instances/${onC[0]}`), (r) => r.body.status === "CONNECTED" && r.body.seq > paired.find((i) => i.id === onC[0])!.seq, "the restarted instance CONNECTED again");

    // A webhook receiver for message.received, created through node B.
    receiver = await startReceiver();
    const hook = WebhookWithSecret.parse((await on(b!, "POST", "/api/v1/webhooks", { url: receiver.url, events: ["message.received"] })).body);
    receiver.secrets = [hook.secret];

    // 100 inbound messages over all instances; node B is killed after the 30th.
    const onB = new Set(paired.filter((i) => i.node === "node-b").map((i) => i.id));
    let killedAt = 0;
    const accepted: string[] = [];
    for (let n = 0; n < 100; n += 1) {
      if (n === 30) {
        killedAt = Date.now();
        b!.child.kill("SIGKILL");
        await b!.exited;
      }
      const id = ids[n % ids.length]!;
      const via = n % 2 === 0 ? a! : c!;
      // While node B's instances are being taken over, their messages are refused (503/409): the sender retries.
      const sent = await waitUntil(
        () => on(via, "POST", `/api/v1/sandbox/instances/${id}/inbound`, { from: "4915100000009", text: `m-${n}` }),
        (r) => r.status === 202,
        `message m-${n} accepted`,
        45_000,
      );
      accepted.push(sent.body.messageId as string);
    }

    // Node B's instances are CONNECTED on node A or C, without a scan, within 30 s of the kill.
    const after = await waitUntil(all, (list) => list.every((i) => i.status === "CONNECTED" && (i.node === "node-a" || i.node === "node-c")), "node B's instances running elsewhere", 30_000);
    const failoverMs = Date.now() - killedAt;
    expect(failoverMs).toBeLessThan(30_000);
    console.info(`cluster test: node B's ${onB.size} instances CONNECTED elsewhere ${failoverMs} ms after SIGKILL (lease ${LEASE_SECONDS} s)`);
    expect(after.filter((i) => onB.has(i.id)).every((i) => i.number)).toBe(true);
    const scans = [a!, c!].flatMap((node) => node.lines.filter((line) => line.includes("QR code issued")));
    expect(scans.filter((line) => [...onB].some((id) => line.includes(id)))).toEqual([]);

    // Exactly the 100 accepted messages reach the receiver (a duplicate webhook-id is allowed, a missing one is not),
    // each signature verified with standardwebhooks.
    const deliveredIds = () => new Set(receiver!.received.filter((r) => r.verifiedWith).map((r) => (WebhookEnvelope.parse(JSON.parse(r.body)).data as { messageId: string }).messageId));
    const missing = await waitUntil(async () => accepted.filter((id) => !deliveredIds().has(id)), (left) => left.length === 0, `all 100 messages delivered (received ${receiver.received.length})`, 90_000);
    expect(missing).toEqual([]);
    expect(receiver.received.every((r) => r.verifiedWith !== null)).toBe(true);
    const webhookIds = new Set(receiver.received.map((r) => r.id));
    expect(webhookIds.size).toBe(100);

    // Node B comes back: it takes new work but takes nothing back.
    const b2 = await startNode("node-b", database.url);
    await new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000));
    const stayed = await all();
    expect(stayed.filter((i) => i.node === "node-b")).toEqual([]);
    expect(stayed.every((i) => i.status === "CONNECTED")).toBe(true);
    const fresh = await on(b2, "POST", "/api/v1/instances", { name: "After B came back", connect: false });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
    const newcomer = await on(a!, "POST", "/api/v1/instances", { name: "Placed on the emptiest node" });
    await waitUntil(() => on(a!, "GET", `/api/v1/instances/${newcomer.body.id}`), (r) => r.body.node === "node-b" && r.body.status === "QR_REQUIRED", "a new instance running on node B", 15_000);
    for (const id of [fresh.body.id as string, newcomer.body.id as string]) expect((await on(a!, "DELETE", `/api/v1/instances/${id}`)).status).toBe(204);

    // Drain node A before maintenance (through node C): its instances move to C, still paired; then one moves back.
    const drained = await on(c!, "POST", "/api/v1/nodes/node-a/drain");
    expect(drained.status, JSON.stringify(drained.body)).toBe(200);
    expect(drained.body.node).toMatchObject({ name: "node-a", draining: true });
    expect(drained.body.moving).toBe(after.filter((i) => i.node === "node-a").length);
    const offA = await waitUntil(all, (list) => list.every((i) => i.status === "CONNECTED" && (i.node === "node-b" || i.node === "node-c")), "every instance CONNECTED on node B or C", 30_000);
    expect(offA.every((i) => i.number)).toBe(true);
    expect((await on(c!, "POST", "/api/v1/instances", { name: "Not on a draining node", node: "node-a" })).status).toBe(409);
    expect((await on(c!, "DELETE", "/api/v1/nodes/node-a/drain")).body.node.draining).toBe(false);
    const moved = await on(c!, "POST", `/api/v1/instances/${ids[0]}/move`, { node: "node-a" });
    expect(moved.status, JSON.stringify(moved.body)).toBe(202);
    await waitUntil(() => on(c!, "GET", `/api/v1/instances/${ids[0]}`), (r) => r.body.node === "node-a" && r.body.status === "CONNECTED", "the moved instance CONNECTED on node A", 30_000);
    expect((await on(c!, "POST", `/api/v1/instances/${ids[1]}/move`, { node: "node-z" })).status).toBe(400);

    // A message sent through node A to an instance another node runs is queued and sent by that node.
    const runner = (await on(a!, "GET", `/api/v1/instances/${ids[1]}`)).body.node as string;
    expect(runner).not.toBe("node-a");
    const sent = await on(a!, "POST", `/api/v1/instances/${ids[1]}/messages`, { type: "text", to: "4915123456789", text: "through node A" });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.headers.get("x-wam-node")).toBe(runner);
    await waitUntil(() => on(a!, "GET", `/api/v1/instances/${ids[1]}/messages/${sent.body.id}`), (r) => r.body.status === "read", "the message read", 15_000);
    // An upload through node A: its multipart body is streamed on to the owner, which keeps the file and sends it.
    const photo = bytes(300 * 1024, 9);
    const form = new FormData();
    form.append("type", "image");
    form.append("to", "4915123456789");
    form.append("file", new Blob([photo.body], { type: "image/png" }), "photo.png");
    const uploaded = await fetch(`${a!.url}/api/v1/instances/${ids[1]}/messages`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    const upload = (await uploaded.json()) as { id: string };
    expect(uploaded.status, JSON.stringify(upload)).toBe(202);
    expect(uploaded.headers.get("x-wam-node")).toBe(runner);
    await waitUntil(() => on(a!, "GET", `/api/v1/instances/${ids[1]}/messages/${upload.id}`), (r) => r.body.status === "read", "the upload read", 15_000);
    const got = (await on(a!, "GET", `/api/v1/sandbox/instances/${ids[1]}/received`)).body.items as Array<{ messageId: string; media?: { sha256: string } }>;
    expect(got.find((d) => d.messageId === upload.id)?.media?.sha256).toBe(photo.sha256);

    // At no moment did two nodes run one instance: from the nodes' own session logs (node B's sessions ended when
    // it was killed) ...
    const events = [a!, b!, c!, b2].flatMap(sessions);
    // Every instance started at least once, node B's again elsewhere, and a restart: the logs are really there.
    expect(events.filter((e) => e.kind === "start").length).toBeGreaterThanOrEqual(30 + onB.size + 1 + 1);
    const ranB = new Set(events.filter((e) => e.kind === "start" && onB.has(e.instanceId)).map((e) => e.node));
    expect(ranB.has("node-b") && ranB.has("node-a") && ranB.has("node-c")).toBe(true);
    for (const id of ids) {
      const timeline = events.filter((e) => e.instanceId === id).sort((x, y) => x.at - y.at);
      const running = new Map<string, number>();
      for (const event of timeline) {
        if (event.kind === "start") running.set(event.node, (running.get(event.node) ?? 0) + 1);
        else running.set(event.node, Math.max(0, (running.get(event.node) ?? 0) - 1));
        if (event.node !== "node-b" && event.at > killedAt) running.delete("node-b");
        const busy = [...running.entries()].filter(([, count]) => count > 0).map(([node]) => node);
        expect(busy.length, `${id} ran on ${busy.join(" and ")} at once`).toBeLessThanOrEqual(1);
      }
    }
    // ... and from the lease table: every instance held by one live node, those taken from node B at a later epoch.
    const leases = await storedRows<{ instance_id: string; node: string; epoch: number }>(database.key, "select instance_id, node, epoch from instance_leases");
    expect(leases).toHaveLength(30);
    for (const lease of leases) {
      expect(["node-a", "node-b", "node-c"]).toContain(lease.node);
      if (onB.has(lease.instance_id)) expect(lease.epoch).toBeGreaterThan(1);
    }
  });

  it("a node cut off from the database stops its sessions itself before another node takes them over (fencing)", { timeout: 120_000 }, async () => {
    const shared = await sharedPostgres();
    const relay = await databaseRelay(new URL(shared.url));
    try {
      // Node X reaches the database through a relay that will be cut; node Y directly.
      const x = await startNode("node-x", relay.url);
      const y = await startNode("node-y", shared.url);
      const token = await login(y.url);
      const created = await api(y.url, "POST", "/api/v1/instances", { token, body: { name: "Fenced", node: "node-x" } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      await waitUntil(() => api(y.url, "GET", `/api/v1/instances/${id}`, { token }), (r) => r.body.status === "QR_REQUIRED" && r.body.node === "node-x", "waiting for a scan on node X", 20_000);
      expect((await api(y.url, "POST", `/api/v1/sandbox/instances/${id}/scan`, { token, body: {} })).status).toBe(202);
      await waitUntil(() => api(y.url, "GET", `/api/v1/instances/${id}`, { token }), (r) => r.body.status === "CONNECTED" && r.body.node === "node-x", "CONNECTED on node X", 20_000);

      const cutAt = Date.now();
      relay.cut();
      const moved = await waitUntil(() => api(y.url, "GET", `/api/v1/instances/${id}`, { token }), (r) => r.body.status === "CONNECTED" && r.body.node === "node-y", "CONNECTED on node Y", 30_000);
      expect(moved.body.number).toBeTruthy();
      console.info(`fencing test: CONNECTED on node Y ${Date.now() - cutAt} ms after node X lost its database (lease ${LEASE_SECONDS} s)`);

      // Node X ended its session on its own (its log may reach us a little later), and before node Y started one.
      const endedOnX = await waitUntil(
        async () => sessions(x).filter((e) => e.instanceId === id && e.kind === "end" && e.at >= cutAt),
        (ended) => ended.length > 0,
        "node X's log of its session ending",
        10_000,
      ).catch(() => []);
      const startedOnY = await waitUntil(async () => sessions(y).filter((e) => e.instanceId === id && e.kind === "start"), (started) => started.length > 0, "node Y's log of its session starting", 10_000).catch(() => []);
      expect(endedOnX.length, `exit ${x.child.exitCode} ${x.child.signalCode}\n` + x.lines.slice(-6).join("\n")).toBeGreaterThan(0);
      expect(startedOnY.length).toBeGreaterThan(0);
      expect(endedOnX[0]!.at).toBeLessThan(startedOnY[0]!.at);
      expect(x.lines.some((line) => line.includes("cannot renew this node's leases"))).toBe(true);
      expect(x.child.exitCode).toBeNull();
    } finally {
      await relay.close().catch(() => undefined);
      for (const node of nodes.filter((n) => n.name === "node-x" || n.name === "node-y")) node.child.kill("SIGTERM");
      await Promise.all(nodes.filter((n) => n.name === "node-x" || n.name === "node-y").map((n) => n.exited));
      await shared.drop();
    }
  });

  it("a file received on one node downloads through another, which serves it from the database without forwarding", { timeout: 90_000 }, async () => {
    const shared = await sharedPostgres();
    try {
      const [, q] = await Promise.all([startNode("node-p", shared.url), startNode("node-q", shared.url)]);
      const token = await login(q!.url);
      const on = (node: NodeProcess, method: string, url: string, body?: unknown) => api(node.url, method, url, { token, body });
      const created = await on(q!, "POST", "/api/v1/instances", { name: "Media on P", node: "node-p" });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      await waitUntil(() => on(q!, "GET", `/api/v1/instances/${id}`), (r) => r.body.status === "QR_REQUIRED" && r.body.node === "node-p", "waiting for a scan on node P", 20_000);
      expect((await on(q!, "POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
      await waitUntil(() => on(q!, "GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED", "CONNECTED on node P", 20_000);

      // The file comes in on node P (the call through Q is forwarded there) ...
      const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
      const inbound = await on(q!, "POST", `/api/v1/sandbox/instances/${id}/inbound`, { type: "image", from: "4915123456789", mimetype: "image/png", data: bytes.toString("base64") });
      expect(inbound.status, JSON.stringify(inbound.body)).toBe(202);
      expect(inbound.headers.get("x-wam-node")).toBe("node-p");
      // ... and node Q serves it itself.
      const got = await fetch(`${q!.url}/api/v1/instances/${id}/media/${inbound.body.mediaId}`, { headers: { authorization: `Bearer ${token}` } });
      expect(got.status).toBe(200);
      expect(got.headers.get("x-wam-node")).toBeNull();
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      for (const node of nodes.filter((n) => n.name === "node-p" || n.name === "node-q")) node.child.kill("SIGTERM");
      await Promise.all(nodes.filter((n) => n.name === "node-p" || n.name === "node-q").map((n) => n.exited));
      await shared.drop();
    }
  });
});
