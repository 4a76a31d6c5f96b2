// The panel's HTTP server: Next.js behind a plain Node server (Next's documented custom-server API), so the
// panel knows who is calling and answers what Next cannot parse in the one error shape. See docs/panel-server.md.
//   node scripts/panel-server.mjs [--dev]     PANEL_PORT (3000), PANEL_HOST (127.0.0.1), PANEL_TRUST_PROXY (false)
import http from "node:http";
import path from "node:path";
import next from "next";
import sirv from "sirv";
import { CLIENT_ADDRESS_HEADER, clientAddress, parseTrustProxy } from "./panel-address.mjs";
import { SECURITY_HEADERS as ASSET_HEADERS } from "./security-headers.mjs";

const dev = process.argv.includes("--dev");
const host = process.env.PANEL_HOST || "127.0.0.1";
const port = Number(process.env.PANEL_PORT || "3000");
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid configuration: PANEL_PORT=${JSON.stringify(process.env.PANEL_PORT)} must be a whole number from 0 to 65535`);
  process.exit(1);
}
let trust;
try {
  trust = parseTrustProxy(process.env.PANEL_TRUST_PROXY);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
};

function errorJson(status, code, message) {
  return { status, body: JSON.stringify({ error: { code, message } }) };
}

function send(res, { status, body }) {
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** A path Next cannot decode would otherwise end as a plain-text 500 from its router. */
function undecodablePath(url) {
  const path = (url ?? "/").split("?")[0];
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** The methods the panel's pages and the BFF answer. */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const app = next({ dev, dir: process.cwd(), hostname: host, port, ...(dev ? { turbopack: true } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

/**
 * The build's client assets (`/_next/static/…`, content-hashed, never changing), sent from the Brotli and gzip
 * copies the build wrote beside them (scripts/compress-static.mjs) instead of compressing each answer on the
 * request's way out; what is not there (or in development) is Next's to answer (docs/panel-server.md, "Static assets").
 */
const STATIC_PREFIX = "/_next/static";
const staticAssets = dev
  ? null
  : sirv(path.join(process.cwd(), ".next/static"), {
      dev: false,
      extensions: [],
      gzip: true,
      brotli: true,
      maxAge: 31536000,
      immutable: true,
      setHeaders: (res) => {
        for (const { key, value } of ASSET_HEADERS) res.setHeader(key, value);
      },
    });

function handleWithNext(req, res) {
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) send(res, errorJson(500, "internal_error", "The panel hit an unexpected error."));
    else res.destroy();
  });
}

/**
 * The last request each connection began, with its answer and the answer before it if that was still going (its
 * `closed` says whether it is done). A request the parser refuses on a connection still answering an earlier one
 * (pipelined, or stray bytes after a request's end) is answered after that answer, never inside it.
 */
const answering = new WeakMap();

const server = http.createServer((req, res) => {
  const last = answering.get(req.socket)?.res;
  answering.set(req.socket, { req, res, before: last && !last.closed ? last : undefined });
  // The one address the BFF hands the gateway for sign-in throttling; never a value the client chose.
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req, trust) ?? "";
  if (!req.url?.startsWith("/")) {
    // An absolute URL (a proxy's form) or `*` as the target: Next would redirect to that URL's host or fail on it.
    send(res, errorJson(400, "bad_request", "The request target must be a path on this server, such as /login."));
    return;
  }
  if (!METHODS.has(req.method ?? "")) {
    // TRACE, PROPFIND and the like: Next answers with a plain-text 500 or an empty 400.
    res.setHeader("allow", [...METHODS].join(", "));
    send(res, errorJson(405, "bad_request", `The panel does not answer ${req.method} requests.`));
    return;
  }
  if (undecodablePath(req.url)) {
    send(res, errorJson(400, "bad_request", "The URL is not valid: it has a malformed percent-encoding."));
    return;
  }
  if (req.url.startsWith(`${STATIC_PREFIX}/`) && req.method !== "GET" && req.method !== "HEAD") {
    // Next answers these with a plain-text 500.
    res.setHeader("allow", "GET, HEAD");
    send(res, errorJson(405, "bad_request", `The panel's static files are only read (GET or HEAD), not ${req.method}.`));
    return;
  }
  if (staticAssets && req.url.startsWith(`${STATIC_PREFIX}/`)) {
    const url = req.url;
    req.url = url.slice(STATIC_PREFIX.length);
    staticAssets(req, res, () => {
      req.url = url;
      handleWithNext(req, res);
    });
    return;
  }
  handleWithNext(req, res);
});

// Requests Node's parser refuses (header or request line too large, malformed) get the error shape too.
server.on("clientError", (error, socket) => {
  const last = answering.get(socket);
  const inFlight = last && !last.res.closed ? last : undefined;
  if (!inFlight) answerUnparsable(error, socket);
  // The refusal is about the request being answered, which never arrived whole (its body stalled, or its chunked
  // body is malformed): nothing will finish its answer. Answer now, once any answer before it is done, unless its
  // own answer has begun (then only closing is left).
  else if (!inFlight.req.complete) {
    if (inFlight.res.headersSent) socket.destroy();
    else if (inFlight.before && !inFlight.before.closed) inFlight.before.once("close", () => answerUnparsable(error, socket));
    else answerUnparsable(error, socket);
  } else inFlight.res.once("close", () => answerUnparsable(error, socket));
});

function answerUnparsable(error, socket) {
  if (error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  // Not writable: the connection is ending (an earlier answer asked to close it). Nothing more is said; what that
  // answer wrote still reaches the client before the connection closes.
  if (!socket.writable) {
    if (socket.writableFinished) socket.destroy();
    else socket.once("finish", () => socket.destroy());
    return;
  }
  const { status, body } =
    error.code === "HPE_HEADER_OVERFLOW"
      ? errorJson(431, "bad_request", "The request's headers or URL are too large.")
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? errorJson(408, "bad_request", "The request was not received in time.")
        : errorJson(400, "bad_request", "The request could not be parsed.");
  const reason = http.STATUS_CODES[status];
  const headers = Object.entries({ ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" })
    .map(([name, value]) => `${name}: ${value}`)
    .join("\r\n");
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${headers}\r\n\r\n${body}`);
}

if (dev) server.on("upgrade", app.getUpgradeHandler());

server.listen(port, host, () => {
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  // Route handlers read the listening origin from here (the CSRF check allows it beside PANEL_ORIGINS).
  process.env.PANEL_PORT = String(bound);
  process.env.PANEL_HOST = host;
  console.log(`Panel ready on http://${host.includes(":") ? `[${host}]` : host}:${bound}${dev ? " (development)" : ""}`);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close(() => {
    void app.close().finally(() => process.exit(0));
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
