import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect } from "vitest";
import { FAST_SANDBOX, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { METRICS_TOKEN, prometheusBinary } from "../support/metrics";
import { caller } from "../support/webhook-helpers";

// A real Prometheus (Debian's package) scrapes a real gateway every second with METRICS_TOKEN from a file, as an
// operator would configure it; the test reads the result back through Prometheus's own query API.
const prometheus = prometheusBinary("prometheus");
let gw: RunningGateway | undefined;
let child: ChildProcess | undefined;
let exited: Promise<unknown> = Promise.resolve();
let dir: string | undefined;
const output: string[] = [];

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const force = setTimeout(() => child?.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(force);
  }
  await gw?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts Prometheus on a free loopback port with its config and data in a temporary folder; resolves with its URL. */
async function startPrometheus(binary: string, target: string): Promise<string> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-prometheus-"));
  const tokenFile = path.join(dir, "metrics-token");
  fs.writeFileSync(tokenFile, METRICS_TOKEN, { mode: 0o600 });
  const config = path.join(dir, "prometheus.yml");
  fs.writeFileSync(
    config,
    [
      "global:",
      "  scrape_interval: 1s",
      "  scrape_timeout: 1s",
      "  evaluation_interval: 1s",
      "scrape_configs:",
      "  - job_name: whatsapp-gateway",
      "    metrics_path: /metrics",
      "    authorization:",
      "      type: Bearer",
      `      credentials_file: ${tokenFile}`,
      "    static_configs:",
      `      - targets: ["${target}"]`,
      "",
    ].join("\n"),
  );
  const port = await freePort();
  child = spawn(binary, [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  exited = new Promise((resolve) => child!.once("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    async () => {
      if (child!.exitCode !== null) throw new Error(`prometheus exited (${child!.exitCode}):\n${output.join("")}`);
      return fetch(`${url}/-/ready`).then((r) => r.status, () => 0);
    },
    (status) => status === 200,
    "prometheus to be ready",
    30_000,
  );
  return url;
}

/** An instant query through Prometheus's HTTP API: each series' labels and value. */
async function query(url: string, promql: string): Promise<Array<{ metric: Record<string, string>; value: number }>> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  expect(body.status).toBe("success");
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}
const one = async (url: string, promql: string) => (await query(url, promql))[0]?.value;

describe("a real Prometheus scraping the gateway", () => {
  prometheus.it(
    "scrapes with the token from a file, finds the instances by status, and follows a logout",
    async () => {
      const binary = prometheus.path();
      gw = await startGateway({ ...FAST_SANDBOX, METRICS_TOKEN });
      const token = await login(gw.url);
      const c = caller(() => gw!, () => token);
      const first = await c.connectedInstance("Scraped 1");
      await c.connectedInstance("Scraped 2");

      const target = new URL(gw.url).host;
      const url = await startPrometheus(binary, target);
      const targets = await waitUntil(
        async () => ((await (await fetch(`${url}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string; lastError: string; scrapeUrl: string }> } }).data.activeTargets,
        (active) => active.length === 1 && active[0]!.health === "up",
        "the gateway target to be up",
        30_000,
      );
      expect(targets[0]!.scrapeUrl).toBe(`${gw.url}/metrics`);
      expect(await one(url, 'up{job="whatsapp-gateway"}')).toBe(1);

      const connected = await waitUntil(() => query(url, 'wam_instances{status="CONNECTED"}'), (r) => r.length === 1, "wam_instances in Prometheus", 15_000);
      expect(connected[0]!.value).toBe(2);
      expect(connected[0]!.metric).toMatchObject({ __name__: "wam_instances", status: "CONNECTED", job: "whatsapp-gateway", instance: target });
      expect(await one(url, "sum(wam_instances)")).toBe(2);

      // Log one number out through the API: the next scrapes show it waiting for a QR.
      expect((await c.call("POST", `/api/v1/instances/${first}/logout`)).status).toBe(202);
      await waitUntil(() => one(url, 'wam_instances{status="CONNECTED"}'), (v) => v === 1, "CONNECTED to drop to 1 in Prometheus", 15_000);
      await waitUntil(() => one(url, 'wam_instances{status="QR_REQUIRED"}'), (v) => v === 1, "QR_REQUIRED to reach 1 in Prometheus", 15_000);
      expect(await one(url, 'sum(wam_instance_status_changes_total{status="QR_REQUIRED"})')).toBeGreaterThanOrEqual(3);
      expect(output.join("")).not.toContain(METRICS_TOKEN);
    },
    60_000,
  );
});
