import dns from "node:dns";
import net from "node:net";
import tls from "node:tls";
import ipaddr from "ipaddr.js";
import type { ProxyErrorCode } from "../../../../contract/proxies";
import type { ParsedProxyUrl } from "../../../../contract/proxy-url";
import { isMetadataAddress } from "../webhooks/outbound-http";
import { basicAuth } from "./proxy-agents";
import { SocketEndedError, SocketReader } from "./socket-reader";

/** Where a check connects through the proxy: WhatsApp's socket host by default (PROXY_CHECK_TARGET in tests). */
export interface ProbeTarget {
  host: string;
  port: number;
}

/** Why a tunnel could not be opened: the code (contract ProxyErrorCode) and words an operator can act on. */
export class ProbeError extends Error {
  constructor(
    readonly code: ProxyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ProbeError";
  }
}

const MAX_RESPONSE_HEAD = 16 * 1024;

/** SOCKS5 reply codes (RFC 1928 §6) as words. */
const SOCKS_REPLIES: Record<number, string> = {
  1: "a general failure",
  2: "a connection its rules do not allow",
  3: "the network is unreachable",
  4: "the host is unreachable",
  5: "the connection was refused",
  6: "the connection timed out (TTL expired)",
  7: "it does not support CONNECT",
  8: "it does not support this address type",
};

function describeNetworkError(error: NodeJS.ErrnoException, proxy: ParsedProxyUrl): ProbeError {
  const at = `${proxy.host}:${proxy.port}`;
  switch (error.code) {
    case "ECONNREFUSED":
      return new ProbeError("refused", `Nothing accepts connections at ${at} (connection refused)`);
    case "ETIMEDOUT":
      return new ProbeError("timeout", `Connecting to ${at} timed out`);
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new ProbeError("network", `${at} is unreachable from the gateway`);
    case "ECONNRESET":
    case "EPIPE":
      return new ProbeError("network", `The proxy at ${at} reset the connection`);
    default:
      if (error.code?.startsWith("ERR_SSL") || error.code?.includes("CERT") || /SSL|TLS/i.test(error.message)) {
        return new ProbeError("protocol", `TLS with the proxy failed (${error.code ?? error.message}): is it an https:// proxy?`);
      }
      return new ProbeError("network", `The connection to ${at} failed: ${error.message}`);
  }
}

