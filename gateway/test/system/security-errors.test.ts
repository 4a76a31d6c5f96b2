import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { ErrorBody } from "../../../contract/errors";
import { api, login, startGateway, type RunningGateway } from "../support/gateway";
import { METRICS_TOKEN } from "../support/metrics";

// Every status the gateway sends is `{ error: { code, message } }`, also those Fastify's router and Node's HTTP
// parser raise before a route runs; every response carries Cache-Control: no-store and nosniff; an unknown query
// parameter is a 400 that names it. Raw requests go over node:net: fetch would normalise `%ff` and long URLs.

let gw: RunningGateway;
let token: string;
let port: number;
beforeAll(async () => {
  gw = await startGateway({ METRICS_TOKEN });
  token = await login(gw.url);
  port = Number(new URL(gw.url).port);
});
afterAll(() => gw.stop());

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as they are and reads the whole answer (the request asks the server to close, or the server closes). */
function raw(request: string | Buffer, to: number = port): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port: to });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answer (the server stops reading a request that is too large) still counts as the end.
    socket.on("error", (error: NodeJS.ErrnoException) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(":");
        headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") });
    });
    socket.write(request);
  });
}

const get = (target: string, headers: Record<string, string> = {}) =>
  raw(
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("") +
      "Connection: close\r\n\r\n",
  );

/** The error shape, the JSON type and both security headers. */
function expectErrorShape(res: RawResponse, status: number, label: string) {
  expect(res.status, label).toBe(status);
  expect(res.headers["content-type"], label).toMatch(/^application\/json/);
  const body = z.strictObject(ErrorBody.shape).parse(JSON.parse(res.body));
  expect(Object.keys(body.error).sort(), label).toEqual(expect.arrayContaining(["code", "message"]));
  expect(res.headers["cache-control"], label).toBe("no-store");
  expect(res.headers["x-content-type-options"], label).toBe("nosniff");
  return body.error;
}

