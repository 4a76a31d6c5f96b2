// Live storm: N sandbox instances (default 5,000), all paired; the instances page open in Chromium (signed in
// through the UI, `size=200`, sorted by name); then ~500 instance.status events/s for 20 s, made by ~250 sandbox
// disconnects (428) per second over random CONNECTED instances — each gives RECONNECTING, then CONNECTED after
// the jittered backoff. Measured in the page: a MutationObserver notes when a row's [data-status] changes
// (Date.now()), joined with the event's server time `at` seen by a Node socket.io client → event→DOM latency for
// the 200 visible rows; PerformanceObserver 'longtask' → longest main-thread task; CDP heap usage after the storm
// (after a GC); the renderer's main-thread time (CDP Performance.getMetrics TaskDuration) per 1,000 status events,
// from the storm's start until the gateway has settled — a figure less sensitive to a noisy machine than latency;
// and once the gateway has settled, the visible rows must match the gateway exactly.
// Budgets: p95 ≤ 250 ms, longest task ≤ 100 ms. Needs `npm run build` and Debian Chromium.
// BENCH_STORM_PROFILE=1 also records a CPU profile of the page during the storm and prints the top functions.
import { chromium } from "@playwright/test";
import { io } from "socket.io-client";
import globalSetup, { E2E_ADMIN_PASSWORD } from "../e2e/support/global-setup";
import { figure, mapLimit, percentile, printLoadAverage, saveResults } from "./lib";

const COUNT = Number(process.env.BENCH_STORM_INSTANCES ?? 5000);
const DISCONNECTS_PER_S = Number(process.env.BENCH_STORM_DISCONNECTS_PER_S ?? 250);
const DURATION_S = Number(process.env.BENCH_STORM_SECONDS ?? 20);
const PAGE_SIZE = 200;
const PROFILE = process.env.BENCH_STORM_PROFILE === "1";
const BUDGET = { p95Ms: 250, longestTaskMs: 100 };

type StatusEvent = { instanceId: string; status: string; seq: number; at: string };
type DomChange = { id: string; status: string; t: number };

