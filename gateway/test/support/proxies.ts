import http from "node:http";
import net from "node:net";
import { createProxy } from "proxy";
import socks from "simple-socks";

// Real proxies on 127.0.0.1 for the tests (docs/proxies.md): an HTTP CONNECT proxy (npm `proxy`) and a SOCKS5 server
// (npm `simple-socks`), each optionally with credentials, each recording every tunnel it was asked for and able to
// resolve names the gateway's machine cannot (`hosts`), so a test can prove a connection went through it.

export interface TestProxy {
  port: number;
  /** The proxy's URL, with these credentials if given. */
  url(credentials?: { user: string; password: string }, host?: string): string;
  /** Every tunnel asked for, as `host:port`, whether credentials were accepted. */
  tunnels: Array<{ target: string; authorized: boolean }>;
  stop(): Promise<void>;
}

/** Names only the proxy can resolve (the gateway's own resolver never knows `.invalid`, RFC 6761). */
export type ProxyHosts = Record<string, string>;

function trackSockets(server: net.Server): () => void {
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return () => {
    for (const socket of sockets) socket.destroy();
  };
}

const listen = (server: net.Server) =>
  new Promise<number>((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });

/** An HTTP proxy that tunnels with CONNECT (it also answers 407 without the right credentials). */
export async function startHttpProxy(options: { credentials?: { user: string; password: string }; hosts?: ProxyHosts } = {}): Promise<TestProxy> {
  const server = createProxy(http.createServer());
  const tunnels: TestProxy["tunnels"] = [];
  const expected = options.credentials ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString("base64")}` : undefined;
  if (expected) server.authenticate = (req) => req.headers["proxy-authorization"] === expected;
  // Before the proxy's own handler: record the tunnel, and resolve the names it knows (its own DNS).
  server.prependListener("connect", (req: http.IncomingMessage) => {
    const target = req.url ?? "";
    tunnels.push({ target, authorized: !expected || req.headers["proxy-authorization"] === expected });
    const at = target.lastIndexOf(":");
    const mapped = options.hosts?.[target.slice(0, at)];
    if (mapped) req.url = `${mapped}${target.slice(at)}`;
  });
  const destroyAll = trackSockets(server);
  const port = await listen(server);
  return {
    port,
    tunnels,
    url: (credentials, host = "127.0.0.1") => `http://${credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : ""}${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}

/** A SOCKS5 server (username/password authentication when `credentials` is given). */
export async function startSocksProxy(options: { credentials?: { user: string; password: string }; hosts?: ProxyHosts } = {}): Promise<TestProxy> {
  const tunnels: TestProxy["tunnels"] = [];
  const server = socks.createServer({
    ...(options.credentials
      ? {
          authenticate: (user: string, password: string, _socket: net.Socket, callback: (error?: Error) => void) =>
            user === options.credentials!.user && password === options.credentials!.password ? callback() : callback(new Error("wrong credentials")),
        }
      : {}),
    connectionOptions: (destination, _origin, defaults, callback) => {
      tunnels.push({ target: `${destination.address}:${destination.port}`, authorized: true });
      const mapped = options.hosts?.[destination.address];
      callback(null, { ...defaults, ...(mapped ? { host: mapped } : {}) } as net.NetConnectOpts);
    },
  });
  const destroyAll = trackSockets(server);
  const port = await listen(server);
  return {
    port,
    tunnels,
    url: (credentials, host = "127.0.0.1") => `socks5h://${credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : ""}${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts connections and never says a word (a proxy that hangs). */
export async function startSilentServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const server = net.createServer(() => undefined);
  const destroyAll = trackSockets(server);
  const port = await listen(server);
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts and holds connections: the stand-in for WhatsApp's socket host in checks. */
export async function startTcpTarget(): Promise<{ port: number; accepted: () => number; stop(): Promise<void> }> {
  let accepted = 0;
  const server = net.createServer(() => {
    accepted += 1;
  });
  const destroyAll = trackSockets(server);
  const port = await listen(server);
  return {
    port,
    accepted: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}

/** An IP echo service, as PROXY_EXIT_IP_URL: `rotating` answers another address on every request (a rotating proxy). */
export async function startIpEcho(options: { rotating?: boolean } = {}): Promise<{ url: string; requests: () => number; stop(): Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    n += 1;
    res.setHeader("content-type", "text/plain");
    res.end(options.rotating ? `203.0.113.${n}\n` : `${req.socket.remoteAddress?.replace(/^::ffff:/, "")}\n`);
  });
  const destroyAll = trackSockets(server);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/ip`,
    requests: () => n,
    stop: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (taken and given back). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A TCP relay to `targetPort` on 127.0.0.1 that holds every chunk `delayMs` in each direction, in order: a database
 * some way off (the PostgreSQL of a cluster in another zone). `setDelay` changes it for what comes next.
 */
export async function startLatencyProxy(targetPort: number, delayMs = 0): Promise<{ port: number; setDelay(ms: number): void; stop(): Promise<void> }> {
  let delay = delayMs;
  const relay = (from: net.Socket, to: net.Socket) => {
    let lastDue = 0;
    from.on("data", (chunk) => {
      const due = Math.max(Date.now() + delay, lastDue);
      lastDue = due;
      setTimeout(() => to.write(chunk), due - Date.now());
    });
    from.on("end", () => setTimeout(() => to.end(), Math.max(0, lastDue - Date.now())));
    from.on("error", () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    relay(client, upstream);
    relay(upstream, client);
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
  });
  const destroyAll = trackSockets(server);
  const port = await listen(server);
  return {
    port,
    setDelay: (ms) => {
      delay = ms;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}
