// GET /metrics cost: N sandbox instances created and paired, then scrapes timed one after another.
import { apiCaller, figure, login, mapLimit, percentile, printLoadAverage, saveResults, startGatewayProcess } from "./lib";

const COUNT = Number(process.env.BENCH_INSTANCES ?? 1000);
const SCRAPES = Number(process.env.BENCH_METRICS_SCRAPES ?? 200);
const PER_INSTANCE = process.env.BENCH_METRICS_PER_INSTANCE === "true";
const CONCURRENCY = 16;
const METRICS_TOKEN = "bench-metrics-token-0123456789abcdef";

async function main() {
  printLoadAverage("at the start");
  const gw = await startGatewayProcess({ METRICS_TOKEN, METRICS_PER_INSTANCE: String(PER_INSTANCE) });
  try {
    const token = await login(gw.url);
    const call = apiCaller(gw.url, token);
    const scrape = async () => {
      const res = await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      if (res.status !== 200) throw new Error(`GET /metrics: ${res.status} ${await res.text()}`);
      return res.text();
    };
    const connected = async () => Number(/^wam_instances\{status="CONNECTED"\} (\d+)$/m.exec(await scrape())?.[1] ?? 0);
    const qrRequired = async () => Number(/^wam_instances\{status="QR_REQUIRED"\} (\d+)$/m.exec(await scrape())?.[1] ?? 0);
    const until = async (read: () => Promise<number>) => {
      while ((await read()) < COUNT) await new Promise((r) => setTimeout(r, 200));
    };

    const ids = await mapLimit(Array.from({ length: COUNT }, (_, i) => i), CONCURRENCY, async (i) => ((await call("POST", "/api/v1/instances", { name: `Metrics bench ${String(i).padStart(5, "0")}` })) as { id: string }).id);
    await until(qrRequired);
    await mapLimit(ids, CONCURRENCY, (id, i) => call("POST", `/api/v1/sandbox/instances/${id}/scan`, { number: `49152${String(i).padStart(8, "0")}` }));
    await until(connected);
    figure("instances_connected", COUNT, "instances");
    await new Promise((r) => setTimeout(r, 1000));

    for (let i = 0; i < 5; i += 1) await scrape(); // warm-up
    const latencies: number[] = [];
    let bytes = 0;
    for (let i = 0; i < SCRAPES; i += 1) {
      const start = performance.now();
      bytes = (await scrape()).length;
      latencies.push(performance.now() - start);
    }
    figure("scrapes", SCRAPES, "scrapes");
    figure("scrape_p50", percentile(latencies, 50), "ms");
    figure("scrape_p95", percentile(latencies, 95), "ms");
    figure("scrape_max", Math.max(...latencies), "ms");
    figure("scrape_body", bytes / 1024, "KiB");
    saveResults("metrics", { count: COUNT, scrapes: SCRAPES, perInstance: PER_INSTANCE });
    console.log(`summary: ${SCRAPES} scrapes of /metrics with ${COUNT} connected sandbox instances${PER_INSTANCE ? " (per-instance series on)" : ""}: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms`);
  } finally {
    await gw.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
