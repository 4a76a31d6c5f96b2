import cors from "@fastify/cors";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import { Server as SocketServer } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "../../contract/socket-events";
import { ApiKeyService, looksLikeApiKey } from "./modules/api-keys/api-key-service";
import { apiKeyRoutes } from "./modules/api-keys/api-key-routes";
import { authRoutes } from "./modules/auth/auth-routes";
import { OperatorService } from "./modules/auth/operator-service";
import type { GatewayConfig } from "./config";
import type { GatewayContext } from "./context";
import { openDatabase } from "./db/database";
import { createEngine } from "./engines/create-engine";
import { SandboxEngine } from "./engines/sandbox/sandbox-engine";
import { sandboxRoutes } from "./modules/sandbox/sandbox-routes";
import { GatewayEvents } from "./events/gateway-events";
import { InstanceManager } from "./modules/instances/instance-manager";
import { instanceRoutes } from "./modules/instances/instance-routes";
import { captureGatewayEvents } from "./modules/logs/log-capture";
import { instanceLoggerFactory } from "./modules/logs/instance-logger";
import { PINO_REDACT } from "./modules/logs/log-redaction";
import { logRoutes } from "./modules/logs/log-routes";
import { handleLogSubscriptions, logRooms } from "./modules/logs/log-socket";
import { LogStore } from "./modules/logs/log-store";
import { WebhookService } from "./modules/webhooks/webhook-service";
import { webhookRoutes } from "./modules/webhooks/webhook-routes";
import { ApiError, codeForStatus, errorBody } from "./http/api-error";
import { registerApiDocs } from "./http/api-docs";
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH, SECURITY_HEADERS } from "./http/framework-errors";
import { buildOpenApi } from "./http/openapi";
import { registerRoutes, type AnyRoute } from "./http/route";
import { systemRoutes } from "./modules/system/system-routes";
import { GATEWAY_VERSION } from "./version";

type SocketData = { sessionId: string };
export type GatewaySocketServer = SocketServer<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Gateway {
  app: FastifyInstance;
  io: GatewaySocketServer;
  ctx: GatewayContext;
  routes: readonly AnyRoute[];
  /** The admin password generated on first start (to print once), or null. */
  initialAdminPassword: string | null;
  /** Starts listening; resolves with the bound address (useful when PORT=0). */
  listen(): Promise<{ url: string; port: number }>;
  /** Stops accepting, ends sockets (without logging anyone out) and closes the database. */
  close(): Promise<void>;
}

export function createLogger(config: Pick<GatewayConfig, "logLevel">): Logger {
  return pino({
    level: config.logLevel,
    base: { service: "gateway" },
    redact: PINO_REDACT,
  });
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,200})$/;
const ALL_INSTANCES_ROOM = "instances:all";

