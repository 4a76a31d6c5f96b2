import http from "node:http";
import net from "node:net";
import { createProxy } from "proxy";

// A real HTTP CONNECT proxy (npm `proxy`) on 127.0.0.1 for the browser tests, recording every tunnel it was asked for.
// The gateway's proxy check tunnels to PROXY_CHECK_TARGET (the e2e gateway's own port, global-setup.ts).

export interface LocalProxy {
  url: string;
  tunnels: string[];
  stop(): Promise<void>;
}

export async function startHttpProxy(): Promise<LocalProxy> {
  const server = createProxy(http.createServer());
  const tunnels: string[] = [];
  server.prependListener("connect", (req: http.IncomingMessage) => void tunnels.push(req.url ?? ""));
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (taken, then released): a proxy there is refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
  await new Promise((resolve) => server.close(resolve));
  return port;
}
