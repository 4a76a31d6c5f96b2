import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const BENCH_ADMIN_PASSWORD = "bench-admin-password-123";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the built gateway (gateway/dist/main.js) as its own process, so its RSS is its own. */
export async function startGatewayProcess(env: Record<string, string> = {}) {
  if (!fs.existsSync("gateway/dist/main.js")) throw new Error("gateway/dist/main.js is missing: run `npm run build:gateway` first");
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-bench-"));
  const child: ChildProcess = spawn(process.execPath, ["gateway/dist/main.js"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, WA_ENGINE: "sandbox", LOG_LEVEL: "warn", ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, ...env },
    stdio: ["ignore", process.env.BENCH_GATEWAY_STDOUT ? "inherit" : "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("gateway did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    dataDir,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resident set size of a process, in bytes (Linux). */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

export async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: BENCH_ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** Calls the gateway's API as a signed-in operator: JSON in and out; a 4xx or 5xx throws with the body. */
export function apiCaller(url: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
  };
}

export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const figures: Record<string, { value: number; unit: string }> = {};

/** Prints one figure as `name: value unit` and keeps it for the JSON result. */
export function figure(name: string, value: number, unit: string) {
  const rounded = Math.round(value * 100) / 100;
  figures[name] = { value: rounded, unit };
  console.log(`${name}: ${rounded} ${unit}`);
}

/**
 * Prints the machine's load average (1, 5 and 15 minutes) beside the figures: every bench does at its start and in
 * saveResults at its end. Figures from a machine that was busy with something else are not figures.
 */
export function printLoadAverage(when: string): number[] {
  const load = os.loadavg().map((l) => Math.round(l * 100) / 100);
  console.log(`load average ${when}: ${load.join(" ")} (1, 5, 15 min; ${os.cpus().length} cores)`);
  return load;
}

export function saveResults(bench: string, extra: Record<string, unknown> = {}) {
  const loadAverage = printLoadAverage("at the end");
  fs.mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${bench}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  fs.writeFileSync(file, JSON.stringify({ bench, at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage, figures, ...extra }, null, 2));
  console.log(`results: ${file}`);
}
