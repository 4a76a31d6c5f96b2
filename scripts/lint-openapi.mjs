// Lints the gateway's OpenAPI document as integrators' tools see it: builds a gateway in this process (sandbox
// engine, so the sandbox routes are in it too; temporary data folder; no port opened), asks it for GET /openapi.json,
// writes that to a temp file and runs Redocly (recommended ruleset, redocly.yaml) and Spectral (spectral:oas,
// .spectral.yaml) on it. Fails when either reports an error. `--keep` leaves the file and prints its path.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { register } from "tsx/esm/api";

const root = path.resolve(import.meta.dirname, "..");
const keep = process.argv.includes("--keep");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-openapi-"));
const file = path.join(dir, "openapi.json");

// One loader for both imports: separate tsImport() namespaces would load the contract twice, and zod's registry
// would then name the schemas of one copy while the routes use the other.
register();
const { buildGateway } = await import("../gateway/src/app.ts");
const { loadConfig } = await import("../gateway/src/config.ts");
const config = loadConfig({ DATA_DIR: path.join(dir, "data"), WA_ENGINE: "sandbox", LOG_LEVEL: "silent", ADMIN_PASSWORD: "openapi-lint-only-password" });
const gateway = await buildGateway(config);
try {
  const res = await gateway.app.inject({ method: "GET", url: "/openapi.json" });
  if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}: ${res.body}`);
  fs.writeFileSync(file, `${JSON.stringify(res.json(), null, 2)}\n`);
} finally {
  await gateway.close();
}

const bin = (name) => path.join(root, "node_modules/.bin", name);
const run = (title, cmd, args) => {
  console.log(`\n$ ${title}`);
  // No telemetry and no update check: the linters talk to nothing (the gateway above opened no port either).
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" };
  return spawnSync(cmd, args, { cwd: root, stdio: "inherit", env }).status;
};
const redocly = run("redocly lint", bin("redocly"), ["lint", file, "--config", path.join(root, "redocly.yaml")]);
const spectral = run("spectral lint", bin("spectral"), ["lint", file, "--ruleset", path.join(root, ".spectral.yaml"), "--fail-severity", "error"]);

if (keep) console.log(`\nDocument kept at ${file}`);
else fs.rmSync(dir, { recursive: true, force: true });
if (redocly !== 0 || spectral !== 0) {
  console.error(`\nOpenAPI lint failed (redocly exit ${redocly}, spectral exit ${spectral})`);
  process.exit(1);
}
console.log("\nOpenAPI document: no errors in Redocly or Spectral");
