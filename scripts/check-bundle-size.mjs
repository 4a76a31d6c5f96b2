#!/usr/bin/env node
// First-load JS per route, from the production build's own manifests (deterministic, no browser):
// the framework's root scripts plus every chunk the route's layouts and page need before hydration —
// what Next.js calls "First Load JS". Chunks a page imports on demand (next/dynamic, import()) are not counted.
// Each file is gzipped at level 9. Exits 1 when a route is over its budget in bench/bundle-budgets.json.
//
//   node scripts/check-bundle-size.mjs          # check (part of `npm test`, after `npm run build`)
//   node scripts/check-bundle-size.mjs --json   # print the figures as JSON (used by bench/first-load-js.ts)
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

const root = process.cwd();
const nextDir = path.join(root, ".next");
const budgets = JSON.parse(fs.readFileSync(path.join(root, "bench/bundle-budgets.json"), "utf8"));

/** Every page of the app router: its route and its build directory under .next/server/app. */
function findPages(dir, segments = []) {
  const pages = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    if (entry.name === "page" && fs.existsSync(path.join(dir, "page_client-reference-manifest.js"))) {
      pages.push({ segments, dir });
    } else if (entry.name !== "page") {
      pages.push(...findPages(path.join(dir, entry.name), [...segments, entry.name]));
    }
  }
  return pages;
}

function routeOf(segments) {
  const visible = segments.filter((s) => !(s.startsWith("(") && s.endsWith(")")));
  return `/${visible.join("/")}`;
}

const gzipCache = new Map();
function gzipKiB(file) {
  if (!gzipCache.has(file)) gzipCache.set(file, zlib.gzipSync(fs.readFileSync(path.join(nextDir, file)), { level: 9 }).length / 1024);
  return gzipCache.get(file);
}

function firstLoadFiles(page) {
  const buildManifest = JSON.parse(fs.readFileSync(path.join(page.dir, "page", "build-manifest.json"), "utf8"));
  const sandbox = { self: {}, globalThis: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(fs.readFileSync(path.join(page.dir, "page_client-reference-manifest.js"), "utf8"), sandbox);
  const manifest = Object.values(sandbox.__RSC_MANIFEST ?? sandbox.self.__RSC_MANIFEST)[0];
  // The route's entries: the root layout and every layout down to the page (error/not-found boundaries are
  // entries of the root too, and their chunks load with the layout).
  const files = new Set(buildManifest.rootMainFiles);
  for (const [entry, chunks] of Object.entries(manifest.entryJSFiles)) {
    const name = entry.replace(/^\[project\]\//, "");
    const segmentDir = path.dirname(name); // "app/(panel)/instances" for "app/(panel)/instances/page"
    const pageDir = ["app", ...page.segments].join("/");
    if (pageDir === segmentDir || pageDir.startsWith(`${segmentDir}/`)) for (const chunk of chunks) files.add(chunk);
  }
  return [...files];
}

const pages = findPages(path.join(nextDir, "server", "app"))
  .map((page) => ({ ...page, route: routeOf(page.segments) }))
  .filter((page) => !page.route.startsWith("/_"));
if (pages.length === 0) {
  console.error("No built pages found: run `npm run build` first.");
  process.exit(1);
}

const results = pages
  .map((page) => {
    const files = firstLoadFiles(page);
    const kib = files.reduce((sum, file) => sum + gzipKiB(file), 0);
    const budget = budgets.routes[page.route] ?? budgets.default;
    return { route: page.route, kib: Math.round(kib * 10) / 10, budget, files: files.length };
  })
  .sort((a, b) => a.route.localeCompare(b.route));

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ target: budgets.default, results }));
  process.exit(0);
}

const framework = JSON.parse(fs.readFileSync(path.join(pages[0].dir, "page", "build-manifest.json"), "utf8")).rootMainFiles.reduce((sum, f) => sum + gzipKiB(f), 0);
console.log(`First-load JS per route (gzip -9; framework alone ${framework.toFixed(1)} KiB; target ${budgets.default} KiB):`);
let over = 0;
for (const r of results) {
  const status = r.kib > r.budget ? "OVER" : "ok";
  if (r.kib > r.budget) over += 1;
  console.log(`  ${status.padEnd(4)} ${r.route.padEnd(18)} ${r.kib.toFixed(1).padStart(6)} KiB  (budget ${r.budget} KiB, ${r.files} files)`);
}
if (over > 0) {
  console.error(`${over} route(s) over budget. Load heavy pieces on demand (next/dynamic or import()) or update bench/bundle-budgets.json with a reason.`);
  process.exit(1);
}
