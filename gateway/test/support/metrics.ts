import { spawnSync } from "node:child_process";
import { it } from "vitest";

/** A token METRICS_TOKEN accepts (tests only). */
export const METRICS_TOKEN = "metrics-test-token-0123456789abcdef";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** GET /metrics with a bearer token (METRICS_TOKEN unless given; null: none): status, content type and body. */
export async function scrape(base: string, token: string | null = METRICS_TOKEN, query = "") {
  const response = await fetch(`${base}/metrics${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", body: await response.text() };
}

/** The samples of a Prometheus text exposition (what the gateway writes: no timestamps, no escaped quotes in values). */
export function parseExposition(body: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of body.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name whose labels include these; undefined when there is none. */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** Where a Prometheus binary is on PATH (Debian's `prometheus` package installs both), or null. */
function findBinary(name: "prometheus" | "promtool"): string | null {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : null;
}

/**
 * For tests that need a Prometheus binary: `it` (in CI a missing binary fails the test, since `.ci/run` installs it;
 * elsewhere those tests are skipped, loudly) and `path()`, which throws that failure.
 */
export function prometheusBinary(name: "prometheus" | "promtool") {
  const found = findBinary(name);
  if (!found && !process.env.CI) console.warn(`\n!!! SKIPPING the tests that need ${name}: it is not installed (apt-get install prometheus; CI always has it).\n`);
  return {
    it: found || process.env.CI ? it : it.skip,
    path(): string {
      if (!found) throw new Error(`${name} is not installed: apt-get install prometheus (.ci/run does in CI)`);
      return found;
    },
  };
}

/** `promtool check metrics` on an exposition: its exit status and what it said. */
export function promtoolCheck(promtool: string, body: string): { status: number | null; output: string } {
  const run = spawnSync(promtool, ["check", "metrics"], { input: body, encoding: "utf8" });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
