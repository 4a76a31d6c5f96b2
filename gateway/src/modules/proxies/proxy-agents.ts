import dns from "node:dns";
import type { Agent, ClientRequest } from "node:http";
import { isIP, type LookupFunction, type Socket } from "node:net";
import { socksDispatcher } from "fetch-socks";
import { HttpsProxyAgent } from "https-proxy-agent";
import { SocksProxyAgent } from "socks-proxy-agent";
import { ProxyAgent, type Dispatcher } from "undici";
import { proxyUrlText, type ParsedProxyUrl } from "../../../../contract/proxy-url";
import { isMetadataAddress } from "../webhooks/outbound-http";

// The two kinds of client a proxy has to be handed to (docs/proxies.md, "What goes through the proxy"): a node:http
// Agent (ws, so Baileys' WhatsApp socket; node:https, so Baileys' media uploads and the gateway's own media fetches)
// and an undici dispatcher (fetch, so Baileys' media downloads). HTTP(S) proxies are always asked to CONNECT, also
// for plain http:// and ws:// targets, so a proxy that allows nothing but tunnels still works.

/** `Basic …` for the proxy's user name and password (RFC 7617), or undefined without credentials. */
export function basicAuth(proxy: ParsedProxyUrl): string | undefined {
  if (proxy.username === undefined) return undefined;
  return `Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ""}`, "utf8").toString("base64")}`;
}

const isSocks = (proxy: ParsedProxyUrl) => proxy.protocol === "socks5" || proxy.protocol === "socks5h";

/** The proxy's own address without credentials (credentials travel in headers or the SOCKS handshake). */
const address = (proxy: ParsedProxyUrl) => proxyUrlText({ protocol: proxy.protocol, host: proxy.host, port: proxy.port }, "include");

/**
 * Resolves the proxy's own host name, refusing it when it resolves to a cloud metadata address: the proxy may be any
 * address the operator chooses, private ones included, but never that.
 */
const proxyHostLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const metadata = addresses.find((a) => isMetadataAddress(a.address));
    if (metadata) return callback(Object.assign(new Error(`the proxy's host resolves to ${metadata.address}, a cloud metadata address`), { code: "EPROXYBLOCKED" }), "", 0);
    if (options.all) return (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), "", 0);
    callback(null, first.address, first.family);
  });
};

/**
 * HttpsProxyAgent hands a request whose CONNECT the proxy refused (407, 403, 502…) a fake socket that replays the
 * proxy's answer as the server's. A WebSocket then sees an "unexpected response" that Baileys does not listen for and
 * waits forever; a download would take the proxy's 407 for the URL's. Here the refusal is an error, which ends either.
 */
class TunnelOnlyAgent extends HttpsProxyAgent<string> {
  override async connect(req: ClientRequest, opts: Parameters<HttpsProxyAgent<string>["connect"]>[1]): Promise<Socket> {
    let refused: { statusCode: number; statusText: string } | undefined;
    const onAnswer = (answer: { statusCode: number; statusText: string }, request: ClientRequest) => {
      if (request === req && answer.statusCode !== 200) refused = answer;
    };
    this.on("proxyConnect", onAnswer);
    try {
      const socket = await super.connect(req, opts);
      if (!refused) return socket;
      socket.destroy();
      throw new Error(`the proxy did not open a tunnel (${refused.statusCode} ${refused.statusText})`.replace(" )", ")"));
    } finally {
      this.off("proxyConnect", onAnswer);
    }
  }
}

/**
 * A node:http(s) Agent whose every connection is a tunnel through the proxy: HTTP CONNECT (TLS to the proxy first for
 * https://; its host name never resolving to a metadata address) or SOCKS5 (socks5://: target names resolved here;
 * socks5h://: by the proxy).
 */
export function proxyAgent(proxy: ParsedProxyUrl): Agent {
  if (isSocks(proxy)) return new SocksProxyAgent(proxyUrlText(proxy, "include"));
  const auth = basicAuth(proxy);
  return new TunnelOnlyAgent(address(proxy), { ...(auth ? { headers: { "Proxy-Authorization": auth } } : {}), lookup: proxyHostLookup });
}

/** An undici dispatcher for fetch() through the proxy; close it when done (it keeps a connection pool). */
export function proxyDispatcher(proxy: ParsedProxyUrl): Dispatcher {
  if (isSocks(proxy)) {
    return socksDispatcher({ type: 5, host: proxy.host, port: proxy.port, ...(proxy.username !== undefined ? { userId: proxy.username, password: proxy.password ?? "" } : {}) });
  }
  const auth = basicAuth(proxy);
  return new ProxyAgent({ uri: address(proxy), ...(auth ? { token: auth } : {}) });
}

/**
 * Why the gateway may not connect to this proxy (its host resolves to a cloud metadata address), or null. The HTTP
 * agent checks this on every connection itself; a SOCKS agent resolves the proxy's name on its own, so callers that
 * open one for a user-given URL ask first (a name that changes its answer in between is the operator's own name).
 */
export async function proxyHostRefusal(proxy: ParsedProxyUrl): Promise<string | null> {
  let addresses: string[];
  try {
    addresses = isIP(proxy.host) ? [proxy.host] : (await dns.promises.lookup(proxy.host, { all: true })).map((a) => a.address);
  } catch {
    return null; // the connection reports a name that does not resolve
  }
  const metadata = addresses.find(isMetadataAddress);
  return metadata ? `the instance's proxy resolves to ${metadata}, a cloud metadata address` : null;
}