export async function buildGateway(config: GatewayConfig, log: Logger = createLogger(config)): Promise<Gateway> {
  const database = await openDatabase(config.dataDir, log.child({ component: "database" }));
  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy === "false" ? false : config.trustProxy.split(",").map((s) => s.trim()),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Every status the gateway sends uses the one error shape, also those Fastify and Node's parser raise
    // before a route runs (a malformed %-escape, an overlong path segment, a request line over 16 KiB).
    frameworkErrors,
    clientErrorHandler,
    // Fastify's own 503 while closing is not in the error shape: the onRequest hook below answers it instead.
    return503OnClosing: false,
  });

  const io: GatewaySocketServer = new SocketServer({
    cors: { origin: config.corsOrigins, credentials: false },
    serveClient: false,
    allowRequest: (req, callback) => {
      // Credentials never travel in URLs: refuse a handshake that tries.
      const url = new URL(req.url ?? "/", "http://gateway.invalid");
      const leaked = ["token", "ticket", "apikey", "api_key", "key", "access_token"].some((name) => url.searchParams.has(name));
      callback(leaked ? "credentials are not accepted in the query string" : null, !leaked);
    },
  });

  const operators = new OperatorService(database.db, config.auth);
  const apiKeys = new ApiKeyService(database.db);
  const events = new GatewayEvents();
  const engine = createEngine(config, log);
  const logs = new LogStore(database.db, config.logs, log.child({ component: "logs" }));
  captureGatewayEvents(events, logs);
  const instanceLog = log.child({ component: "instances" });
  const instances = new InstanceManager(database.db, engine, events, instanceLog, instanceLoggerFactory(instanceLog, logs, config.logs.baileysLevel));
  const webhooks = new WebhookService({ db: database.db, dialect: database.dialect, config, events, instances: instances.repo, log: log.child({ component: "webhooks" }) });
  let openApiDoc: unknown;
  const routes: AnyRoute[] = [];
  const ctx: GatewayContext = {
    config,
    db: database.db,
    dbDialect: database.dialect,
    log,
    operators,
    apiKeys,
    events,
    instances,
    webhooks,
    logs,
    openApi: () => (openApiDoc ??= buildOpenApi(routes, { version: GATEWAY_VERSION })),
    endSessions: (ids) => {
      for (const id of ids) io.in(`session:${id}`).disconnectSockets(true);
    },
  };
  routes.push(...systemRoutes(ctx), ...authRoutes(ctx), ...instanceRoutes(ctx), ...apiKeyRoutes(ctx));
  routes.push(...webhookRoutes(webhooks));
  routes.push(...logRoutes(ctx));
  if (engine instanceof SandboxEngine) routes.push(...sandboxRoutes(ctx, engine));
  const initialAdminPassword = await operators.ensureAdmin(config.adminPassword);

  let shuttingDown = false;
  app.addHook("onRequest", async (_request, reply) => {
    void reply.headers(SECURITY_HEADERS);
    if (shuttingDown) throw new ApiError("unavailable", "The gateway is shutting down; try again in a moment.", undefined, { connection: "close" });
  });

  await app.register(cors, {
    origin: config.corsOrigins,
    credentials: false,
    methods: ["GET", "POST", "PATCH", "PUT", "DELETE"],
    allowedHeaders: ["Authorization", "Content-Type"],
    maxAge: 600,
  });

  await registerApiDocs(app);
  app.decorateRequest("session", null);
  app.decorateRequest("apiKey", null);
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.headers) void reply.headers(error.headers);
      return reply.code(error.statusCode).send(error.toBody());
    }
    const status = typeof error.statusCode === "number" && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error, url: request.routeOptions.url }, "unhandled error");
      logs.write({ level: "error", source: "gateway", message: `Unhandled error in ${request.method} ${request.routeOptions.url ?? "?"}`, context: { err: error } });
      return reply.code(500).send(errorBody("internal_error", "The gateway hit an unexpected error; it has been logged."));
    }
    // Fastify's own 4xx (malformed JSON, body too large, unsupported media type): keep its message, use our shape.
    return reply.code(status).send(errorBody(codeForStatus(status), error.message));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody("not_found", `No route ${request.method} ${request.url.split("?")[0]}`)),
  );
  app.addHook("onResponse", async (request, reply) => {
    request.log.debug({ method: request.method, url: request.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
  });

  registerRoutes(app, routes, async (route, request) => {
    if (route.auth === "public") return;
    const match = BEARER.exec(request.headers.authorization ?? "");
    if (!match) throw new ApiError("unauthorized", "Sign in, or send a credential as Authorization: Bearer <token>.");
    const token = match[1]!;
    if (looksLikeApiKey(token)) {
      const principal = await apiKeys.authenticate(token);
      if (!principal) throw new ApiError("unauthorized", "The API key is not valid, or it was revoked or has expired.");
      if (route.auth === "session") throw new ApiError("forbidden", "This route needs a signed-in operator, not an API key.");
      if (principal.scope === "instance") {
        const instanceId = (request.params as { id?: unknown } | undefined)?.id;
        if (route.auth !== "instance" || instanceId !== principal.instanceId) {
          throw new ApiError("forbidden", "This instance token may only call its own instance's routes.");
        }
      }
      if (route.permission && !principal.permissions.includes(route.permission)) {
        throw new ApiError(
          "forbidden",
          `This API key lacks the ${route.permission} permission, which ${route.method} ${route.url} needs. An operator can create a key with it.`,
          { missingPermission: route.permission },
        );
      }
      request.apiKey = principal;
      return;
    }
    const session = await operators.authenticate(token);
    if (!session) throw new ApiError("unauthorized", "Your session has ended or the credential is not valid. Sign in again.");
    request.session = session;
  });

  io.use((socket, next) => {
    const ticket: unknown = socket.handshake.auth?.ticket;
    if (typeof ticket !== "string" || ticket.length > 200) {
      next(new Error("a socket ticket is required: POST /api/v1/auth/socket-ticket, then connect with auth: { ticket }"));
      return;
    }
    operators.redeemSocketTicket(ticket).then(
      (sessionId) => {
        if (!sessionId) return next(new Error("socket ticket is invalid, expired or already used"));
        socket.data.sessionId = sessionId;
        void socket.join(`session:${sessionId}`);
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error("socket authentication failed")),
    );
  });
  io.on("connection", (socket) => {
    void socket.join(ALL_INSTANCES_ROOM);
    handleLogSubscriptions(socket);
    socket.emit("gateway.hello", { version: GATEWAY_VERSION, engine: config.engine, at: new Date().toISOString() });
  });
  // Every instance event goes to the all-instances room and to that instance's own room.
  events.onServerEvent((name, payload) => {
    const p = payload as { instanceId?: string; instance?: { id: string } };
    const instanceId = p.instanceId ?? p.instance?.id;
    const rooms = io.to(instanceId ? [ALL_INSTANCES_ROOM, `instance:${instanceId}`] : ALL_INSTANCES_ROOM);
    (rooms as unknown as { emit(event: string, data: unknown): void }).emit(name, payload);
  });

  // The live log goes only to sockets that subscribed (logs.subscribe), per instance or all.
  logs.onEntry((entry) => io.to(logRooms(entry)).emit("log.entry", entry));

  // Sessions also end by timing out: sweep live sockets so an expired session keeps no live feed.
  const sweep = setInterval(() => {
    void (async () => {
      await operators.prune();
      const sockets = await io.fetchSockets();
      const sessionIds = [...new Set(sockets.map((s) => s.data.sessionId))];
      for (const id of sessionIds) if (!(await operators.isSessionActive(id))) ctx.endSessions([id]);
    })().catch((error: unknown) => log.warn({ err: error }, "session sweep failed"));
  }, 30_000);
  sweep.unref();

  let closing: Promise<void> | undefined;
  return {
    app,
    io,
    ctx,
    routes,
    initialAdminPassword,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      io.attach(app.server);
      // socket.io answers its own HTTP requests (polling, handshake): the same headers there.
      io.engine.on("headers", (headers: Record<string, string>) => Object.assign(headers, SECURITY_HEADERS));
      await instances.restoreAll();
      logs.write({ level: "info", source: "gateway", message: `Gateway ${GATEWAY_VERSION} started`, context: { version: GATEWAY_VERSION, engine: config.engine } });
      // Deliveries still queued from before the restart are picked up again.
      await webhooks.start();
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : config.port;
      const host = config.host.includes(":") ? `[${config.host}]` : config.host;
      return { url: `http://${host}:${port}`, port };
    },
    close() {
      closing ??= (async () => {
        shuttingDown = true;
        clearInterval(sweep);
        // End WhatsApp sockets without logging out, so the next start restores them without a QR.
        await instances.shutdown();
        // Store what was emitted, hand in-flight webhook attempts back to the outbox (not failed) before the DB closes.
        await webhooks.stop();
        io.disconnectSockets(true);
        // Close socket.io's engine only: the HTTP server is Fastify's to close, which also ends idle keep-alive
        // connections (io.close() would wait on them, e.g. a client that never read a response body).
        io.engine.close();
        await app.close();
        await logs.close();
        await database.close();
      })();
      return closing;
    },
  };
}
