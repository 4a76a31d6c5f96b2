import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

interface ReceivedDelivery {
  id: string;
  timestamp: number;
  signature: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** Which of the receiver's secrets verified it (standardwebhooks' Webhook.verify), or null. */
  verifiedWith: string | null;
}

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer this much later (the request stays open meanwhile). */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: ReceivedDelivery[];
  /** Every request, verified or not. */
  hits: number;
  /** Secrets to verify with (set after the webhook is created). */
  secrets: string[];
  respond: (req: http.IncomingMessage, delivery: ReceivedDelivery) => Reply;
  ids(): Set<string>;
  close(): Promise<void>;
}

/** Verifies with the npm `standardwebhooks` library, as an integrator would. */
export function verifyWith(secret: string, body: string, headers: Record<string, string | string[] | undefined>): boolean {
  try {
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) if (typeof v === "string") flat[k] = v;
    new Webhook(secret).verify(body, flat);
    return true;
  } catch {
    return false;
  }
}

/** A webhook receiver on 127.0.0.1 (or ::1), optionally on a fixed port (e.g. to come back after being down). */
export async function startReceiver(options: { port?: number; host?: "127.0.0.1" | "::1"; respond?: Receiver["respond"] } = {}): Promise<Receiver> {
  const timers = new Set<NodeJS.Timeout>();
  const receiver: Receiver = {
    url: "",
    port: 0,
    received: [],
    hits: 0,
    secrets: [],
    respond: options.respond ?? (() => ({ status: 204 })),
    ids: () => new Set(receiver.received.map((r) => r.id)),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    receiver.hits += 1;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const delivery: ReceivedDelivery = {
        id: String(req.headers["webhook-id"] ?? ""),
        timestamp: Number(req.headers["webhook-timestamp"] ?? 0),
        signature: String(req.headers["webhook-signature"] ?? ""),
        headers: req.headers,
        body,
        receivedAt: Date.now(),
        verifiedWith: receiver.secrets.find((s) => verifyWith(s, body, req.headers)) ?? null,
      };
      receiver.received.push(delivery);
      const reply = receiver.respond(req, delivery);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 204, reply.headers);
        res.end(reply.body ?? "");
      };
      if (reply.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, reply.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = options.host === "::1" ? `http://[::1]:${receiver.port}` : `http://127.0.0.1:${receiver.port}`;
  return receiver;
}

/** A port on 127.0.0.1 that nothing listens on (yet). */
export async function unusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
