import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const E2E_ADMIN_PASSWORD = "e2e-admin-password-1234";

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

export async function waitFor(url: string, child: ChildProcess, name: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before answering ${url}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs / 1000} s`);
}

export function start(name: string, command: string, args: string[], env: Record<string, string>, logFile: string) {
  const log = fs.createWriteStream(logFile);
  const child = spawn(command, args, { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/**
 * Starts a real gateway (sandbox engine, temporary SQLite) and the production build of the panel, each on a
 * free port on 127.0.0.1. Requires `npm run build` first. Both are stopped by the returned teardown.
 */
export default async function globalSetup() {
  for (const required of ["gateway/dist/main.js", ".next/BUILD_ID"]) {
    if (!fs.existsSync(required)) throw new Error(`${required} is missing: run \`npm run build\` before the browser tests`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-e2e-"));
  const artifacts = path.resolve("e2e/.artifacts");
  fs.mkdirSync(artifacts, { recursive: true });
  const gatewayPort = await freePort();
  const panelPort = await freePort();
  const panelUrl = `http://localhost:${panelPort}`;
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const publicApiUrl = `http://localhost:${gatewayPort}`;

  const gatewayEnv = {
    PORT: String(gatewayPort),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    WA_ENGINE: "sandbox",
    LOG_LEVEL: "info",
    ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
    CORS_ORIGINS: panelUrl,
    // Faster than Baileys' real 60 s / 20 s so the browser tests see a rotation quickly.
    SANDBOX_QR_FIRST_MS: "4000",
    SANDBOX_QR_NEXT_MS: "2500",
    SANDBOX_QR_ATTEMPTS: "40",
    // Webhook receivers in the tests listen on 127.0.0.1; retries 100× sooner so a failing one shows its schedule.
    WEBHOOK_ALLOW_IPS: "127.0.0.1",
    // The watchdog in seconds rather than minutes: a stalled sandbox session is found and restarted while a test waits.
    WATCHDOG_SILENCE_SECONDS: "2",
    WATCHDOG_PROBE_TIMEOUT_SECONDS: "0.5",
    WATCHDOG_INTERVAL_SECONDS: "0.5",
    WEBHOOK_RETRY_SCALE: "0.01",
    // The Overview's activity charts show what the gateway counted within a second, not half a minute.
    ACTIVITY_FLUSH_SECONDS: "1",
    // Alert rounds twice a second and a 1 s grouping window, so a rule fires while the alerts test waits.
    ALERT_EVAL_SECONDS: "0.5",
    ALERT_GROUP_SECONDS: "1",
    // Proxy checks tunnel to the gateway's own port (anything that accepts a connection will do), only on demand.
    PROXY_CHECK_TARGET: `127.0.0.1:${gatewayPort}`,
    PROXY_CHECK_INTERVAL_SECONDS: "0",
    PROXY_CHECK_TIMEOUT_SECONDS: "3",
  };
  let gatewayRuns = 0;
  const startGateway = () => start("gateway", process.execPath, ["gateway/dist/main.js"], gatewayEnv, path.join(artifacts, gatewayRuns++ === 0 ? "gateway.log" : `gateway-${gatewayRuns}.log`));
  let gateway = startGateway();
  const panel = start(
    "panel",
    process.execPath,
    ["scripts/panel-server.mjs"],
    { PANEL_PORT: String(panelPort), PANEL_HOST: "127.0.0.1", GATEWAY_URL: gatewayUrl, NEXT_PUBLIC_API_URL: publicApiUrl },
    path.join(artifacts, "panel.log"),
  );
  try {
    await waitFor(`${gatewayUrl}/health`, gateway, "gateway");
    await waitFor(`http://127.0.0.1:${panelPort}/login`, panel, "panel");
  } catch (error) {
    gateway.kill("SIGKILL");
    panel.kill("SIGKILL");
    throw error;
  }

  // Lets a test take the gateway down and bring it back on the same port and data directory (e2e/support/gateway-control.ts).
  const stopped = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve)));
  const control = http.createServer((request, response) => {
    const done = (status: number, text: string) => response.writeHead(status, { "content-type": "text/plain" }).end(text);
    if (request.method !== "POST") return done(405, "POST /gateway/stop or /gateway/start");
    if (request.url === "/gateway/stop") {
      gateway.kill("SIGTERM");
      void stopped(gateway).then(() => done(200, "stopped"));
    } else if (request.url === "/gateway/start") {
      if (gateway.exitCode === null && gateway.signalCode === null) return done(409, "the gateway is running");
      gateway = startGateway();
      waitFor(`${gatewayUrl}/health`, gateway, "gateway").then(() => done(200, "started"), (error: Error) => done(500, error.message));
    } else done(404, "unknown");
  });
  const controlPort = await freePort();
  await new Promise<void>((resolve) => control.listen(controlPort, "127.0.0.1", resolve));

  process.env.E2E_CONTROL_URL = `http://127.0.0.1:${controlPort}`;
  process.env.E2E_PANEL_URL = panelUrl;
  process.env.E2E_GATEWAY_URL = gatewayUrl;
  process.env.E2E_DATA_DIR = dataDir;

  return async () => {
    control.close();
    gateway.kill("SIGTERM");
    panel.kill("SIGTERM");
    await Promise.race([Promise.all([stopped(gateway), stopped(panel)]), new Promise((r) => setTimeout(r, 10_000))]);
    gateway.kill("SIGKILL");
    panel.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
