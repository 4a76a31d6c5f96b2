import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedRequest {
  path: string;
  /** The webhook-id header: the same on every attempt and on replays. */
  id: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /**
   * Every secret in `secrets` that verifies this request with `standardwebhooks` (empty: none does). Checked when
   * read, not when the request arrived: an endpoint for all events can deliver (say, another instance's QR
   * rotation) before the test has copied its secret from the show-once dialog.
   */
  readonly verifiedWith: string[];
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Secrets to verify with; push each one as the panel reveals it. */
  secrets: string[];
  waitFor(predicate: (request: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

function verifiedBy(secrets: readonly string[], body: string, headers: http.IncomingHttpHeaders): string[] {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (typeof value === "string") flat[name] = value;
  return secrets.filter((secret) => {
    try {
      new Webhook(secret).verify(body, flat);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * A webhook receiver on 127.0.0.1 (free port) that verifies every request as an integrator would. It answers
 * 200 with a small JSON body and an `x-receiver` header, except on `/flaky`, which always answers 500.
 */
export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const secrets: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = new URL(req.url ?? "/", "http://receiver").pathname;
      const headers = req.headers;
      received.push({
        path,
        id: String(headers["webhook-id"] ?? ""),
        headers,
        body,
        get verifiedWith() {
          return verifiedBy(secrets, body, headers);
        },
      });
      if (path === "/flaky") {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "down for maintenance" }));
      } else {
        res.writeHead(200, { "content-type": "application/json", "x-receiver": "e2e" }).end(JSON.stringify({ received: true, id: req.headers["webhook-id"] }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    secrets,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const match = received.find(predicate);
        if (match) return match;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the receiver got no matching request within ${timeoutMs / 1000} s (${received.length} received)`);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
