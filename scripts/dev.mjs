// `npm run dev`: gateway (tsx watch) + panel (Next's dev server inside scripts/panel-server.mjs), both reloading on change.
import { loadDotEnv, run, settings, stopOnSignals } from "./processes.mjs";

loadDotEnv();
const s = settings();
stopOnSignals();
run("gateway", "npx", ["tsx", "watch", "--clear-screen=false", "gateway/src/main.ts"], { WA_ENGINE: process.env.WA_ENGINE || "sandbox" });
run("panel", process.execPath, ["scripts/panel-server.mjs", "--dev"], { PANEL_PORT: s.panelPort, PANEL_HOST: s.panelHost, GATEWAY_URL: s.gatewayUrl, NEXT_PUBLIC_API_URL: s.publicApiUrl });
console.log(`\n  Gateway  ${s.gatewayUrl}\n  Panel    ${s.panelUrl}\n`);
