// Lighthouse (npm `lighthouse`, Debian Chromium) on the production build against a gateway holding 100 paired
// sandbox instances, signed in: every page (login, overview, instances, an instance's overview and settings,
// webhooks, alerts, proxies, API, logs, settings), with the mobile (default) and desktop presets. Beside them, in the
// same run, the calibration page: a bare Next.js 16 page (bench/fixtures/bare-next, built here and served by
// `next start`), what the framework alone scores on this machine.
// Budgets: mobile performance within 5 points of the calibration page, desktop performance ≥ 95, accessibility 100,
// best practices 100. Needs `npm run build`. Everything runs on 127.0.0.1; Lighthouse needs nothing from the internet.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { computeMedianRun, filterToValidRuns } from "lighthouse/core/lib/median-run.js";
import globalSetup, { E2E_ADMIN_PASSWORD } from "../e2e/support/global-setup";
import { figure, freePort, mapLimit, printLoadAverage, saveResults } from "./lib";

const INSTANCES = Number(process.env.BENCH_LIGHTHOUSE_INSTANCES ?? 100);
/** Runs per page and form; the median run is reported. */
const RUNS = Math.max(1, Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3));
const BUDGET = { performance: 95, accessibility: 100, "best-practices": 100 } as const;
/** Mobile performance may be at most this many points under the calibration page's, measured in the same run. */
const MOBILE_PERFORMANCE_MARGIN = 5;
type Category = keyof typeof BUDGET;
type Form = "mobile" | "desktop";
const CALIBRATION_DIR = "bench/fixtures/bare-next";
const CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function gatewayToken(gatewayUrl: string) {
  const res = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: E2E_ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`gateway login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** Signs in through the BFF as the browser would and returns the session cookie pair. */
async function panelCookie(panelUrl: string) {
  const res = await fetch(`${panelUrl}/bff/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: panelUrl },
    body: JSON.stringify({ username: "admin", password: E2E_ADMIN_PASSWORD }),
    redirect: "manual",
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-wam_session="));
  if (!cookie) throw new Error(`BFF login gave no session cookie: ${res.status} ${await res.text()}`);
  return cookie.split(";")[0]!;
}

/** Builds the calibration app with the panel's own Next.js and serves it with `next start` on a free loopback port. */
async function startCalibrationPage() {
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build", CALIBRATION_DIR], { stdio: ["ignore", "ignore", "inherit"] });
  const port = await freePort();
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", CALIBRATION_DIR, "-p", String(port), "-H", "127.0.0.1"], { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!(await fetch(url).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the calibration page did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM")))),
  };
}

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"];
type Items = Array<Record<string, unknown>>;
const itemsOf = (lhr: Lhr, id: string) => ((lhr.audits[id]?.details as { items?: Items } | undefined)?.items ?? []) as Items;
const shortUrl = (url: unknown) => String(url).replace(/^https?:\/\/[^/]+/, "").replace("/_next/static/chunks/", "");

/** For a page under the performance budget: the LCP element, the scripts costing the most main-thread time and
 * the longest tasks (Lighthouse's own audits), so a miss says where the time goes. */
function performanceDetail(lhr: Lhr): string {
  const lcpNode = itemsOf(lhr, "lcp-breakdown-insight").find((i) => i.type === "node") as { nodeLabel?: string; selector?: string } | undefined;
  const lcp = lcpNode ? `LCP element "${String(lcpNode.nodeLabel).slice(0, 50)}" (${lcpNode.selector})` : "LCP element unknown";
  const shifts = itemsOf(lhr, "layout-shifts")
    .slice(0, 3)
    .map((i) => `${Number(i.score).toFixed(3)} ${String((i.node as { selector?: string } | undefined)?.selector ?? "?").slice(-60)}`)
    .join(", ");
  const bootup = itemsOf(lhr, "bootup-time")
    .slice(0, 4)
    .map((i) => `${shortUrl(i.url)} ${Math.round(Number(i.total))} ms`)
    .join(", ");
  const tasks = itemsOf(lhr, "long-tasks")
    .slice(0, 5)
    .map((i) => `${Math.round(Number(i.duration))} ms at ${Math.round(Number(i.startTime))} ms (${shortUrl(i.url)})`)
    .join(", ");
  return `${lcp}; layout shifts: ${shifts || "-"}; script time: ${bootup || "-"}; longest tasks: ${tasks || "-"}`;
}