describe("errors raised before a route runs use the error shape", () => {
  it("a malformed %-escape in the path (FST_ERR_BAD_URL) is a 400 in the shape", async () => {
    for (const target of ["/api/v1/instances/%ff", "/api/v1/instances/%c0%af/qr", "/api/v1/webhooks/%E0%A4%A"]) {
      const error = expectErrorShape(await get(target, { authorization: `Bearer ${token}` }), 400, target);
      expect(error.code).toBe("bad_request");
      expect(error.message).toContain("not valid percent-encoded UTF-8");
      expect(error.message).not.toContain("FST_");
    }
  });

  it("a 300-character id reaches the route (400 naming params.id); an id over the router's limit is a 414 in the shape", async () => {
    const long = await get(`/api/v1/instances/${"a".repeat(300)}`, { authorization: `Bearer ${token}` });
    const error = expectErrorShape(long, 400, "300 characters");
    expect(error.message).toContain("params.id");
    // Without credentials the guard answers first, as for any id.
    expectErrorShape(await get(`/api/v1/instances/${"a".repeat(300)}`), 401, "300 characters, no token");

    const huge = await get(`/api/v1/instances/${"a".repeat(2000)}`, { authorization: `Bearer ${token}` });
    const tooLong = expectErrorShape(huge, 414, "2000 characters");
    expect(tooLong.code).toBe("bad_request");
    expect(tooLong.message).toMatch(/longer than \d+ characters/);
  });

  it("a 100 KB query string (request line over Node's header limit) is a 431 in the shape", async () => {
    const res = await get(`/api/v1/logs?q=${"x".repeat(100 * 1024)}`, { authorization: `Bearer ${token}` });
    const error = expectErrorShape(res, 431, "100 KB query");
    expect(error.code).toBe("bad_request");
    expect(error.message).toMatch(/larger than \d+ KiB/);
    expect(res.headers.connection).toBe("close");
  });

  it("bytes the parser refuses after a request (a body sent without a length) are answered after that request's answer, never instead of it", async () => {
    const created = await api(gw.url, "POST", "/api/v1/instances", { token, body: { name: "stray-bytes" } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // What Node's own client sends for a DELETE with a body: no Content-Length, so the body is stray bytes after the
    // request. The old gateway wrote its 400 while the delete was under way and closed: the client read "400", yet
    // the instance was gone.
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("error", (error: NodeJS.ErrnoException) => (chunks.length > 0 ? undefined : reject(error)));
      socket.on("close", () => resolve(Buffer.concat(chunks)));
      socket.write(`DELETE /api/v1/instances/${id} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n\r\n{"force":true}`);
    });
    const statusLines = bytes.toString("latin1").match(/^HTTP\/1\.1 \d{3}/gm);
    expect(statusLines).toEqual(["HTTP/1.1 204", "HTTP/1.1 400"]);
    expect((await api(gw.url, "GET", `/api/v1/instances/${id}`, { token })).status).toBe(404);
  });

  it("a request whose body stalls gets a 408 in the shape after REQUEST_TIMEOUT_SECONDS, and changes nothing", async () => {
    // Node's own default (300 s) unless set; Fastify's default would be no limit at all.
    expect(gw.gateway.app.server.requestTimeout).toBe(300_000);
    const slow = await startGateway({ REQUEST_TIMEOUT_SECONDS: "1" });
    try {
      const slowToken = await login(slow.url);
      const slowPort = Number(new URL(slow.url).port);
      const started = Date.now();
      // Headers and a tenth of the promised body, then nothing more: the connection is held until the limit.
      const body = JSON.stringify({ name: "never-arrives" });
      const answer = await raw(
        `POST /api/v1/instances HTTP/1.1\r\nHost: 127.0.0.1:${slowPort}\r\nAuthorization: Bearer ${slowToken}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${body.length * 10}\r\n\r\n${body.slice(0, 3)}`,
        slowPort,
      );
      const ms = Date.now() - started;
      expect(expectErrorShape(answer, 408, "stalled body").message).toBe("The request was not received in time");
      // Not before the limit (Node checks every quarter of it here, so within about 1.25 s after it).
      expect(ms).toBeGreaterThanOrEqual(1000);
      const list = await api(slow.url, "GET", "/api/v1/instances", { token: slowToken });
      expect(list.body.items).toEqual([]);
    } finally {
      await slow.stop();
    }
  });

  it("a malformed chunked body is a 400 in the shape at once, not a connection held until the request timeout, and changes nothing", async () => {
    const started = Date.now();
    const answer = await Promise.race([
      raw(
        `POST /api/v1/instances HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
          `Transfer-Encoding: chunked\r\n\r\nZZ\r\n{"name":"bad-chunks"}\r\n0\r\n\r\n`,
      ),
      // The old gateway waited for an answer that could not come, until REQUEST_TIMEOUT_SECONDS (300 s here).
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer in 10 s")), 10_000)),
    ]);
    expect(expectErrorShape(answer, 400, "malformed chunk").message).toMatch(/not a well-formed HTTP/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const names = (await api(gw.url, "GET", "/api/v1/instances?limit=200", { token })).body.items.map((i: { name: string }) => i.name);
    expect(names).not.toContain("bad-chunks");
  });

  it("bytes that are not HTTP are a 400 in the shape", async () => {
    const error = expectErrorShape(await raw("HELLO THERE\r\n\r\n"), 400, "garbage");
    expect(error.message).toMatch(/not a well-formed HTTP/);
  });

  it("the gateway's own 4xx keep the shape and the headers: 401, 404, bad JSON, unsupported media type", async () => {
    expectErrorShape(await get("/api/v1/instances"), 401, "no token");
    expectErrorShape(await get("/api/v1/nothing-here"), 404, "unknown route");
    const badJson = await raw(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{not json`,
    );
    expectErrorShape(badJson, 400, "bad JSON");
    const xml = await raw(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: 4\r\nConnection: close\r\n\r\n<a/>`);
    expectErrorShape(xml, 415, "media type");
  });

  it("a method a path does not take is a 405 naming the ones it does; a text/plain body a 415; a bare OPTIONS a 204", async () => {
    const before = (await api(gw.url, "GET", "/api/v1/instances?limit=200", { token })).body.items.length as number;
    const put = await api(gw.url, "PUT", "/api/v1/instances", { token, body: { name: "put-here" } });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(put.body).toEqual({ error: { code: "bad_request", message: "/api/v1/instances answers GET, HEAD, POST, not PUT" } });
    const onOne = await api(gw.url, "POST", "/api/v1/instances/ins_abcdefghij12", { token, body: {} });
    expect(onOne.status).toBe(405);
    expect(onOne.headers.get("allow")).toBe("GET, HEAD, PATCH, DELETE");
    expectErrorShape(await get("/api/v1/nothing-here"), 404, "still a 404 where no method answers");
    // Fastify's text/plain parser handed the route a string, which then failed its schema as "expected object".
    const text = await raw(
      `POST /api/v1/instances HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: text/plain\r\nContent-Length: 19\r\nConnection: close\r\n\r\n{"name":"as-text"}`,
    );
    expect(expectErrorShape(text, 415, "text/plain").message).toBe('Unsupported Content-Type "text/plain": send application/json (multipart/form-data where a route takes a file)');
    expect((await api(gw.url, "GET", "/api/v1/instances?limit=200", { token })).body.items.length).toBe(before);
    // An OPTIONS that is not a CORS preflight: @fastify/cors answered a plain-text 400 "Invalid Preflight Request".
    const options = await api(gw.url, "OPTIONS", "/api/v1/instances");
    expect(options.status).toBe(204);
    expect(options.headers.get("cache-control")).toBe("no-store");
  });

  it("the Authorization scheme is read without regard to case", async () => {
    for (const scheme of ["bearer", "BEARER", "Bearer"]) expect((await get("/api/v1/auth/me", { authorization: `${scheme} ${token}` })).status, scheme).toBe(200);
    expectErrorShape(await get("/api/v1/auth/me", { authorization: `Basic ${token}` }), 401, "another scheme");
  });
});

describe("Cache-Control: no-store and X-Content-Type-Options: nosniff on every response", () => {
  it("successes, errors, the OpenAPI document, the docs page and CORS preflights", async () => {
    const responses = {
      health: await api(gw.url, "GET", "/health"),
      instances: await api(gw.url, "GET", "/api/v1/instances", { token }),
      me: await api(gw.url, "GET", "/api/v1/auth/me", { token }),
      created: await api(gw.url, "POST", "/api/v1/instances", { token, body: { name: "Headers", connect: false } }),
      login401: await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin", password: "wrong password!" } }),
      forbidden: await api(gw.url, "GET", "/api/v1/auth/me", { token: "wgs_not-a-real-session-token-at-all" }),
      openapi: await api(gw.url, "GET", "/openapi.json"),
      docs: await api(gw.url, "GET", "/docs"),
      preflight: await api(gw.url, "OPTIONS", "/api/v1/instances", { headers: { origin: "http://localhost:3000", "access-control-request-method": "GET" } }),
    };
    expect(responses.created.status).toBe(201);
    expect(responses.login401.status).toBe(401);
    for (const [label, res] of Object.entries(responses)) {
      expect(res.headers.get("cache-control"), label).toBe("no-store");
      expect(res.headers.get("x-content-type-options"), label).toBe("nosniff");
    }
  });

  it("the Swagger UI files keep their revalidating cache headers (public package files), with nosniff", async () => {
    const asset = await fetch(`${gw.url}/docs/static/swagger-ui.css`);
    await asset.arrayBuffer();
    expect(asset.status).toBe(200);
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=0");
    expect(asset.headers.get("etag")).toBeTruthy();
  });

  it("socket.io's own HTTP answers (polling handshake) carry them too, refusals included", async () => {
    // The refusals are engine.io's own; they had neither header.
    for (const [query, status] of [["EIO=4&transport=polling", 200], ["EIO=4&transport=bogus", 400], ["EIO=4&transport=polling&sid=nope", 400], ["EIO=4&transport=polling&ticket=x", 403]] as const) {
      const res = await fetch(`${gw.url}/socket.io/?${query}`);
      await res.text();
      expect(res.status, query).toBe(status);
      expect(res.headers.get("cache-control"), query).toBe("no-store");
      expect(res.headers.get("x-content-type-options"), query).toBe("nosniff");
    }
  });

  it("socket.io's refusals come in the error shape, saying what was refused", async () => {
    // engine.io writes its own body, { code: <number>, message }; the gateway rewrites it as it is sent.
    const cases = [
      ["EIO=4&transport=bogus", 400, "bad_request", "Transport unknown"],
      ["EIO=4&transport=polling&sid=nope", 400, "bad_request", "Session ID unknown"],
      ["transport=polling", 400, "bad_request", "Unsupported protocol version"],
      ["EIO=4&transport=polling&token=x", 403, "forbidden", "credentials are not accepted in the query string"],
    ] as const;
    for (const [query, status, code, reason] of cases) {
      const res = await fetch(`${gw.url}/socket.io/?${query}`);
      expect(res.status, query).toBe(status);
      expect(res.headers.get("content-type"), query).toMatch(/^application\/json/);
      const body = ErrorBody.parse(await res.json());
      expect(body.error.code, query).toBe(code);
      expect(body.error.message, query).toBe(`Socket.IO refused the request: ${reason}`);
    }
    // An answer that is not a refusal passes untouched: the handshake's open packet.
    const open = await fetch(`${gw.url}/socket.io/?EIO=4&transport=polling`);
    expect(open.status).toBe(200);
    expect(await open.text()).toMatch(/^0\{"sid":/);
  });

  it("a request that arrives while the gateway shuts down gets a 503 in the shape", async () => {
    const own = await startGateway();
    const ownPort = Number(new URL(own.url).port);
    // Half a request: the connection is busy (not idle), so shutting down waits for it instead of dropping it.
    const socket = net.connect({ host: "127.0.0.1", port: ownPort });
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${ownPort}\r\n`);
    const answer = new Promise<RawResponse>((resolve) => {
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("error", () => undefined);
      socket.on("close", () => {
        const [head = "", body = ""] = Buffer.concat(chunks).toString("utf8").split("\r\n\r\n");
        const [statusLine = "", ...lines] = head.split("\r\n");
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
        resolve({ status: Number(statusLine.split(" ")[1]), headers, body });
      });
    });
    await new Promise((r) => setTimeout(r, 100));
    const closing = own.stop();
    await new Promise((r) => setTimeout(r, 300));
    socket.write("Connection: keep-alive\r\n\r\n");
    const during = await answer;
    await closing;
    const error = expectErrorShape(during, 503, "while closing");
    expect(error.code).toBe("unavailable");
    expect(during.headers.connection).toBe("close");
  });
});

describe("query parameters are strict", () => {
  it("GET /api/v1/logs?level=error is a 400 naming level and listing the accepted parameters", async () => {
    const res = await api(gw.url, "GET", "/api/v1/logs?level=error", { token });
    expect(res.status).toBe(400);
    const error = ErrorBody.parse(res.body).error;
    expect(error.message).toMatch(/^Invalid request: query\.level is not a parameter of this route; accepted: /);
    for (const name of ["minLevel", "levels", "instanceId", "source", "from", "to", "q", "limit", "cursor"]) expect(error.message).toContain(name);
    expect(error.details?.issues).toEqual([{ path: "query.level", message: expect.stringContaining("accepted: minLevel, levels, instanceId") }]);
  });

  it("a number in a query is digits: 0x10, 1e2, +5, a space or 0b11 is a 400 naming it; a seq cursor fits a safe integer", async () => {
    expect((await api(gw.url, "GET", "/api/v1/instances?limit=16", { token })).status).toBe(200);
    for (const limit of ["0x10", "1e2", "%2B5", "%205", "0b11", "5.0", "-1", "0", "501", ""]) {
      const res = await api(gw.url, "GET", `/api/v1/instances?limit=${limit}`, { token });
      expect(res.status, limit).toBe(400);
      expect(ErrorBody.parse(res.body).error.message, limit).toMatch(/^Invalid request: query\.limit /);
    }
    const created = await api(gw.url, "POST", "/api/v1/instances", { token, body: { name: "cursor-check", connect: false } });
    const history = `/api/v1/instances/${created.body.id as string}/status-history`;
    expect((await api(gw.url, "GET", `${history}?cursor=2147483647`, { token })).status).toBe(200);
    // 5,000 nines were read as Infinity, that is from the start; past a 32-bit integer PostgreSQL refused it with a 500.
    for (const cursor of ["9".repeat(5000), "2147483648", "0x10"]) {
      const refused = await api(gw.url, "GET", `${history}?cursor=${cursor}`, { token });
      expect(refused.status, cursor.slice(0, 12)).toBe(400);
      expect(ErrorBody.parse(refused.body).error.message).toBe("Invalid request: query.cursor must be a seq number from a previous page");
    }
    await api(gw.url, "DELETE", `/api/v1/instances/${created.body.id as string}`, { token });
  });

  it("a NUL character anywhere in a path, query or body is a 400 naming the field, on either database, and changes nothing", async () => {
    const nul = "\u0000";
    const cases: Array<[string, string, unknown, string, string | undefined]> = [
      // Before sign-in, too: PostgreSQL refused the name in the throttle's key with a 500.
      ["POST", "/api/v1/auth/login", { username: `admin${nul}`, password: "x" }, "body.username", undefined],
      ["GET", "/api/v1/instances?search=%00", undefined, "query.search", token],
      ["GET", "/api/v1/instances/ins_abc%00defghij1", undefined, "params.id", token],
      ["POST", "/api/v1/api-keys", { name: `key${nul}`, scope: "admin" }, "body.name", token],
      ["POST", "/api/v1/proxies", { name: `proxy${nul}`, url: "http://127.0.0.1:3128" }, "body.name", token],
      ["POST", "/api/v1/templates", { name: "template", description: `a${nul}b` }, "body.description", token],
      ["POST", "/api/v1/instances", { name: "nul-check", connect: false, [`x${nul}`]: 1 }, "body", token],
      ["POST", "/api/v1/instances", { name: "nul-check", connect: false, settings: { rejectCallsMessage: [[[[nul]]]] } }, "body.settings.rejectCallsMessage.0.0.0.0", token],
    ];
    const counts = async () => Promise.all(["/api/v1/api-keys", "/api/v1/proxies", "/api/v1/templates", "/api/v1/instances?limit=500"].map(async (url) => (await api(gw.url, "GET", url, { token })).body.items.length as number));
    const before = await counts();
    for (const [method, url, body, path, credential] of cases) {
      const res = await api(gw.url, method, url, { ...(credential ? { token: credential } : {}), ...(body === undefined ? {} : { body }) });
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(ErrorBody.parse(res.body).error.details?.issues, `${method} ${url}`).toContainEqual({ path, message: "must not contain the NUL character (U+0000)" });
    }
    expect(await counts()).toEqual(before);
    // Nested far deeper than any route takes: still read, still a 400.
    const deep = `{"name":"deep","connect":false,"settings":${"[".repeat(20_000)}${JSON.stringify(nul)}${"]".repeat(20_000)}}`;
    const res = await fetch(`${gw.url}/api/v1/instances`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: deep });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid request: body\.settings(\.0)+ must not contain the NUL character/);
  });

  it("every route refuses an unknown parameter before it runs (walks the route table), also routes that take none", async () => {
    const fill = (url: string) => url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => (name === "id" ? "ins_abcdefghij12" : `x-${name}`));
    const before = (await api(gw.url, "GET", "/api/v1/instances?limit=500", { token })).body.items.length as number;
    for (const route of gw.gateway.routes) {
      const label = `${route.method} ${route.url}`;
      const credential = route.auth === "metrics" ? METRICS_TOKEN : token;
      const res = await api(gw.url, route.method, `${fill(route.url)}?bogus=1`, { token: credential, body: route.method === "GET" ? undefined : {} });
      expect(res.status, label).toBe(400);
      const issue = (res.body.error.details.issues as { path: string; message: string }[]).find((i) => i.path === "query.bogus");
      expect(issue, `${label}: ${JSON.stringify(res.body)}`).toBeDefined();
      expect(issue!.message).toMatch(route.query ? /is not a parameter of this route; accepted: \w+/ : /it takes no query parameters/);
    }
    // Nothing ran: no instance was created or deleted, the session still works.
    expect((await api(gw.url, "GET", "/api/v1/instances?limit=500", { token })).body.items.length).toBe(before);
    expect((await api(gw.url, "GET", "/api/v1/auth/me", { token })).status).toBe(200);
  });

  it("every parameter the panel sends is still accepted", async () => {
    const created = (await api(gw.url, "POST", "/api/v1/instances", { token, body: { name: "Panel params", connect: false } })).body as { id: string };
    const hook = (await api(gw.url, "POST", "/api/v1/webhooks", { token, body: { url: "https://example.com/hook", events: ["message.received"] } })).body as { id: string };
    const from = new Date(Date.now() - 86_400_000).toISOString();
    // As the panel builds them: features/instances/api/gateway-paths.ts, features/webhooks/api/gateway-paths.ts and
    // webhook-queries.ts (deliveriesUrl), features/logs/lib/log-filters.ts (gatewayLogParams, logExportHref) and
    // features/logs/api/logs.ts, features/api-keys/api/gateway-paths.ts; bench/ sends a subset of the instance list's.
    const urls = [
      "/api/v1/instances?limit=500&sort=createdAt&order=desc",
      "/api/v1/instances?status=CONNECTED,QR_REQUIRED&search=Panel&sort=name&order=asc&limit=100",
      `/api/v1/instances/${created.id}/status-history?limit=50`,
      "/api/v1/webhooks?limit=500",
      `/api/v1/webhooks?limit=500&instanceId=${created.id}`,
      `/api/v1/webhooks/deliveries?limit=50&webhookId=${hook.id}&instanceId=${created.id}&status=failed,retrying&event=message.received`,
      `/api/v1/webhooks/${hook.id}/deliveries?limit=500&status=failed&event=message.received&from=${from}`,
      `/api/v1/logs?levels=warn,error&instanceId=${created.id}&source=engine,auth&from=${from}&q=hello&limit=500`,
      `/api/v1/logs/counts?instanceId=${created.id}&source=engine,auth&from=${from}&to=${new Date().toISOString()}&q=hello`,
      `/api/v1/logs?minLevel=warn&limit=25`,
      `/api/v1/logs/export?levels=warn,error&instanceId=${created.id}&source=auth&from=${from}&to=${new Date().toISOString()}&q=hello&format=csv`,
      "/api/v1/api-keys",
      `/api/v1/api-keys?instanceId=${created.id}`,
      "/api/v1/api-keys?includeRevoked=true",
      "/openapi.json",
    ];
    for (const url of urls) {
      const res = await api(gw.url, "GET", url, { token });
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });
});
