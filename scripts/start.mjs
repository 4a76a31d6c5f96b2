// `npm start`: production build, then gateway + panel. `--only gateway|panel` runs one of them.
// `--no-build` skips the build (for deployments that built already).
import { loadDotEnv, run, runToEnd, settings, stopOnSignals } from "./processes.mjs";

loadDotEnv();
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
if (only && only !== "gateway" && only !== "panel") {
  console.error(`--only must be "gateway" or "panel", not "${only}"`);
  process.exit(2);
}
const wantGateway = only !== "panel";
const wantPanel = only !== "gateway";
const s = settings();

if (!args.includes("--no-build")) {
  if (wantGateway) await runToEnd("node", ["scripts/build-gateway.mjs"]);
  if (wantPanel) {
    await runToEnd("npx", ["next", "build"]);
    await runToEnd("node", ["scripts/compress-static.mjs"]);
  }
}

stopOnSignals();
if (wantGateway) run("gateway", process.execPath, ["--enable-source-maps", "gateway/dist/main.js"]);
if (wantPanel) {
  run("panel", process.execPath, ["scripts/panel-server.mjs"], {
    PANEL_PORT: s.panelPort,
    PANEL_HOST: s.panelHost,
    GATEWAY_URL: s.gatewayUrl,
    NEXT_PUBLIC_API_URL: s.publicApiUrl,
  });
}

console.log("");
if (wantGateway) console.log(`  Gateway  ${s.gatewayUrl}   (health: ${s.gatewayUrl}/health)`);
if (wantPanel) console.log(`  Panel    ${s.panelUrl}`);
console.log("  Press Ctrl-C to stop.\n");
