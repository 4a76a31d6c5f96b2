import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

// The launcher behind `npm start` and `npm run dev` (scripts/processes.mjs), with stand-in programs: each starts a
// program of its own that writes its pid to a file, as `npx tsx watch` starts tsx and tsx starts the gateway.
const LAUNCHER = path.join(import.meta.dirname, "fixtures/launch-two.mjs");
const started: number[] = [];
let dir = "";

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-launcher-"));
});

afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A program that starts a long-lived program of its own (whose pid it writes to `name`.pid) and waits for it. */
const withGrandchild = (name: string) => `sleep 300 & echo $! > ${dir}/${name}.pid; wait`;

async function launch(a: string, b: string) {
  const launcher = spawn(process.execPath, [LAUNCHER, a, b], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  launcher.stdout.on("data", (chunk) => (output += chunk));
  launcher.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => launcher.once("exit", (code, signal) => resolve({ code, signal })));
  return { launcher, exited, output: () => output };
}

/** The pid a program wrote to `name`.pid. */
async function grandchildPid(name: string) {
  const file = path.join(dir, `${name}.pid`);
  for (let i = 0; i < 100 && !fs.existsSync(file); i += 1) await new Promise((r) => setTimeout(r, 50));
  const pid = Number(fs.readFileSync(file, "utf8"));
  started.push(pid);
  return pid;
}

describe("the launcher (npm start, npm run dev)", () => {
  it("when one program dies, stops the other with everything it started, then exits non-zero", async () => {
    const { exited, output } = await launch(withGrandchild("a"), "sleep 1; exit 3");
    const grandchild = await grandchildPid("a");
    const { code } = await exited;
    expect(code).not.toBe(0);
    expect(output()).toContain("[b] exited (3); stopping the rest");
    expect(alive(grandchild)).toBe(false);
  });

  it("a program killed outright (kill -9) counts as dying too", async () => {
    const { exited } = await launch(withGrandchild("a"), `echo $$ > ${dir}/b.pid; sleep 300`);
    const grandchild = await grandchildPid("a");
    process.kill(await grandchildPid("b"), "SIGKILL");
    const { code } = await exited;
    expect(code).not.toBe(0);
    expect(alive(grandchild)).toBe(false);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`on ${signal} (Ctrl-C, or a service manager stopping it) stops both programs and all they started`, async () => {
      const { launcher, exited } = await launch(withGrandchild("a"), withGrandchild("b"));
      const [a, b] = [await grandchildPid("a"), await grandchildPid("b")];
      launcher.kill(signal);
      await exited;
      expect(alive(a)).toBe(false);
      expect(alive(b)).toBe(false);
    });
  }
});
