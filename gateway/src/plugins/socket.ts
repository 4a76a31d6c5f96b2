import type { ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { createAdapter } from "@socket.io/postgres-adapter";
import { Server as SocketServer } from "socket.io";
import type { ErrorBody } from "../../../contract/errors";
import { CLIENT_EVENTS, type ClientToServerEvents, type ServerToClientEvents } from "../../../contract/socket-events";
import type { GatewayConfig } from "../config";
import { GATEWAY_VERSION } from "../version";
import { postgresPool } from "../db/database";
import { SECURITY_HEADERS } from "./errors";

type SocketData = { sessionId: string };
type GatewaySocketServer = SocketServer<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

declare module "fastify" {
  interface FastifyInstance {
    /** socket.io on the gateway's own HTTP server: the panel's live feed (single-use tickets, no credentials in URLs). */
    io: GatewaySocketServer;
    /** Disconnects the live sockets opened under these operator sessions. */
    endSessions(sessionIds: readonly string[]): void;
  }
}

const ALL_INSTANCES_ROOM = "instances:all";
const CREDENTIAL_PARAMS = ["token", "ticket", "apikey", "api_key", "key", "access_token"];

async function socket(app: FastifyInstance, { config }: { config: GatewayConfig }) {
  const io: GatewaySocketServer = new SocketServer(app.server, {
    cors: { origin: config.corsOrigins, credentials: false },
    serveClient: false,
    allowRequest: (req, callback) => {
      // Credentials never travel in URLs: refuse a handshake that tries.
      const url = new URL(req.url ?? "/", "http://gateway.invalid");
      const leaked = CREDENTIAL_PARAMS.some((name) => url.searchParams.has(name));
      callback(leaked ? "credentials are not accepted in the query string" : null, !leaked);
    },
  });
  // Cluster mode: events go to panels connected to any node through PostgreSQL's NOTIFY (socket.io's own adapter),
  // on a channel of this gateway's schema so that other gateways sharing the database never hear them. The adapter
  // publishes each broadcast (pg_notify) before delivering it locally; on a pool of its own with one connection
  // besides its LISTEN one, publishes run one after another, so local and remote sockets get events in the order
  // they were emitted (seq order per instance). On the shared pool, two broadcasts could overtake each other.
  const adapterPool = app.dbPostgres ? postgresPool(app.dbPostgres.url, 2, app.log) : null;
  if (app.dbPostgres && adapterPool) {
    io.adapter(
      createAdapter(adapterPool, {
        channelPrefix: `wam_${app.dbPostgres.schema}`,
        errorHandler: (error) => app.log.warn({ err: error }, "socket.io cluster adapter error"),
      }),
    );
  }
  // socket.io answers its own HTTP requests (polling, handshake, and its refusals): the same headers there, set by an
  // engine middleware before any of them writes its answer, and its refusals in the error shape.
  io.engine.use((_req: unknown, res: ServerResponse, next: () => void) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    inErrorShape(res);
    next();
  });
  app.decorate("io", io);
  app.decorate("endSessions", (ids: readonly string[]) => {
    for (const id of ids) io.in(`session:${id}`).disconnectSockets(true);
  });

  io.use((client, next) => {
    const ticket: unknown = client.handshake.auth?.ticket;
    if (typeof ticket !== "string" || ticket.length > 200) {
      next(new Error("a socket ticket is required: POST /api/v1/auth/socket-ticket, then connect with auth: { ticket }"));
      return;
    }
    app.operators.redeemSocketTicket(ticket).then(
      (sessionId) => {
        if (!sessionId) return next(new Error("socket ticket is invalid, expired or already used"));
        client.data.sessionId = sessionId;
        void client.join(`session:${sessionId}`);
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error("socket authentication failed")),
    );
  });
  io.on("connection", (client) => {
    void client.join(ALL_INSTANCES_ROOM);
    // An event no handler takes is answered, if the client asked for an answer, instead of being dropped in silence.
    client.onAny((event: unknown, ...args: unknown[]) => {
      if ((CLIENT_EVENTS as readonly unknown[]).includes(event)) return;
      const ack = args.at(-1);
      const message = `Unknown event ${JSON.stringify(String(event).slice(0, 100))}: a client may send ${CLIENT_EVENTS.join(" or ")}`;
      if (typeof ack === "function") (ack as (answer: ErrorBody & { ok: false }) => void)({ ok: false, error: { code: "bad_request", message } });
    });
    client.emit("gateway.hello", { version: GATEWAY_VERSION, engine: config.engine, at: new Date().toISOString() });
  });
  // Every instance event goes to the all-instances room and to that instance's own room.
  app.events.onServerEvent((name, payload) => {
    const p = payload as { instanceId?: string; instance?: { id: string } };
    const instanceId = p.instanceId ?? p.instance?.id;
    const rooms = io.to(instanceId ? [ALL_INSTANCES_ROOM, `instance:${instanceId}`] : ALL_INSTANCES_ROOM);
    (rooms as unknown as { emit(event: string, data: unknown): void }).emit(name, payload);
  });

  // Sessions also end by timing out: sweep live sockets so an expired session keeps no live feed.
  const sweep = setInterval(() => {
    void (async () => {
      await app.operators.prune();
      // This node's sockets: every node sweeps its own.
      const sockets = await io.local.fetchSockets();
      const sessionIds = [...new Set(sockets.map((s) => s.data.sessionId))];
      for (const id of sessionIds) if (!(await app.operators.isSessionActive(id))) app.endSessions([id]);
    })().catch((error: unknown) => app.log.warn({ err: error }, "session sweep failed"));
  }, 30_000);
  sweep.unref();

  app.addHook("preClose", async () => {
    clearInterval(sweep);
    // Only this node's clients: in cluster mode a plain disconnectSockets would end every node's.
    io.local.disconnectSockets(true);
    await io.of("/").adapter.close();
    await adapterPool?.end();
    // socket.io's engine only: the HTTP server is Fastify's to close, which also ends idle keep-alive connections.
    io.engine.close();
  });
}

/**
 * engine.io refuses a bad handshake or poll (an unknown transport or session, a missing protocol version, a refusal
 * of allowRequest) itself, with a body of its own: `{ code: <number>, message }`, written in one `end()` after the
 * status (its abortRequest). Such a body is rewritten into the error shape as it is sent; any other answer passes.
 */
function inErrorShape(res: ServerResponse): void {
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (res.statusCode >= 400 && typeof chunk === "string") {
      const refusal = engineRefusal(chunk);
      if (refusal) {
        const body: ErrorBody = { error: { code: res.statusCode === 403 ? "forbidden" : "bad_request", message: `Socket.IO refused the request: ${refusal}` } };
        return end(JSON.stringify(body), ...rest);
      }
    }
    return end(chunk, ...rest);
  }) as ServerResponse["end"];
}

function engineRefusal(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    const { code, message } = (parsed ?? {}) as { code?: unknown; message?: unknown };
    return typeof code === "number" && typeof message === "string" ? message : null;
  } catch {
    return null;
  }
}

export default fp(socket, { name: "socket", dependencies: ["events", "db"] });