async function main() {
  printLoadAverage("at the start");
  const teardown = await globalSetup();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const socket = { current: null as ReturnType<typeof io> | null };
  try {
    const panel = process.env.E2E_PANEL_URL!;
    const gateway = process.env.E2E_GATEWAY_URL!;
    const loginRes = await fetch(`${gateway}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: E2E_ADMIN_PASSWORD }),
    });
    const { token } = (await loginRes.json()) as { token: string };
    const request = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(gateway + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as unknown) };
    };
    const listAll = async () => {
      const items: Array<{ id: string; name: string; status: string }> = [];
      let cursor: string | null = null;
      do {
        const { body } = await request("GET", `/api/v1/instances?limit=500${cursor ? `&cursor=${cursor}` : ""}`);
        const page = body as { items: typeof items; nextCursor: string | null };
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    };

    // 1. N instances, connected and paired.
    let t0 = performance.now();
    const ids = await mapLimit(Array.from({ length: COUNT }, (_, i) => i), 16, async (i) => {
      const { status, body } = await request("POST", "/api/v1/instances", { name: `Storm ${String(i).padStart(5, "0")}`, connect: true });
      if (status >= 400) throw new Error(`create: ${status} ${JSON.stringify(body)}`);
      return (body as { id: string }).id;
    });
    const createS = (performance.now() - t0) / 1000;
    t0 = performance.now();
    await mapLimit(ids, 16, async (id, i) => {
      for (let attempt = 0; ; attempt += 1) {
        const { status, body } = await request("POST", `/api/v1/sandbox/instances/${id}/scan`, { number: `49153${String(i).padStart(8, "0")}` });
        if (status < 400) return;
        if (attempt > 100) throw new Error(`scan: ${status} ${JSON.stringify(body)}`);
        await new Promise((r) => setTimeout(r, 100)); // not showing a QR yet
      }
    });
    while ((await listAll()).some((i) => i.status !== "CONNECTED")) await new Promise((r) => setTimeout(r, 250));
    const pairS = (performance.now() - t0) / 1000;
    figure("storm_instances", COUNT, "instances");
    figure("storm_setup_create", createS, "s");
    figure("storm_setup_pair", pairS, "s");

    // 2. Node listens to the same socket events, for their server time `at`.
    const { body: ticketBody } = await request("POST", "/api/v1/auth/socket-ticket");
    const events: Array<StatusEvent & { received: number }> = [];
    const current = new Map(ids.map((id) => [id, "CONNECTED"]));
    socket.current = io(gateway, { auth: { ticket: (ticketBody as { ticket: string }).ticket }, transports: ["websocket"] });
    await new Promise<void>((resolve, reject) => {
      socket.current!.once("gateway.hello", () => resolve());
      socket.current!.once("connect_error", reject);
    });
    socket.current.on("instance.status", (event: StatusEvent) => {
      events.push({ ...event, received: Date.now() });
      current.set(event.instanceId, event.status);
    });

    // 3. The instances page, signed in through the UI, 200 rows sorted by name.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${panel}/login`);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(E2E_ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${panel}/`);
    await page.goto(`${panel}/instances?size=${PAGE_SIZE}&sort=name.asc`);
    await page.locator("tbody tr [data-status]").nth(PAGE_SIZE - 1).waitFor({ timeout: 60_000 });
    const visibleIds = await page.$$eval("tbody tr", (rows) =>
      rows.map((row) => row.querySelector<HTMLAnchorElement>('a[href^="/instances/"]')?.getAttribute("href")?.split("/").pop() ?? "").filter(Boolean),
    );
    if (visibleIds.length !== PAGE_SIZE) throw new Error(`expected ${PAGE_SIZE} rows, found ${visibleIds.length}`);
    await page.waitForTimeout(2000); // let the page go idle after its first load

    // A string, not a function: tsx (esbuild keepNames) would wrap named inner functions in a `__name` helper the page lacks.
    await page.evaluate(`(() => {
      const w = window;
      w.__storm = { changes: [], longTasks: [] };
      const note = (badge) => {
        const row = badge.closest("tr");
        const id = row?.querySelector('a[href^="/instances/"]')?.getAttribute("href")?.split("/").pop();
        const status = badge.getAttribute("data-status");
        if (id && status) w.__storm.changes.push({ id, status, t: Date.now() });
      };
      new MutationObserver((mutations) => {
        for (const m of mutations) {
          if (m.type === "attributes" && m.target instanceof Element) note(m.target);
          else for (const node of m.addedNodes) if (node instanceof Element) (node.matches("[data-status]") ? [node] : [...node.querySelectorAll("[data-status]")]).forEach(note);
        }
      }).observe(document.querySelector("tbody"), { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__storm.longTasks.push({ start: entry.startTime, duration: entry.duration, name: entry.name });
      }).observe({ type: "longtask", buffered: false });
    })()`);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const mainThreadSeconds = async () => ((await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")?.value ?? NaN);
    if (PROFILE) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
      await cdp.send("Profiler.start");
    }

    // 4. The storm: DISCONNECTS_PER_S disconnect(428) per second over random CONNECTED instances, paced by a timer.
    // The page's own cost with no events (timers, animations), for comparison with the storm's.
    const idleStart = await mainThreadSeconds();
    await page.waitForTimeout(2000);
    const idleMsPerS = ((await mainThreadSeconds()) - idleStart) * 1000 / 2;
    const cpuBefore = await mainThreadSeconds();
    const stormStart = Date.now();
    const stormEnd = stormStart + DURATION_S * 1000;
    let sent = 0;
    let accepted = 0;
    let refused = 0;
    let inFlight = 0;
    const pending: Promise<void>[] = [];
    const disconnectOne = async () => {
      // A random instance the Node client last saw CONNECTED (a few tries; skip the tick if none).
      for (let tries = 0; tries < 20; tries += 1) {
        const id = ids[Math.floor(Math.random() * ids.length)]!;
        if (current.get(id) !== "CONNECTED") continue;
        current.set(id, "DISCONNECTING"); // not again before its own events arrive
        sent += 1;
        inFlight += 1;
        const { status } = await request("POST", `/api/v1/sandbox/instances/${id}/disconnect`, { code: 428 }).finally(() => (inFlight -= 1));
        if (status === 202) accepted += 1;
        else refused += 1;
        return;
      }
    };
    await new Promise<void>((resolve) => {
      const tick = 20;
      const timer = setInterval(() => {
        const now = Date.now();
        if (now >= stormEnd) {
          clearInterval(timer);
          resolve();
          return;
        }
        // Catch up to the target count for the time elapsed; bounded in-flight so a slow gateway shows as a lower rate.
        const due = Math.floor(((now - stormStart) / 1000) * DISCONNECTS_PER_S) - sent;
        for (let i = 0; i < due && inFlight < 64; i += 1) pending.push(disconnectOne());
      }, tick);
    });
    await Promise.all(pending);
    const stormEvents = events.filter((e) => e.received >= stormStart && e.received < stormEnd).length;

    // 5. Settle: every instance back to CONNECTED on the gateway, then give the page a moment.
    const settleStart = Date.now();
    let gatewayState = await listAll();
    while (gatewayState.some((i) => i.status !== "CONNECTED") && Date.now() - settleStart < 120_000) {
      await new Promise((r) => setTimeout(r, 500));
      gatewayState = await listAll();
    }
    await page.waitForTimeout(2000);
    const cpuMs = ((await mainThreadSeconds()) - cpuBefore) * 1000;
    const cpuEvents = events.filter((e) => e.received >= stormStart).length;
    gatewayState = await listAll();
    const settleS = (Date.now() - settleStart) / 1000;

    // 6. The visible rows must end showing exactly the gateway's state: poll until they do (the page may still be
    // working through a backlog of events), at most 120 s; the catch-up time is a figure of its own.
    const gatewayById = new Map(gatewayState.map((i) => [i.id, i.status]));
    const readDom = () =>
      page.$$eval("tbody tr", (rows) =>
        rows.map((row) => ({
          id: row.querySelector('a[href^="/instances/"]')?.getAttribute("href")?.split("/").pop() ?? "",
          status: row.querySelector("[data-status]")?.getAttribute("data-status") ?? "",
        })),
      );
    const catchUpStart = Date.now();
    let domState = await readDom();
    let mismatches = domState.filter((row) => gatewayById.get(row.id) !== row.status);
    while ((mismatches.length > 0 || domState.length !== PAGE_SIZE) && Date.now() - catchUpStart < 120_000) {
      await page.waitForTimeout(1000);
      domState = await readDom();
      mismatches = domState.filter((row) => gatewayById.get(row.id) !== row.status);
    }
    const catchUpS = (Date.now() - catchUpStart) / 1000;
    const matches = domState.length === PAGE_SIZE && mismatches.length === 0;

    let profileTop: string[] = [];
    if (PROFILE) {
      const { profile } = (await cdp.send("Profiler.stop")) as unknown as {
        profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>; samples: number[]; timeDeltas: number[] };
      };
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      profile.samples.forEach((id, i) => {
        const frame = byId.get(id)!.callFrame;
        // Line and column (0-based, as the profiler gives them) find the function in a build's source maps.
        const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber}:${frame.columnNumber}`;
        self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      });
      profileTop = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, ms]) => `${ms.toFixed(0)} ms ${k}`);
    }

    const measured = (await page.evaluate(() => (window as unknown as { __storm: unknown }).__storm)) as {
      changes: DomChange[];
      longTasks: Array<{ start: number; duration: number; name: string }>;
    };
    const heapBeforeGc = (await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)) as number;
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };

    // Join DOM changes to events, per row in order: a change matches the first event for that row with its status,
    // newer (seq) than the event the previous change matched and sent before the change. Events the page coalesced
    // (RECONNECTING and CONNECTED rendered in one go) are skipped over, and a page working through a backlog is
    // charged for the backlog.
    const visible = new Set(visibleIds);
    const byInstance = new Map<string, Array<StatusEvent & { atMs: number }>>();
    for (const e of events) {
      if (!visible.has(e.instanceId)) continue;
      const list = byInstance.get(e.instanceId) ?? [];
      list.push({ ...e, atMs: Date.parse(e.at) });
      byInstance.set(e.instanceId, list);
    }
    const latencies: number[] = [];
    const lastSeq = new Map<string, number>();
    for (const change of measured.changes) {
      const event = (byInstance.get(change.id) ?? []).find((e) => e.status === change.status && e.seq > (lastSeq.get(change.id) ?? -1) && e.atMs <= change.t + 1);
      if (!event) continue;
      lastSeq.set(change.id, event.seq);
      latencies.push(change.t - event.atMs);
    }
    const visibleEvents = [...byInstance.values()].reduce((n, l) => n + l.length, 0);

    const longest = measured.longTasks.reduce((m, t) => Math.max(m, t.duration), 0);
    figure("storm_disconnects_sent", sent, "requests");
    figure("storm_disconnect_rate", sent / DURATION_S, "requests/s");
    figure("storm_events_per_s", stormEvents / DURATION_S, "events/s");
    figure("storm_visible_events", visibleEvents, "events");
    figure("storm_dom_changes_measured", latencies.length, "changes");
    figure("storm_event_to_dom_p50", percentile(latencies, 50), "ms");
    figure("storm_event_to_dom_p95", percentile(latencies, 95), "ms");
    figure("storm_event_to_dom_max", Math.max(...latencies), "ms");
    figure("storm_long_tasks", measured.longTasks.length, "tasks");
    figure("storm_longest_task", longest, "ms");
    figure("storm_main_thread_per_1000_events", cpuMs / (cpuEvents / 1000), "ms");
    figure("storm_main_thread_idle", idleMsPerS, "ms/s");
    figure("storm_heap_after", heap.usedSize / 1024 / 1024, "MiB");
    figure("storm_heap_before_gc", heapBeforeGc / 1024 / 1024, "MiB");
    figure("storm_settle", settleS, "s");
    figure("storm_dom_catch_up", catchUpS, "s");
    figure("storm_final_state_matches", matches ? 1 : 0, "bool");
    if (refused) console.log(`  ${refused} of ${sent} disconnects were refused (instance not CONNECTED any more)`);
    if (mismatches.length) console.log(`  mismatched rows: ${mismatches.slice(0, 5).map((r) => `${r.id} dom=${r.status} gateway=${gatewayById.get(r.id)}`).join(", ")}`);
    const longTasks = [...measured.longTasks].sort((a, b) => b.duration - a.duration).slice(0, 5);
    console.log(`  longest tasks: ${longTasks.map((t) => `${t.duration.toFixed(0)} ms`).join(", ") || "none"}`);
    for (const line of profileTop) console.log(`  profile: ${line}`);
    saveResults("live-storm", { count: COUNT, disconnectsPerS: DISCONNECTS_PER_S, durationS: DURATION_S, budget: BUDGET, sent, accepted, refused, longTasks, profileTop, mismatches: mismatches.slice(0, 20) });
    const over = [
      percentile(latencies, 95) > BUDGET.p95Ms ? `p95 ${percentile(latencies, 95).toFixed(0)} ms > ${BUDGET.p95Ms} ms` : "",
      longest > BUDGET.longestTaskMs ? `longest task ${longest.toFixed(0)} ms > ${BUDGET.longestTaskMs} ms` : "",
      matches ? "" : "final state does not match the gateway",
    ].filter(Boolean);
    console.log(
      `summary: ${COUNT} instances, ${(stormEvents / DURATION_S).toFixed(0)} status events/s for ${DURATION_S} s; event→DOM p95 ${percentile(latencies, 95).toFixed(0)} ms, longest task ${longest.toFixed(0)} ms, main thread ${(cpuMs / (cpuEvents / 1000)).toFixed(0)} ms per 1,000 events; ` +
        (over.length ? `over budget: ${over.join("; ")}` : "within budget"),
    );
  } finally {
    socket.current?.close();
    await browser.close();
    await teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
