import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirLockedError } from "../../src/db/database";
import { api, login, startGateway, TEST_ADMIN_PASSWORD } from "../support/gateway";

// DATA_DIR holds webhook secrets, custom header values, API key hashes and WhatsApp auth state: the folder is
// the gateway user's alone (0700, files 0600), and only one gateway at a time may use it.

const ROOT = path.resolve(import.meta.dirname, "../../..");
const MAIN = path.join(ROOT, "gateway/src/main.ts");
const tempDirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempParent(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-storage-"));
  tempDirs.push(dir);
  return dir;
}

const modeOf = (target: string) => fs.statSync(target).mode & 0o777;

/** Every entry of the folder with its mode, e.g. { "gateway.sqlite": 0o600 }. */
function modes(dataDir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dataDir).map((name) => [name, modeOf(path.join(dataDir, name)).toString(8)]));
}

describe.skipIf(process.platform === "win32")("file permissions", () => {
  it("a new DATA_DIR is created 0700 and every file in it 0600, SQLite's -wal and -shm included", async () => {
    const dataDir = path.join(tempParent(), "nested", "data");
    const gw = await startGateway({}, { dataDir });
    try {
      const token = await login(gw.url);
      await api(gw.url, "POST", "/api/v1/webhooks", { token, body: { url: "https://example.com/hook", events: ["message.received"] } });
      const files = modes(dataDir);
      expect(Object.keys(files)).toEqual(expect.arrayContaining(["gateway.sqlite", "gateway.sqlite-wal", "gateway.sqlite-shm", "gateway.lock", "gateway.pid"]));
      expect(modeOf(dataDir).toString(8)).toBe("700");
      for (const [name, mode] of Object.entries(files)) expect(mode, name).toBe("600");
    } finally {
      await gw.stop();
    }
  });

  it("an existing world-readable folder and files are narrowed at start, with a log line", async () => {
    const dataDir = path.join(tempParent(), "data");
    const first = await startGateway({}, { dataDir });
    await first.stop({ keepData: true });
    // As an older version (or a careless copy) left them.
    fs.chmodSync(dataDir, 0o755);
    for (const name of fs.readdirSync(dataDir)) fs.chmodSync(path.join(dataDir, name), 0o644);
    fs.writeFileSync(path.join(dataDir, "gateway.sqlite-wal"), "", { flag: "a", mode: 0o644 });
    fs.chmodSync(path.join(dataDir, "gateway.sqlite-wal"), 0o644);

    const again = await startGateway({}, { dataDir, captureLogs: true });
    try {
      expect(modeOf(dataDir).toString(8)).toBe("700");
      for (const [name, mode] of Object.entries(modes(dataDir))) expect(mode, name).toBe("600");
      const lines = again.logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => /Narrowed permissions/.test(l.msg));
      expect(lines).toHaveLength(1);
      expect(lines[0]!.level).toBe(40);
      expect(lines[0]!.msg).toContain(dataDir);
      expect(lines[0]!.msg).toMatch(/the folder 0755 → 0700/);
      expect(lines[0]!.msg).toMatch(/gateway\.sqlite 0644 → 0600/);
      expect(lines[0]!.msg).toMatch(/gateway\.sqlite-wal 0644 → 0600/);
    } finally {
      await again.stop();
    }
  });
});

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with how the process ended: its exit code, or the signal. */
  exited: Promise<number | string>;
}

function spawnGateway(dataDir: string): Spawned {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, WA_ENGINE: "sandbox", ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "?")));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits until the gateway says it is listening; fails if it exits first. */
async function listening(gateway: Spawned, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (/gateway listening on http:\/\/127\.0\.0\.1:\d+/.test(gateway.stdout())) return;
    if (gateway.child.exitCode !== null) throw new Error(`gateway exited ${gateway.child.exitCode}: ${gateway.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gateway did not start within ${timeoutMs} ms: ${gateway.stdout()} ${gateway.stderr()}`);
}

/** How the process ended, or "still running" after timeoutMs (then it is killed). */
async function outcome(gateway: Spawned, timeoutMs: number): Promise<number | string> {
  const result = await Promise.race([gateway.exited, new Promise<string>((r) => setTimeout(() => r("still running"), timeoutMs))]);
  if (result === "still running") gateway.child.kill("SIGKILL");
  return result;
}

describe("one gateway per DATA_DIR", () => {
  it("a second gateway process exits at once with one line naming the folder and the PID; after a SIGKILL the next one starts", { timeout: 120_000 }, async () => {
    const dataDir = path.join(tempParent(), "data");
    const first = spawnGateway(dataDir);
    await listening(first);

    const second = spawnGateway(dataDir);
    const started = Date.now();
    const ended = await outcome(second, 30_000);
    // Exits on its own, with an error status, as soon as it has loaded (well before the first's start-up time again).
    expect(ended).not.toBe("still running");
    expect(ended).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    const lines = second.stderr().trim().split("\n");
    expect(lines, second.stderr()).toHaveLength(1);
    expect(lines[0]).toContain(dataDir);
    expect(lines[0]).toContain(`PID ${first.child.pid}`);
    expect(second.stdout()).not.toMatch(/listening/);

    // The lock is the kernel's: a gateway killed outright leaves nothing that blocks the next start.
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const third = spawnGateway(dataDir);
    await listening(third);
    third.child.kill("SIGTERM");
    expect(await outcome(third, 15_000)).toBe(0);
  });

  it("a SIGTERM while the gateway starts stops it cleanly once it has started (exit 0, not killed by the signal)", { timeout: 60_000 }, async () => {
    const dataDir = path.join(tempParent(), "data");
    const gateway = spawnGateway(dataDir);
    // Its first log line on a new folder (the generated credentials key) comes while it is still being built.
    const deadline = Date.now() + 30_000;
    while (!/Generated the key/.test(gateway.stdout()) && gateway.child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(gateway.stdout()).not.toMatch(/gateway listening/);
    gateway.child.kill("SIGTERM");
    expect(await outcome(gateway, 15_000)).toBe(0);
    expect(gateway.stdout()).toMatch(/"signal":"SIGTERM".*shutting down/);
    expect(gateway.stdout()).toMatch(/gateway stopped/);
  });

  it("in one process too: a second start on the same folder fails with DataDirLockedError, and succeeds after the first stops", async () => {
    const dataDir = path.join(tempParent(), "data");
    const first = await startGateway({}, { dataDir });
    const error = await startGateway({}, { dataDir }).then(
      async (second) => {
        await second.stop({ keepData: true });
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(dataDir);
    expect((error as Error).message).toContain(`PID ${process.pid}`);
    // The refused start changed nothing the first one uses.
    const token = await login(first.url);
    expect((await api(first.url, "GET", "/api/v1/instances", { token })).status).toBe(200);
    await first.stop({ keepData: true });

    const next = await startGateway({}, { dataDir });
    expect((await api(next.url, "GET", "/health")).status).toBe(200);
    await next.stop();
  });
});
