// First-load JS per route, two ways, both gzip -9 from the build output. Needs `npm run build` and Debian Chromium.
// - first_load_js: the scripts a route needs before hydration, from the build manifests (scripts/check-bundle-size.mjs,
//   the figure `npm test` checks against bench/bundle-budgets.json and its target).
// - js_until_idle: every script Chromium loads for the page until the network is idle, without interaction (adds
//   what loads right after hydration: the contract's schemas + zod, socket.io-client, sonner).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { chromium, type Page } from "@playwright/test";
import globalSetup, { E2E_ADMIN_PASSWORD } from "../e2e/support/global-setup";
import { figure, printLoadAverage, saveResults } from "./lib";

async function measure(page: Page, url: string) {
  const files = new Set<string>();
  page.on("response", (response) => {
    const { pathname } = new URL(response.url());
    if (response.request().resourceType() === "script" && pathname.startsWith("/_next/static/")) files.add(pathname);
  });
  await page.goto(url, { waitUntil: "networkidle" });
  let bytes = 0;
  for (const file of files) bytes += zlib.gzipSync(fs.readFileSync(path.join(".next", file.replace(/^\/_next\//, ""))), { level: 9 }).length;
  return bytes / 1024;
}

async function main() {
  printLoadAverage("at the start");
  const teardown = await globalSetup();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const base = process.env.E2E_PANEL_URL!;
    const sizes: Record<string, number> = {};
    const anonymous = await (await browser.newContext()).newPage();
    sizes["/login"] = await measure(anonymous, `${base}/login`);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(E2E_ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${base}/`);
    const created = await page.evaluate(async () => {
      const res = await fetch("/bff/api/v1/instances", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Bundle probe" }) });
      return ((await res.json()) as { id: string }).id;
    });
    for (const route of ["/", "/instances", `/instances/${created}`, "/webhooks", "/api", "/logs", "/settings"]) {
      const fresh = await (await browser.newContext({ storageState: await context.storageState() })).newPage();
      sizes[route.replace(created, "[id]")] = await measure(fresh, `${base}${route}`);
      await fresh.context().close();
    }
    const manifest = JSON.parse(execFileSync(process.execPath, ["scripts/check-bundle-size.mjs", "--json"], { encoding: "utf8" })) as {
      target: number;
      results: { route: string; kib: number; budget: number }[];
    };
    // The target every route should meet, from bench/bundle-budgets.json.
    const BUDGET_KIB = manifest.target;
    let over = 0;
    let overCeiling = 0;
    for (const r of manifest.results) {
      figure(`first_load_js ${r.route}`, r.kib, "KiB");
      if (r.kib > BUDGET_KIB) over += 1;
      if (r.kib > r.budget) overCeiling += 1;
    }
    for (const [route, kib] of Object.entries(sizes)) figure(`js_until_idle ${route}`, kib, "KiB");
    saveResults("first-load-js", { budgetKiB: BUDGET_KIB });
    console.log(
      `summary: first-load JS ${over} of ${manifest.results.length} routes over the ${BUDGET_KIB} KiB target, ${overCeiling} over their ceiling in bench/bundle-budgets.json`,
    );
  } finally {
    await browser.close();
    await teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
