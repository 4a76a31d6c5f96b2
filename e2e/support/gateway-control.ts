/** Takes the test gateway down and brings it back on the same port and data directory (see global-setup.ts). */
async function control(action: "stop" | "start") {
  const url = process.env.E2E_CONTROL_URL;
  if (!url) throw new Error("E2E_CONTROL_URL is not set: the global setup did not run");
  const response = await fetch(`${url}/gateway/${action}`, { method: "POST" });
  if (!response.ok) throw new Error(`gateway ${action}: ${response.status} ${await response.text()}`);
}

/** Resolves once the gateway process has exited. */
export const stopGateway = () => control("stop");
/** Resolves once the restarted gateway answers /health. */
export const startGateway = () => control("start");
