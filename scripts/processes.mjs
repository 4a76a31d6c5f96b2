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

const children = new Set();
let stopping = false;

export function run(name, command, args, env = {}) {
  const child = spawn(command, args, { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
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
    children.delete(child);
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the rest`);
      stopAll(code || 1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  return child;
}

export function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => {
    for (const child of children) child.kill("SIGKILL");
    process.exit(code);
  }, 12_000).unref();
}

export function stopOnSignals() {
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
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
