// Watchdog detection: N paired sandbox instances on one gateway (the built gateway/dist/main.js), then STALLED of
// them stalled at once (session open and CONNECTED, all traffic stopped). Measures, per stalled instance, stall →
// marked "Unresponsive" (from its status history) and stall → CONNECTED again, and checks that no healthy instance was
// touched. Thresholds are scaled down so a run takes a minute: WATCHDOG_SILENCE_SECONDS=10, probe timeout 2 s, a look
// every 1 s. Detection can be no sooner than silence + probe timeout (12 s); what it takes beyond that is the
// watchdog's own cost (a round over every connected session, probes, the restart), which is what the figures show.
import { apiCaller, figure, login, mapLimit, percentile, printLoadAverage, saveResults, startGatewayProcess } from "./lib";

const COUNT = Number(process.env.BENCH_INSTANCES ?? 1000);
const STALLED = Number(process.env.BENCH_STALLED ?? 40);
const SILENCE_S = 10;
const PROBE_TIMEOUT_S = 2;
const INTERVAL_S = 1;
const CONCURRENCY = 16;

interface HistoryEntry {
  seq: number;
  status: string;
  statusReason?: string;
  at: string;
}

async function main() {
  printLoadAverage("at the start");
  const gw = await startGatewayProcess({
    WATCHDOG_SILENCE_SECONDS: String(SILENCE_S),
    WATCHDOG_PROBE_TIMEOUT_SECONDS: String(PROBE_TIMEOUT_S),
    WATCHDOG_INTERVAL_SECONDS: String(INTERVAL_S),
  });
  try {
    const token = await login(gw.url);
    const call = apiCaller(gw.url, token);
    const ids = await mapLimit(Array.from({ length: COUNT }, (_, i) => i), CONCURRENCY, async (i) => ((await call("POST", "/api/v1/instances", { name: `Watch ${String(i).padStart(5, "0")}` })) as { id: string }).id);
    await mapLimit(ids, CONCURRENCY, async (id, i) => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await call("POST", `/api/v1/sandbox/instances/${id}/scan`, { number: `49153${String(i).padStart(8, "0")}` });
        } catch (error) {
          if (attempt > 100) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    });
    const connected = async () => {
      let n = 0;
      let cursor: string | null = null;
      do {
        const page = (await call("GET", `/api/v1/instances?status=CONNECTED&limit=500${cursor ? `&cursor=${cursor}` : ""}`)) as unknown as { items: unknown[]; nextCursor: string | null };
        n += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      return n;
    };
    while ((await connected()) < COUNT) await new Promise((r) => setTimeout(r, 250));
    // Let every session pass a few healthy rounds first.
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_S * 1000));

    const victims = ids.slice(0, STALLED);
    const stalledAt = new Map<string, number>();
    await mapLimit(victims, CONCURRENCY, async (id) => {
      stalledAt.set(id, Date.now());
      await call("POST", `/api/v1/sandbox/instances/${id}/stall`);
    });

    const history = async (id: string) => ((await call("GET", `/api/v1/instances/${id}/status-history?limit=20`)) as unknown as { items: HistoryEntry[] }).items;
    const detected: number[] = [];
    const recovered: number[] = [];
    const deadline = Date.now() + (SILENCE_S + PROBE_TIMEOUT_S) * 1000 + 60_000;
    const pending = new Set(victims);
    while (pending.size > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      await mapLimit([...pending], CONCURRENCY, async (id) => {
        const items = await history(id);
        const mark = items.find((h) => h.statusReason?.startsWith("Unresponsive"));
        const back = mark && items.find((h) => h.seq > mark.seq && h.status === "CONNECTED");
        if (mark && back) {
          detected.push(Date.parse(mark.at) - stalledAt.get(id)!);
          recovered.push(Date.parse(back.at) - stalledAt.get(id)!);
          pending.delete(id);
        }
      });
    }
    if (pending.size > 0) throw new Error(`${pending.size} stalled instances were not detected and recovered within a minute past the threshold`);
    // The healthy ones were left alone.
    const untouched = await mapLimit(ids.slice(STALLED, STALLED + 100), CONCURRENCY, async (id) => !(await history(id)).some((h) => h.statusReason?.startsWith("Unresponsive")));
    if (untouched.some((ok) => !ok)) throw new Error("a healthy instance was marked unresponsive");

    const floorMs = (SILENCE_S + PROBE_TIMEOUT_S) * 1000;
    figure("watchdog_instances", COUNT, "instances");
    figure("watchdog_stalled", STALLED, "instances");
    figure("watchdog_detect_p50", percentile(detected, 50) / 1000, "s");
    figure("watchdog_detect_p95", percentile(detected, 95) / 1000, "s");
    figure("watchdog_detect_max", Math.max(...detected) / 1000, "s");
    figure("watchdog_detect_beyond_threshold_p95", (percentile(detected, 95) - floorMs) / 1000, "s");
    figure("watchdog_connected_again_p95", percentile(recovered, 95) / 1000, "s");
    saveResults("watchdog", { instances: COUNT, stalled: STALLED, silenceSeconds: SILENCE_S, probeTimeoutSeconds: PROBE_TIMEOUT_S, intervalSeconds: INTERVAL_S });
    console.log(
      `summary: ${STALLED} of ${COUNT} sessions stalled at once; marked unresponsive after p50 ${(percentile(detected, 50) / 1000).toFixed(1)} s, p95 ${(percentile(detected, 95) / 1000).toFixed(1)} s ` +
        `(floor: ${SILENCE_S} s silence + ${PROBE_TIMEOUT_S} s probe), CONNECTED again p95 ${(percentile(recovered, 95) / 1000).toFixed(1)} s; healthy sessions untouched`,
    );
  } finally {
    await gw.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
