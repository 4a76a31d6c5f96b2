import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { io as connectSocket, type Socket } from "socket.io-client";
import { buildGateway, type Gateway } from "../../src/app";
import { loadConfig } from "../../src/config";

export const TEST_ADMIN_PASSWORD = "correct horse battery staple";

export interface RunningGateway {
  gateway: Gateway;
  url: string;
  dataDir: string;
  /** Every log line the gateway wrote (only with `captureLogs`). */
  logs: string[];
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** A real gateway on 127.0.0.1 with a random port and a temporary SQLite file. */
export async function startGateway(env: Record<string, string> = {}, reuse?: { dataDir: string; captureLogs?: boolean }): Promise<RunningGateway> {
  const dataDir = reuse?.dataDir || fs.mkdtempSync(path.join(os.tmpdir(), "wam-gw-"));
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    WA_ENGINE: "sandbox",
    LOG_LEVEL: "silent",
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...env,
  });
  const logs: string[] = [];
  const log = reuse?.captureLogs
    ? pino({ level: "debug" }, { write: (line: string) => void logs.push(line) })
    : undefined;
  const gateway = await buildGateway(log ? { ...config, logLevel: "debug" } : config, log);
  const { url } = await gateway.listen();
  return {
    gateway,
    url,
    dataDir,
    logs,
    async stop(options?: { keepData?: boolean }) {
      await gateway.close();
      if (!options?.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function api(base: string, method: string, url: string, init: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(base + url, {
    method,
    headers: {
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, body: json as any };
}

export async function login(base: string, username = "admin", password = TEST_ADMIN_PASSWORD): Promise<string> {
  const res = await api(base, "POST", "/api/v1/auth/login", { body: { username, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export type TestSocket = Socket & { received: Array<{ event: string; payload: unknown }> };

/** Waits until the socket has received `event` (recorded from the moment it was created). */
export async function nextEvent(socket: TestSocket, event: string, timeoutMs = 5000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = socket.received.find((r) => r.event === event);
    if (found) return found.payload;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no "${event}" event within ${timeoutMs} ms`);
}

/** Connects a socket.io client that records every event; resolves with it or rejects with the connect_error. */
export function connect(base: string, auth: Record<string, unknown>, query?: Record<string, string>): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const socket = connectSocket(base, { auth, query, transports: ["websocket"], reconnection: false, forceNew: true }) as TestSocket;
    socket.received = [];
    socket.onAny((event: string, payload: unknown) => socket.received.push({ event, payload }));
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Polls until `predicate` holds for the value `read` returns; fails with the last value seen. */
export async function waitUntil<T>(read: () => Promise<T>, predicate: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** Sandbox timings short enough for tests (Baileys' real cadence is 60 s, then 20 s). */
export const FAST_SANDBOX = { SANDBOX_QR_FIRST_MS: "600", SANDBOX_QR_NEXT_MS: "300", SANDBOX_QR_ATTEMPTS: "4" };
