import cors from "@fastify/cors";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import pino, { type Logger } from "pino";
import type { GatewayConfig } from "./config";
import alertsModule from "./modules/alerts";
import apiKeysModule from "./modules/api-keys";
import authModule from "./modules/auth";
import clusterModule from "./modules/cluster";
import chatsModule from "./modules/chats";
import instancesModule from "./modules/instances";
import logsModule from "./modules/logs";
import mediaModule from "./modules/media";
import messagesModule from "./modules/messages";
import metricsModule from "./modules/metrics";
import { PINO_REDACT } from "./modules/logs/log-redaction";
import profileModule from "./modules/profile";
import proxiesModule from "./modules/proxies";
import sandboxModule from "./modules/sandbox";
import secretsModule from "./modules/secrets";
import statsModule from "./modules/stats";
import systemRoutes from "./modules/system/system-routes";
import templatesModule from "./modules/templates";
import webhooksModule from "./modules/webhooks";
import authPlugin, { type RouteInfo } from "./plugins/auth";
import dbPlugin from "./plugins/db";
import enginePlugin from "./plugins/engine";
import errorsPlugin, { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from "./plugins/errors";
import eventsPlugin from "./plugins/events";
import openapiPlugin from "./plugins/openapi";
import socketPlugin from "./plugins/socket";
import { GATEWAY_VERSION } from "./version";
// How the gateway is put together and why: docs/architecture.md.

export interface Gateway {
  app: FastifyInstance;
  routes: readonly RouteInfo[];
  /** The admin password generated on first start (to print once), or null. */
  initialAdminPassword: string | null;
  /** Starts listening and restores instances; resolves with the bound address (useful when PORT=0). */
  listen(): Promise<{ url: string; port: number }>;
  /** Stops accepting, ends WhatsApp sockets (without logging anyone out), hands deliveries back, closes the database. */
  close(): Promise<void>;
}

export function createLogger(config: Pick<GatewayConfig, "logLevel">): Logger {
  return pino({ level: config.logLevel, base: { service: "gateway" }, redact: PINO_REDACT });
}

export async function buildGateway(config: GatewayConfig, log: Logger = createLogger(config)): Promise<Gateway> {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // A request must arrive whole within REQUEST_TIMEOUT_SECONDS (Node's own default, 300 s; Fastify's is no limit), so
    // a client that sends headers and then trickles or stalls its body cannot hold a connection and its buffers for
    // ever. Node enforces it only while its headers limit (60 s) is not longer, so a shorter limit lowers that too;
    // and it checks every 30 s, so a shorter limit is checked at a quarter of itself.
    requestTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: Math.min(60_000, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(30_000, config.requestTimeoutMs / 4),
    },
    trustProxy: config.trustProxy === "false" ? false : config.trustProxy.split(",").map((s) => s.trim()),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Every status in the one error shape, also those raised before a route runs (plugins/errors.ts).
    frameworkErrors,
    clientErrorHandler,
    return503OnClosing: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const options = { config, log };
  await app.register(errorsPlugin, {
    onUnexpected: (request) => app.logs.write({ level: "error", source: "gateway", message: `Unhandled error in ${request.method} ${request.routeOptions.url ?? "?"}` }),
  });
  // strictPreflight off: an OPTIONS that is not a full preflight gets 204 rather than the plugin's plain-text 400.
  await app.register(cors, { origin: config.corsOrigins, credentials: false, methods: ["GET", "POST", "PATCH", "PUT", "DELETE"], allowedHeaders: ["Authorization", "Content-Type"], maxAge: 600, strictPreflight: false });
  // Bodies are JSON (and multipart where a route takes a file): a text/plain body is a 415, not a string that then
  // fails the route's schema as "expected object, received string".
  app.removeContentTypeParser("text/plain");
  await app.register(dbPlugin, options);
  await app.register(eventsPlugin);
  await app.register(enginePlugin, options);
  await app.register(socketPlugin, options);
  await app.register(authPlugin, { metricsToken: config.metrics.token });
  await app.register(openapiPlugin);
  await app.register(systemRoutes, options);
  await app.register(logsModule, options);
  await app.register(authModule, options);
  await app.register(apiKeysModule);
  await app.register(clusterModule, options);
  // Secrets at rest, then proxies: the media, instances and messages modules take each instance's proxy from it.
  await app.register(secretsModule, options);
  await app.register(proxiesModule, options);
  // Before the modules that may add their own metrics (app.metrics).
  await app.register(metricsModule, options);
  await app.register(mediaModule, options);
  await app.register(instancesModule, options);
  await app.register(messagesModule, options);
  await app.register(chatsModule);
  await app.register(profileModule, options);
  await app.register(webhooksModule, options);
  // Settings templates: apply through the instances', proxies' and webhooks' own paths, so after them.
  await app.register(templatesModule, options);
  await app.register(alertsModule, options);
  await app.register(sandboxModule);
  await app.register(statsModule, options);
  await app.ready();

  let closing: Promise<void> | undefined;
  return {
    app,
    routes: app.routeTable,
    initialAdminPassword: app.initialAdminPassword,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : config.port;
      await app.startInstances(port);
      // Messages and webhook deliveries queued before the restart go out again (messages once their instance is up).
      await app.messages.resume();
      app.logs.write({ level: "info", source: "gateway", message: `Gateway ${GATEWAY_VERSION} started`, context: { version: GATEWAY_VERSION, engine: config.engine } });
      await app.webhooks.start();
      app.alerts.start();
      app.proxies.health.start();
      return { url: `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`, port };
    },
    close: () => (closing ??= app.close()),
  };
}
