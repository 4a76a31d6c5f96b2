import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { parseProxyUrl, proxyUrlText, type ParsedProxyUrl } from "../../../contract/proxy-url";
import { openDatabase, type OpenedDatabase } from "../../src/db/database";
import { createBaileysEngine } from "../../src/engines/baileys/baileys-engine";
import { mediaSource } from "../../src/engines/baileys/media-download";
import type { CloseInfo, ConnectionEvents, EngineConnection, EngineProxy } from "../../src/engines/engine";
import { AuthStateStore } from "../../src/modules/instances/auth-state-store";
import { startHttpProxy, startSocksProxy, type TestProxy } from "../support/proxies";

// The real Baileys engine and a real Baileys socket, through real proxies on 127.0.0.1 (docs/proxies.md). WhatsApp is
// a local WebSocket server (the only thing mocked: this machine cannot reach WhatsApp) at a name that only the proxies
// resolve (`.invalid`, RFC 6761, never resolves anywhere else): a socket that reaches it went through the proxy, and
// the same socket without a proxy cannot even find it.

const log = pino({ level: "silent" });
const browser: [string, string, string] = ["WAM", "Chrome", "1.0"];
const VERSION: [number, number, number] = [2, 3000, 1015901307];
const WA_HOST = "wa.proxy-test.invalid";
const CREDS = { user: "baileys", password: "s3cret:with@signs" };

let dataDir: string;
let database: OpenedDatabase;
let server: WebSocketServer;
let waUrl: string;
const accepted: WebSocket[] = [];
const proxies: Record<"http" | "httpAuth" | "socks" | "socksAuth", TestProxy> = {} as never;
const open: EngineConnection[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-baileys-proxy-"));
  database = await openDatabase({ dataDir });
  server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  server.on("connection", (socket) => accepted.push(socket));
  const { port } = server.address() as { port: number };
  waUrl = `ws://${WA_HOST}:${port}/ws/chat`;
  // The proxies' own resolver: WhatsApp's stand-in, and WhatsApp's media host (to a closed port: no internet here).
  const hosts = { [WA_HOST]: "127.0.0.1", "mmg.whatsapp.net": "127.0.0.1" };
  proxies.http = await startHttpProxy({ hosts });
  proxies.httpAuth = await startHttpProxy({ hosts, credentials: CREDS });
  proxies.socks = await startSocksProxy({ hosts });
  proxies.socksAuth = await startSocksProxy({ hosts, credentials: CREDS });
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.end()));
  for (const socket of accepted.splice(0)) socket.terminate();
});

afterAll(async () => {
  await Promise.all(Object.values(proxies).map((p) => p.stop()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function engineProxy(url: string): EngineProxy {
  const parsed = parseProxyUrl(url);
  if ("error" in parsed) throw new Error(parsed.error);
  return { url: parsed.ok, display: proxyUrlText(parsed.ok, "mask") };
}

async function connect(id: string, proxy?: EngineProxy): Promise<{ closes: CloseInfo[] }> {
  const now = new Date().toISOString();
  await database.db.insertInto("instances").values({ id, name: id, engine: "baileys", status: "INIT", seq: 0, desired_state: "stopped", created_at: now, updated_at: now }).execute();
  const engine = createBaileysEngine({ waWebSocketUrl: waUrl, version: VERSION, connectTimeoutMs: 5000 });
  const closes: CloseInfo[] = [];
  const events: ConnectionEvents = { connecting: () => undefined, qr: () => undefined, open: () => undefined, message: () => undefined, pushName: () => undefined, close: (info) => closes.push(info) };
  open.push(engine.connect({ instanceId: id, browser, auth: new AuthStateStore(database.db, id, engine.authCodec), log, events, ...(proxy ? { proxy } : {}) }));
  return { closes };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const target = () => `${WA_HOST}:${(server.address() as { port: number }).port}`;

describe("the Baileys socket through a proxy", () => {
  it("cannot reach the WhatsApp stand-in directly: its name does not resolve here", async () => {
    const { closes } = await connect("ins_proxydirect01");
    await waitFor(() => closes.length > 0, "the close");
    expect(closes[0]!.reason).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(accepted).toHaveLength(0);
  });

  const cases: Array<[string, keyof typeof proxies, (p: TestProxy) => string]> = [
    ["an HTTP CONNECT proxy", "http", (p) => p.url()],
    ["an HTTP CONNECT proxy with Basic credentials", "httpAuth", (p) => p.url(CREDS)],
    ["a SOCKS5 proxy (socks5h: the proxy resolves the name)", "socks", (p) => p.url()],
    ["a SOCKS5 proxy with username and password", "socksAuth", (p) => p.url(CREDS)],
  ];
  for (const [name, key, url] of cases) {
    it(`connects through ${name}: the proxy opens the tunnel to WhatsApp's host`, async () => {
      const proxy = proxies[key];
      const before = proxy.tunnels.length;
      await connect(`ins_proxy${key.padEnd(10, "x").slice(0, 10)}`, engineProxy(url(proxy)));
      await waitFor(() => accepted.length === 1, "the WebSocket server's connection");
      expect(proxy.tunnels.slice(before)).toEqual([{ target: target(), authorized: true }]);
    });
  }

  it("closes (rather than hangs) when the proxy refuses its credentials, saying so, and never reaches WhatsApp", async () => {
    const http = proxies.httpAuth;
    const before = http.tunnels.length;
    const viaHttp = await connect("ins_proxywrongpw1", engineProxy(http.url({ user: CREDS.user, password: "wrong" })));
    await waitFor(() => viaHttp.closes.length > 0, "the close");
    expect(viaHttp.closes[0]!.reason).toMatch(/did not open a tunnel \(407/);
    expect(http.tunnels.slice(before)).toEqual([{ target: target(), authorized: false }]);

    const viaSocks = await connect("ins_proxywrongpw2", engineProxy(proxies.socksAuth.url({ user: CREDS.user, password: "wrong" })));
    await waitFor(() => viaSocks.closes.length > 0, "the close");
    expect(viaSocks.closes[0]!.reason).toMatch(/^WebSocket Error \(Socks/);
    expect(accepted).toHaveLength(0);
  });
});

describe("Baileys' media downloads through a proxy", () => {
  const source = mediaSource("document", { mediaKey: crypto.randomBytes(32), directPath: "/v/t62.7119-24/enc?ccb=11-4" })!;
  for (const key of ["httpAuth", "socksAuth"] as const) {
    it(`asks the ${key === "httpAuth" ? "HTTP" : "SOCKS5"} proxy for WhatsApp's media host (which is unreachable here)`, async () => {
      const proxy = proxies[key];
      const before = proxy.tunnels.length;
      const engine = createBaileysEngine({ waWebSocketUrl: waUrl, version: VERSION });
      const parsed: ParsedProxyUrl = engineProxy(proxy.url(CREDS)).url;
      await expect(engine.openMedia({ source, content: null }, { proxy: { url: parsed, display: "" } })).rejects.toMatchObject({ kind: "unavailable" });
      expect(proxy.tunnels.slice(before).map((t) => t.target)).toEqual(["mmg.whatsapp.net:443"]);
    });
  }
});