/** The addresses a name resolves to here (an IP literal as itself); a name that does not resolve is a `dns` error. */
async function resolveHere(host: string, what: string): Promise<string[]> {
  if (net.isIP(host)) return [host];
  try {
    return (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProbeError("dns", `${what} ${host} does not resolve${code === "EAI_AGAIN" ? " (temporary DNS failure)" : ""}`);
  }
}

/** Connects to the proxy itself (TLS for https://), never to a cloud metadata address; `opened` gets the socket at once. */
async function connectToProxy(proxy: ParsedProxyUrl, opened: (socket: net.Socket) => void): Promise<net.Socket> {
  const addresses = await resolveHere(proxy.host, "The proxy's host");
  const metadata = addresses.find(isMetadataAddress);
  if (metadata) throw new ProbeError("blocked", `The proxy's host resolves to ${metadata}, a cloud metadata address the gateway never connects to`);
  const address = addresses[0]!;
  return new Promise((resolve, reject) => {
    const socket =
      proxy.protocol === "https"
        ? tls.connect({ host: address, port: proxy.port, ...(net.isIP(proxy.host) ? {} : { servername: proxy.host }), ALPNProtocols: ["http/1.1"] })
        : net.connect({ host: address, port: proxy.port });
    opened(socket);
    const onError = (error: NodeJS.ErrnoException) => reject(describeNetworkError(error, proxy));
    socket.once("error", onError);
    socket.once(proxy.protocol === "https" ? "secureConnect" : "connect", () => {
      socket.off("error", onError);
      resolve(socket);
    });
    // Whoever times the probe out destroys the socket through this.
    socket.once("close", () => reject(new ProbeError("network", "The connection to the proxy closed")));
  });
}

async function httpConnect(socket: net.Socket, proxy: ParsedProxyUrl, target: ProbeTarget): Promise<void> {
  const reader = new SocketReader(socket);
  const authority = `${net.isIPv6(target.host) ? `[${target.host}]` : target.host}:${target.port}`;
  const auth = basicAuth(proxy);
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ""}\r\n`);
  let head: string;
  try {
    head = (await reader.readUntil("\r\n\r\n", MAX_RESPONSE_HEAD)).toString("latin1");
  } catch (error) {
    if (error instanceof SocketEndedError && error.cause) throw describeNetworkError(error.cause, proxy);
    throw new ProbeError("protocol", reader.received === 0 ? "The proxy closed the connection without answering the HTTP CONNECT (is it a SOCKS proxy?)" : "The proxy did not answer like an HTTP proxy");
  }
  const status = /^HTTP\/1\.[01] (\d{3})([^\r\n]*)/.exec(head);
  if (!status) throw new ProbeError("protocol", "The proxy did not answer like an HTTP proxy (is it a SOCKS proxy?)");
  const code = Number(status[1]);
  const words = `${code}${status[2]}`.trim();
  if (code >= 200 && code < 300) return;
  if (code === 407) throw new ProbeError("auth", auth ? `The proxy refused the credentials (${words})` : `The proxy wants credentials (${words})`);
  if (code === 401) throw new ProbeError("auth", `The proxy refused the request (${words})`);
  throw new ProbeError("target", `The proxy did not open a tunnel to ${authority} (${words})`);
}

async function socksConnect(socket: net.Socket, proxy: ParsedProxyUrl, target: ProbeTarget): Promise<void> {
  const reader = new SocketReader(socket);
  const step = async <T>(what: string, work: () => Promise<T>, code: ProxyErrorCode = "protocol"): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ProbeError) throw error;
      if (error instanceof SocketEndedError && error.cause) throw describeNetworkError(error.cause, proxy);
      throw new ProbeError(code, `The SOCKS proxy closed the connection ${what}`);
    }
  };
  const hasCredentials = proxy.username !== undefined;
  socket.write(Buffer.from(hasCredentials ? [5, 2, 0, 2] : [5, 1, 0]));
  const [version, method] = await step("instead of answering the SOCKS5 greeting (is it an HTTP proxy?)", () => reader.read(2));
  if (version !== 5) throw new ProbeError("protocol", "The proxy did not answer like a SOCKS5 proxy (is it an HTTP proxy?)");
  if (method === 0xff) throw new ProbeError("auth", hasCredentials ? "The SOCKS proxy accepts none of the offered authentication methods" : "The SOCKS proxy wants credentials");
  if (method === 2) {
    if (!hasCredentials) throw new ProbeError("auth", "The SOCKS proxy wants credentials");
    const user = Buffer.from(proxy.username ?? "", "utf8");
    const password = Buffer.from(proxy.password ?? "", "utf8");
    socket.write(Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([password.length]), password]));
    const [, status] = await step("during authentication (credentials refused?)", () => reader.read(2), "auth");
    if (status !== 0) throw new ProbeError("auth", "The SOCKS proxy refused the credentials");
  } else if (method !== 0) {
    throw new ProbeError("auth", `The SOCKS proxy wants an authentication method the gateway does not speak (${method})`);
  }
  socket.write(socksRequest(await socksDestination(proxy, target), target.port));
  const reply = await step("instead of answering CONNECT", () => reader.read(4));
  if (reply[1] !== 0) throw new ProbeError(reply[1] === 7 ? "protocol" : "target", `The SOCKS proxy could not connect to ${target.host}:${target.port}: ${SOCKS_REPLIES[reply[1]!] ?? `reply ${reply[1]}`}`);
  const addressLength = reply[3] === 1 ? 4 : reply[3] === 4 ? 16 : reply[3] === 3 ? (await step("mid-reply", () => reader.read(1)))[0]! : -1;
  if (addressLength < 0) throw new ProbeError("protocol", "The SOCKS proxy's reply is malformed");
  await step("mid-reply", () => reader.read(addressLength + 2));
}

type SocksDestination = { type: 1 | 4; bytes: Buffer } | { type: 3; bytes: Buffer };

/** socks5h:// hands the proxy the name; socks5:// resolves it here first (as the agents do). */
async function socksDestination(proxy: ParsedProxyUrl, target: ProbeTarget): Promise<SocksDestination> {
  let host = target.host;
  if (!net.isIP(host) && proxy.protocol === "socks5") {
    try {
      host = (await dns.promises.lookup(host)).address;
    } catch {
      throw new ProbeError("dns", `${target.host} does not resolve here (socks5:// resolves names on the gateway; socks5h:// lets the proxy resolve them)`);
    }
  }
  if (net.isIPv4(host)) return { type: 1, bytes: Buffer.from(host.split(".").map(Number)) };
  if (net.isIPv6(host)) return { type: 4, bytes: Buffer.from(ipaddr.parse(host).toByteArray()) };
  const name = Buffer.from(host, "utf8");
  return { type: 3, bytes: Buffer.concat([Buffer.from([name.length]), name]) };
}

function socksRequest(destination: SocksDestination, port: number): Buffer {
  return Buffer.concat([Buffer.from([5, 1, 0, destination.type]), destination.bytes, Buffer.from([port >> 8, port & 0xff])]);
}

/**
 * Opens a tunnel through the proxy to `target` and closes it again: what every WhatsApp socket of an instance on this
 * proxy does first. Succeeds for anything that tunnels, whatever its exit address; fails with a ProbeError saying
 * which step failed and why. The whole exchange has one deadline.
 */
export async function probeProxy(proxy: ParsedProxyUrl, target: ProbeTarget, timeoutMs: number): Promise<{ latencyMs: number }> {
  const started = performance.now();
  let socket: net.Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ProbeError("timeout", `No answer from the proxy within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`));
      socket?.destroy();
    }, timeoutMs);
  });
  const attempt = (async () => {
    socket = await connectToProxy(proxy, (opened) => (socket = opened));
    if (proxy.protocol === "socks5" || proxy.protocol === "socks5h") await socksConnect(socket, proxy, target);
    else await httpConnect(socket, proxy, target);
    return { latencyMs: Math.max(1, Math.round(performance.now() - started)) };
  })();
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
    attempt.catch(() => undefined);
    deadline.catch(() => undefined);
    socket?.destroy();
  }
}
