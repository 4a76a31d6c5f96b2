import { buildGateway, createLogger, type Gateway } from "./app";
import { ConfigError, loadConfig } from "./config";

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.lines) console.error(line);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config);

  // The signal handlers come first: a stop asked for while the gateway starts is carried out as soon as it has
  // started (a SIGTERM right after start, from an orchestrator or a test, must not find Node's default handler,
  // which ends the process on the spot; docs/architecture.md §6).
  const state: { stopSignal?: string; started?: Gateway } = {};
  const shutDown = (gateway: Gateway) =>
    gateway.close().then(
      () => {
        log.info("gateway stopped");
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, "error while shutting down");
        process.exit(1);
      },
    );
  const stop = (signal: string) => {
    if (state.stopSignal) return;
    state.stopSignal = signal;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      log.error("shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, 10_000);
    force.unref();
    if (state.started) void shutDown(state.started);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  const gateway = await buildGateway(config, log);
  if (gateway.initialAdminPassword) {
    // Printed once, straight to the console and never to the log: it is not stored anywhere in clear. Also when
    // asked to stop while starting: the account exists now, and this is the only time its password is shown.
    process.stdout.write(
      `\n  First start: created operator "admin" with password  ${gateway.initialAdminPassword}\n` +
        "  Save it now; it will not be shown again. Change it under Settings after signing in.\n\n",
    );
  }
  if (!state.stopSignal) {
    const { url } = await gateway.listen();
    log.info({ url, engine: config.engine, database: gateway.app.dbLocation }, `gateway listening on ${url}`);
    if (config.engine === "sandbox") log.warn("WA_ENGINE=sandbox: simulated phones only, nothing reaches WhatsApp");
  }
  // Asked to stop while starting: stop now that it has started.
  state.started = gateway;
  if (state.stopSignal) void shutDown(gateway);
}

main().catch((error: unknown) => {
  console.error(`Gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
