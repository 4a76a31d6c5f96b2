// Webhook delivery: inbound sandbox messages on a few connected instances → signed deliveries to a local receiver
// that verifies every signature with the `standardwebhooks` library. Two phases:
//  - burst: N events as fast as 16 producers can post them → deliveries per second (and latency under a backlog);
//  - steady: M events at a fixed rate below that → event → delivery latency as an integrator sees it.
// Latency = receive time − the envelope's timestamp (when the gateway observed the event); same machine, same clock.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { apiCaller, figure, login, mapLimit, percentile, printLoadAverage, saveResults, startGatewayProcess } from "./lib";

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2000);
const STEADY_EVENTS = Number(process.env.BENCH_WEBHOOK_STEADY_EVENTS ?? 1000);
const STEADY_RATE = Number(process.env.BENCH_WEBHOOK_STEADY_RATE ?? 100);
const INSTANCES = Number(process.env.BENCH_WEBHOOK_INSTANCES ?? 4);
const CONCURRENCY = 16;

interface Receipt {
  id: string;
  latencyMs: number;
  at: number;
}

async function startReceiver() {
  let verifier: Webhook | null = null;
  const receipts = new Map<string, Receipt>();
  let requests = 0;
  let rejected = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      requests += 1;
      const body = Buffer.concat(chunks).toString("utf8");
      try {
        if (!verifier) throw new Error("no secret yet");
        const envelope = verifier.verify(body, req.headers as Record<string, string>) as { id: string; timestamp: string };
        if (!receipts.has(envelope.id)) receipts.set(envelope.id, { id: envelope.id, latencyMs: at - Date.parse(envelope.timestamp), at });
        res.writeHead(204).end();
      } catch {
        rejected += 1;
        res.writeHead(400).end("signature");
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    receipts,
    stats: () => ({ requests, rejected }),
    setSecret: (secret: string) => (verifier = new Webhook(secret)),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function main() {
  printLoadAverage("at the start");
  const receiver = await startReceiver();
  const gw = await startGatewayProcess({ WEBHOOK_ALLOW_IPS: "127.0.0.1" });
  try {
    const token = await login(gw.url);
    const call = apiCaller(gw.url, token);
    const waitFor = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    // A few connected sandbox instances.
    const ids: string[] = [];
    for (let i = 0; i < INSTANCES; i += 1) ids.push(((await call("POST", "/api/v1/instances", { name: `Webhook bench ${i}` })) as { id: string }).id);
    const status = async (id: string) => ((await call("GET", `/api/v1/instances/${id}`)) as { status: string }).status;
    for (const id of ids) await waitFor("QR", async () => (await status(id)) === "QR_REQUIRED");
    for (const [i, id] of ids.entries()) await call("POST", `/api/v1/sandbox/instances/${id}/scan`, { number: `4915190000${String(i).padStart(3, "0")}` });
    for (const id of ids) await waitFor("CONNECTED", async () => (await status(id)) === "CONNECTED");

    // One global endpoint for inbound messages (a typical integrator).
    const hook = (await call("POST", "/api/v1/webhooks", { url: receiver.url, events: ["message.received"], description: "bench" })) as { id: string; secret: string };
    receiver.setSecret(hook.secret);

    const inbound = (i: number, label: string) =>
      call("POST", `/api/v1/sandbox/instances/${ids[i % ids.length]}/inbound`, { from: "4915112345678", text: `${label} ${i}` });

    // Burst.
    const started = Date.now();
    await mapLimit(Array.from({ length: EVENTS }, (_, i) => i), CONCURRENCY, (i) => inbound(i, "burst"));
    const producedMs = Date.now() - started;
    await waitFor(`${EVENTS} deliveries`, () => receiver.receipts.size >= EVENTS, 300_000);
    const burst = [...receiver.receipts.values()];
    const lastAt = Math.max(...burst.map((r) => r.at));
    const burstLatencies = burst.map((r) => r.latencyMs);

    // Steady rate.
    const steadyStart = Date.now();
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < STEADY_EVENTS; i += 1) {
      const due = steadyStart + (i * 1000) / STEADY_RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      pending.push(inbound(i, "steady"));
    }
    await Promise.all(pending);
    await waitFor(`${STEADY_EVENTS} steady deliveries`, () => receiver.receipts.size >= EVENTS + STEADY_EVENTS, 300_000);
    const steady = [...receiver.receipts.values()].slice(EVENTS);
    const steadyLatencies = steady.map((r) => r.latencyMs);
    const { requests, rejected } = receiver.stats();
    const total = receiver.receipts.size;

    figure("webhook_events", EVENTS + STEADY_EVENTS, "events");
    figure("webhook_burst_events_produced_per_s", (EVENTS / producedMs) * 1000, "events/s");
    figure("webhook_deliveries_per_s", (EVENTS / (lastAt - started)) * 1000, "deliveries/s");
    figure("webhook_event_to_delivery_p95_burst", percentile(burstLatencies, 95), "ms");
    figure("webhook_steady_rate", STEADY_RATE, "events/s");
    figure("webhook_event_to_delivery_p50", percentile(steadyLatencies, 50), "ms");
    figure("webhook_event_to_delivery_p95", percentile(steadyLatencies, 95), "ms");
    figure("webhook_event_to_delivery_max", Math.max(...steadyLatencies), "ms");
    figure("webhook_signatures_verified", total, "deliveries");
    figure("webhook_signature_failures", rejected, "requests");
    figure("webhook_duplicate_requests", requests - rejected - total, "requests");
    saveResults("webhooks-delivery", { events: EVENTS, steadyEvents: STEADY_EVENTS, steadyRate: STEADY_RATE, instances: INSTANCES, endpoints: 1, producerConcurrency: CONCURRENCY });
    console.log(
      `summary: burst of ${EVENTS} inbound messages on ${INSTANCES} sandbox instances → signed, verified deliveries at ` +
        `${((EVENTS / (lastAt - started)) * 1000).toFixed(0)}/s (p95 ${percentile(burstLatencies, 95).toFixed(0)} ms behind the backlog); ` +
        `at ${STEADY_RATE} events/s event→delivery p95 ${percentile(steadyLatencies, 95).toFixed(1)} ms`,
    );
    if (rejected > 0 || total !== EVENTS + STEADY_EVENTS) process.exitCode = 1;
  } finally {
    await gw.stop();
    await receiver.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
