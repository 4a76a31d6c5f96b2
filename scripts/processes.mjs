// Shared by start.mjs and dev.mjs: run child processes with prefixed output and stop them together.
import { spawn } from "node:child_process";
import fs from "node:fs";

export function loadDotEnv() {
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
}

export function settings() {
  const gatewayPort = process.env.PORT || "8080";
  const gatewayHost = process.env.HOST || "127.0.0.1";
  const panelPort = process.env.PANEL_PORT || "3000";
  const panelHost = process.env.PANEL_HOST || "127.0.0.1";
  const local = (host) => (host === "127.0.0.1" || host === "0.0.0.0" || host === "::" ? "localhost" : host);
  return {
    gatewayPort,
    gatewayHost,
    panelPort,
    panelHost,
    gatewayUrl: process.env.GATEWAY_URL || `http://${gatewayHost === "0.0.0.0" ? "127.0.0.1" : gatewayHost}:${gatewayPort}`,
    publicApiUrl: process.env.NEXT_PUBLIC_API_URL || `http://${local(gatewayHost)}:${gatewayPort}`,
    panelUrl: `http://${local(panelHost)}:${panelPort}`,
  };
}

// Each program runs in a process group of its own (`detached`), and stopping it signals the whole group: what it
// started itself (npx → tsx watch → the gateway; Next's workers) stops with it instead of living on, orphaned, on
// its port. When one program ends, on its own or killed, the launcher stops the others and exits non-zero; Ctrl-C
// and SIGTERM stop them all the same way. Either way the launcher exits only once every group is gone.
const children = new Set();
let stopping = false;
const STOP_GRACE_MS = 12_000;

export function run(name, command, args, env = {}) {
  const child = spawn(command, args, { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  children.add(child);
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) (stream === child.stderr ? process.stderr : process.stdout).write(prefix + line + "\n");
    });
  }
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`${prefix}exited (${signal ?? code}); stopping the rest`);
    void stopAll(code || 1);
  });
  return child;
}

/** Signals a whole process group; false when no process of it is left. */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

const groupsAlive = (groups) => groups.filter((pgid) => signalGroup(pgid, 0));

/** Stops every program and what it started (SIGTERM, then SIGKILL after a grace period), waits, then exits. */
export async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  const groups = [...children].map((child) => child.pid).filter(Boolean);
  for (const pgid of groups) signalGroup(pgid, "SIGTERM");
  const deadline = Date.now() + STOP_GRACE_MS;
  while (groupsAlive(groups).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const stubborn = groupsAlive(groups);
  for (const pgid of stubborn) signalGroup(pgid, "SIGKILL");
  if (stubborn.length) console.error(`${stubborn.length} program(s) did not stop within ${STOP_GRACE_MS / 1000} s and were killed`);
  for (let i = 0; i < 20 && groupsAlive(stubborn).length > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
  process.exit(code);
}

export function stopOnSignals() {
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
}

/** Runs a command to completion with inherited output; exits this process if it fails. */
export function runToEnd(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    child.on("exit", (code) => {
      if (code !== 0) process.exit(code ?? 1);
      resolve();
    });
  });
}
