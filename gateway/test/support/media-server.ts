import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface MediaFile {
  body: Buffer;
  type?: string;
  status?: number;
  headers?: Record<string, string>;
}

export interface MediaServer {
  url: string;
  /** How often each path was requested. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Deterministic bytes of a given size (a PNG-like header, then a counter pattern), and their SHA-256. */
export function bytes(size: number, seed = 1): { body: Buffer; sha256: string } {
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) body[i] = (i * 31 + seed * 7) & 0xff;
  return { body, sha256: createHash("sha256").update(body).digest("hex") };
}

/** A file server on 127.0.0.1 for media URLs: each path answers with its body, content type and status. */
export async function startMediaServer(files: Record<string, MediaFile>): Promise<MediaServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const file = files[path];
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(file.status ?? 200, { ...(file.type ? { "content-type": file.type } : {}), "content-length": String(file.body.length), ...file.headers });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
