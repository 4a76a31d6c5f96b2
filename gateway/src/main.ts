import { buildGateway, createLogger } from "./app";
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
  const gateway = await buildGateway(config, log);
  const { url } = await gateway.listen();
  if (gateway.initialAdminPassword) {
    // Printed once, straight to the console and never to the log: it is not stored anywhere in clear.
    process.stdout.write(
      `\n  First start: created operator "admin" with password  ${gateway.initialAdminPassword}\n` +
        "  Save it now; it will not be shown again. Change it under Settings after signing in.\n\n",
    );
  }
  log.info({ url, engine: config.engine, database: gateway.app.dbLocation }, `gateway listening on ${url}`);
  if (config.engine === "sandbox") log.warn("WA_ENGINE=sandbox: simulated phones only, nothing reaches WhatsApp");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      log.error("shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, 10_000);
    force.unref();
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
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(`Gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