/**
 * When the page first painted in the load Lighthouse watched (unthrottled; its mobile figures are simulated from it),
 * against DOMContentLoaded. Everything that finished before that paint counts into the simulated FCP and LCP, so a
 * run whose first paint came late says so here: on this machine's headless Chromium, some runs under the mobile
 * emulation hold the first frame for one or two seconds with the page's main thread idle (docs/architecture.md).
 */
function observedPaint(lhr: Lhr): string {
  const metrics = itemsOf(lhr, "metrics")[0] as { observedFirstPaint?: number; observedDomContentLoaded?: number } | undefined;
  if (metrics?.observedFirstPaint === undefined) return "first paint unknown";
  return `first paint at ${Math.round(metrics.observedFirstPaint)} ms, DOMContentLoaded ${Math.round(metrics.observedDomContentLoaded ?? 0)} ms`;
}

function saveReport(key: string, lhr: Lhr) {
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync(`bench/results/lighthouse-${key}.report.json`, JSON.stringify(lhr));
}

async function main() {
  printLoadAverage("at the start");
  const started = performance.now();
  const calibration = await startCalibrationPage();
  // Everything started is stopped on the way out, a browser that fails to start included (the servers would outlive
  // the bench otherwise, holding its output open).
  let teardown: (() => Promise<void>) | undefined;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    teardown = await globalSetup();
    chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", chromeFlags: CHROME_FLAGS });
    const panel = process.env.E2E_PANEL_URL!;
    const gateway = process.env.E2E_GATEWAY_URL!;
    const token = await gatewayToken(gateway);
    const call = async (path: string, body: unknown) => {
      const res = await fetch(gateway + path, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.status >= 400) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const ids = await mapLimit(Array.from({ length: INSTANCES }, (_, i) => i), 16, async (i) => (await call("/api/v1/instances", { name: `Lighthouse ${String(i).padStart(3, "0")}`, connect: true })).id);
    // Pair them: a QR is there once the instance reaches QR_REQUIRED, so retry a scan that comes too early.
    await mapLimit(ids, 16, async (id, i) => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await call(`/api/v1/sandbox/instances/${id}/scan`, { number: `49152${String(i).padStart(8, "0")}` });
        } catch (error) {
          if (attempt > 50) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    });
    const cookie = await panelCookie(panel);

    const only = process.env.BENCH_LIGHTHOUSE_PAGES?.split(",");
    const allPages: Array<[string, string, boolean]> = [
      ["calibration", calibration.url, false],
      ["login", "/login", false],
      ["overview", "/", true],
      ["instances", "/instances", true],
      ["instance", `/instances/${ids[0]}`, true],
      ["webhooks", "/webhooks", true],
      ["api", "/api", true],
      ["logs", "/logs", true],
      ["alerts", "/alerts", true],
      ["proxies", "/proxies", true],
      ["settings", "/settings", true],
      ["instance-settings", `/instances/${ids[0]}/settings`, true],
    ];
    // The calibration page always runs: the mobile budget is relative to it.
    const pages = only ? allPages.filter(([name]) => name === "calibration" || only.includes(name)) : allPages;
    const scores: Record<string, Record<Category, number>> = {};
    const misses: string[] = [];
    let benchmarkIndex = 0;
    const failing: Record<string, string[]> = {};
    const forms = (process.env.BENCH_LIGHTHOUSE_FORMS?.split(",") ?? ["mobile", "desktop"]) as Form[];
    /** The performance score a page must reach: relative to the calibration page on mobile, absolute on desktop. */
    const performanceBudget = (form: Form) =>
      form === "mobile" ? Math.max(0, (scores[`calibration_mobile`]?.performance ?? BUDGET.performance) - MOBILE_PERFORMANCE_MARGIN) : BUDGET.performance;
    const budgetOf = (form: Form, category: Category) => (category === "performance" ? performanceBudget(form) : BUDGET[category]);
    for (const form of forms) {
      for (const [name, path, signedIn] of pages) {
        const runs: Lhr[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const result = await lighthouse(
            path.startsWith("http") ? path : panel + path,
            {
              port: chrome.port,
              output: "json",
              logLevel: "error",
              onlyCategories: Object.keys(BUDGET),
              ...(signedIn ? { extraHeaders: { Cookie: cookie } } : {}),
            },
            form === "desktop" ? desktopConfig : undefined,
          );
          if (!result) throw new Error(`lighthouse returned nothing for ${path}`);
          if (result.lhr.runtimeError) throw new Error(`lighthouse on ${path}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
          if (signedIn && new URL(result.lhr.finalDisplayedUrl).pathname === "/login") throw new Error(`${path} redirected to /login: the session cookie was not accepted`);
          runs.push(result.lhr);
        }
        // Lighthouse's own pick of the median run (closest to the median FCP and TTI), as its docs advise against the
        // variance of single runs; every run's performance score is printed too.
        const valid = filterToValidRuns(runs) as Lhr[];
        const lhr: Lhr = valid.length ? (computeMedianRun(valid) as Lhr) : runs[0]!;
        const key = `${name}_${form}`;
        if (RUNS > 1) console.log(`  ${key}: performance of the ${RUNS} runs ${runs.map((r) => `${Math.round((r.categories.performance?.score ?? 0) * 100)} (${observedPaint(r)})`).join(", ")}; the median run is reported`);
        scores[key] = {} as Record<Category, number>;
        for (const category of Object.keys(BUDGET) as Category[]) {
          const score = Math.round((lhr.categories[category]?.score ?? 0) * 100);
          scores[key][category] = score;
          figure(`lighthouse_${name}_${form}_${category}`, score, "score");
          if (name !== "calibration" && score < budgetOf(form, category)) {
            misses.push(`${key} ${category} ${score}`);
            // Which audits cost the points, so a miss says what to fix.
            const refs = lhr.categories[category]?.auditRefs ?? [];
            failing[`${key} ${category}`] = refs
              .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 0.9)
              .map((ref) => {
                const audit = lhr.audits[ref.id];
                // Accessibility and best-practices audits carry their findings; show the first few, briefly.
                const items = category === "performance" ? [] : ((audit?.details as { items?: unknown[] } | undefined)?.items ?? []);
                const detail = items.length ? ` ${JSON.stringify(items.slice(0, 3)).slice(0, 400)}` : "";
                return `${ref.id} (${audit?.displayValue ?? audit?.score})${detail}`;
              });
          }
        }
        benchmarkIndex = lhr.environment.benchmarkIndex;
        const m = lhr.audits;
        if (name !== "calibration" && (scores[key].performance ?? 100) < budgetOf(form, "performance")) console.log(`  ${key} where the time goes: ${performanceDetail(lhr)}`);
        // The whole report, to open in Lighthouse's viewer or read with jq.
        if (process.env.BENCH_LIGHTHOUSE_SAVE === "1") saveReport(key, lhr);
        const calibrated = scores[`calibration_${form}`]?.performance;
        const difference = name !== "calibration" && calibrated !== undefined ? scores[key].performance - calibrated : undefined;
        if (difference !== undefined) figure(`lighthouse_${name}_${form}_performance_vs_calibration`, difference, "points");
        console.log(
          `  ${key}: performance ${scores[key].performance}${difference !== undefined ? ` (${difference >= 0 ? "+" : ""}${difference} vs the bare Next.js page)` : ""}, FCP ${m["first-contentful-paint"]?.displayValue ?? "-"}, LCP ${m["largest-contentful-paint"]?.displayValue ?? "-"}, TBT ${m["total-blocking-time"]?.displayValue ?? "-"}, CLS ${m["cumulative-layout-shift"]?.displayValue ?? "-"}`,
        );
      }
    }
    for (const [key, audits] of Object.entries(failing)) console.log(`  below budget ${key}: ${audits.join(", ") || "(no single audit under 0.9)"}`);
    // Lighthouse's own CPU benchmark of this machine: its mobile throttling multiplies the cost measured here.
    figure("lighthouse_benchmark_index", benchmarkIndex, "index");
    figure("lighthouse_run_time", (performance.now() - started) / 1000, "s");
    saveResults("lighthouse", { instances: INSTANCES, runs: RUNS, budget: { ...BUDGET, mobilePerformance: forms.includes("mobile") ? performanceBudget("mobile") : undefined }, scores, misses, failing });
    console.log(
      `summary: ${pages.length - 1} pages × ${forms.length} forms beside the bare Next.js page, median of ${RUNS} Lighthouse runs each (budgets: mobile performance ≥ the bare page's − ${MOBILE_PERFORMANCE_MARGIN}` +
        `${forms.includes("mobile") ? ` = ${performanceBudget("mobile")}` : ""}, desktop performance ≥ ${BUDGET.performance}, accessibility ${BUDGET.accessibility}, best practices ${BUDGET["best-practices"]}); ` +
        (misses.length ? `${misses.length} below budget: ${misses.join("; ")}` : "every page meets every budget"),
    );
  } finally {
    chrome?.kill();
    await teardown?.();
    await calibration.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
