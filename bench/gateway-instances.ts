// Gateway scale: create and pair N sandbox instances; list latency; RSS per instance.
import { apiCaller, figure, login, mapLimit, percentile, printLoadAverage, rssBytes, saveResults, startGatewayProcess } from "./lib";

const COUNT = Number(process.env.BENCH_INSTANCES ?? 1000);
const CONCURRENCY = 16;

async function main() {
  printLoadAverage("at the start");
  const gw = await startGatewayProcess();
  try {
    const token = await login(gw.url);
    const call = apiCaller(gw.url, token);
    const countStatus = async (status: string) => {
      let n = 0;
      let cursor: string | null = null;
      do {
        const page = (await call("GET", `/api/v1/instances?status=${status}&limit=500${cursor ? `&cursor=${cursor}` : ""}`)) as { items: unknown[]; nextCursor: string | null };
        n += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      return n;
    };
    const waitAll = async (status: string) => {
      while ((await countStatus(status)) < COUNT) await new Promise((r) => setTimeout(r, 200));
    };

    await new Promise((r) => setTimeout(r, 500));
    const rssBefore = rssBytes(gw.pid);

    let t0 = performance.now();
    const ids = await mapLimit(Array.from({ length: COUNT }, (_, i) => i), CONCURRENCY, async (i) => ((await call("POST", "/api/v1/instances", { name: `Bench ${String(i).padStart(5, "0")}` })) as { id: string }).id);
    const createMs = performance.now() - t0;
    figure("instances_created", COUNT, "instances");
    figure("create_rate", (COUNT / createMs) * 1000, "instances/s");

    await waitAll("QR_REQUIRED");
    t0 = performance.now();
    await mapLimit(ids, CONCURRENCY, (id, i) => call("POST", `/api/v1/sandbox/instances/${id}/scan`, { number: `49151${String(i).padStart(8, "0")}` }));
    await waitAll("CONNECTED");
    figure("time_to_all_connected", (performance.now() - t0) / 1000, "s");

    const latencies: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const start = performance.now();
      await call("GET", `/api/v1/instances?limit=100&sort=${i % 2 ? "name" : "createdAt"}`);
      latencies.push(performance.now() - start);
    }
    figure("list_100_p50", percentile(latencies, 50), "ms");
    figure("list_100_p95", percentile(latencies, 95), "ms");

    await new Promise((r) => setTimeout(r, 1000));
    const rssAfter = rssBytes(gw.pid);
    figure("gateway_rss", rssAfter / 1024 / 1024, "MiB");
    figure("rss_per_instance", (rssAfter - rssBefore) / COUNT / 1024, "KiB");
    saveResults("gateway-instances", { count: COUNT });
    console.log(`summary: ${COUNT} sandbox instances created and paired; list p95 ${percentile(latencies, 95).toFixed(1)} ms`);
  } finally {
    await gw.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
