import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import zlib from "node:zlib";
import { expect, test } from "@playwright/test";
import { gatewayCall } from "./support/gateway-api";
import { freePort } from "./support/global-setup";
import { panelSessionCookie, rawRequest, type RawResponse } from "./support/raw-http";
import { ADMIN, gatewayUrl } from "./support/session";

// The backend-for-frontend as an attacker meets it: raw HTTP against the production panel server and the real
// gateway the global setup started (no browser needed; paths are sent byte for byte).

const panelUrl = () => {
  const url = process.env.E2E_PANEL_URL;
  if (!url) throw new Error("E2E_PANEL_URL is not set: the global setup did not run");
  return url;
};

function expectErrorShape(response: RawResponse, status: number) {
  expect(response.status, response.text).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  const body = response.json as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body?.error?.code).toBe("string");
  expect(typeof body?.error?.message).toBe("string");
}

let cookie: string;
test.beforeAll(async () => {
  cookie = await panelSessionCookie(panelUrl(), ADMIN.username, ADMIN.password);
});

test.describe("BFF path handling", () => {
  const sameOrigin = () => ({ origin: new URL(panelUrl()).origin, "content-type": "application/json" });
  const credentials = () => JSON.stringify({ username: ADMIN.username, password: ADMIN.password });

  test("encoded separators, queries and dot segments never reach another gateway route", async () => {
    for (const path of [
      "/bff/api/v1/x/..%2Fauth%2Flogin",
      "/bff/api/v1/x/..%2fauth%2flogin",
      "/bff/api/v1/x/..%5Cauth%5Clogin",
      "/bff/api/v1/auth/login%3F",
      "/bff/api/v1/auth/login%23",
      "/bff/api/v1/auth/login%00",
      "/bff/api/v1/x/%252e%252e/auth/login",
      "/bff/api/v1/x/%2e%2e/auth/login",
      "/bff/api/v1/auth/login",
      "/bff/api/v1/auth/change-password",
    ]) {
      const response = await rawRequest(panelUrl(), "POST", path, { headers: { ...sameOrigin(), cookie }, body: credentials() });
      expectErrorShape(response, 404);
      // The old BFF answered the first two with {"token":"wgs_…"}: a gateway session in the browser.
      expect(response.text, path).not.toContain("wgs_");
    }
  });

  test("the gateway's own pages are not served on the panel's origin", async () => {
    for (const path of ["/bff/api/v1/..%2F..%2Fdocs", "/bff/api/v1/..%2F..%2Fdocs%2Fswagger-ui.css", "/bff/docs", "/bff/api/v1/%2e%2e/%2e%2e/docs"]) {
      const response = await rawRequest(panelUrl(), "GET", path, { headers: { cookie: "__Host-wam_session=anything" } });
      expectErrorShape(response, 404);
      expect(response.text).not.toContain("<html");
    }
  });

  test("every /bff answer is data: no-store, nosniff and a CSP that renders nothing", async () => {
    const answers = [
      await rawRequest(panelUrl(), "GET", "/bff/api/v1/instances?limit=1", { headers: { cookie } }),
      await rawRequest(panelUrl(), "GET", "/bff/api/v1/instances", {}),
      await rawRequest(panelUrl(), "GET", "/bff/api/v1/nope/%2e%2e%2f", { headers: { cookie } }),
      await rawRequest(panelUrl(), "GET", "/bff/health", {}),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 200]);
    for (const answer of answers) {
      expect(answer.headers["cache-control"]).toContain("no-store");
      expect(answer.headers["x-content-type-options"]).toContain("nosniff");
      expect(answer.headers["content-security-policy"]).toMatch(/default-src 'none'/);
      expect(answer.headers["content-type"]).toMatch(/^application\/json/);
    }
  });
});

test.describe("the build's static files", () => {
  /** The sign-in page's stylesheet and first script, as the page names them. */
  async function pageAssets() {
    const html = (await rawRequest(panelUrl(), "GET", "/login")).text;
    const css = html.match(/\/_next\/static\/[^"]+\.css/)?.[0];
    const js = html.match(/\/_next\/static\/chunks\/[^"]+\.js/)?.[0];
    if (!css || !js) throw new Error("the sign-in page names no stylesheet or script");
    return { css, js };
  }

  test("are sent from the build's Brotli and gzip copies, cached for good, with the security headers", async () => {
    for (const path of Object.values(await pageAssets())) {
      const plain = await rawRequest(panelUrl(), "GET", path);
      expect(plain.status).toBe(200);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
      const brotli = await rawRequest(panelUrl(), "GET", path, { headers: { "accept-encoding": "gzip, deflate, br" } });
      expect(brotli.headers["content-encoding"]).toBe("br");
      expect(zlib.brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);
      expect(brotli.body.length).toBeLessThan(plain.body.length / 2);
      const gzip = await rawRequest(panelUrl(), "GET", path, { headers: { "accept-encoding": "gzip" } });
      expect(gzip.headers["content-encoding"]).toBe("gzip");
      expect(zlib.gunzipSync(gzip.body).equals(plain.body)).toBe(true);
      for (const answer of [plain, brotli, gzip]) {
        expect(answer.headers["cache-control"]).toBe("public,max-age=31536000,immutable");
        expect(answer.headers["x-content-type-options"]).toBe("nosniff");
        expect(answer.headers["strict-transport-security"]).toMatch(/^max-age=/);
        expect(answer.headers.vary).toBe("Accept-Encoding");
      }
      expect(plain.headers["content-type"]).toMatch(path.endsWith(".css") ? /^text\/css/ : /^text\/javascript|^application\/javascript/);
    }
  });

  test("a file that is not there, a path out of the folder and a write get answers, never a file", async () => {
    const { js } = await pageAssets();
    expect((await rawRequest(panelUrl(), "GET", "/_next/static/chunks/not-there.js")).status).toBe(404);
    for (const path of ["/_next/static/../../package.json", "/_next/static/%2e%2e/%2e%2e/package.json", "/_next/static/chunks/..%2f..%2f..%2fpackage.json"]) {
      const answer = await rawRequest(panelUrl(), "GET", path);
      expect(answer.status, path).not.toBe(200);
      expect(answer.text, path).not.toContain('"whatsapp-api-manager"');
    }
    // Node's client sends a DELETE's body without a Content-Length, so there the "x" is a stray byte after the
    // request: it must not add a second answer to the connection (a CI run saw "Data after `Connection: close`").
    for (const method of ["POST", "PUT", "DELETE"]) {
      const answer = await rawRequest(panelUrl(), method, js, { headers: { "content-type": "text/plain" }, body: "x" });
      expectErrorShape(answer, 405);
      expect(answer.headers.allow).toBe("GET, HEAD");
    }
    // HEAD reads the headers alone.
    const head = await rawRequest(panelUrl(), "HEAD", js, { headers: { "accept-encoding": "br" } });
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.body.length).toBe(0);
  });

  test("a request refused by the parser on a connection still answering is answered after that answer, never inside it", async () => {
    // Two requests in one write, as a pipelining client or stray bytes after a body send them: a static file, then a
    // header too large to parse. The file is read from disk after the refusal is known; the old server wrote its 431
    // into the connection first and the file's answer was lost.
    const { js } = await pageAssets();
    const { host, port } = new URL(panelUrl());
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1");
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("end", () => resolve(Buffer.concat(chunks)));
      socket.on("error", reject);
      socket.setTimeout(15_000, () => socket.destroy(new Error("the connection stayed open")));
      socket.write(`GET ${js} HTTP/1.1\r\nHost: ${host}\r\n\r\nGET /instances HTTP/1.1\r\nHost: ${host}\r\nX-Padding: ${"b".repeat(40_000)}\r\n\r\n`);
    });
    const file = await rawRequest(panelUrl(), "GET", js);
    const [first, second] = splitAnswers(bytes);
    expect(first?.status).toBe(200);
    expect(first?.body.equals(file.body)).toBe(true);
    expect(second?.status).toBe(431);
    expect(JSON.parse(second?.body.toString() ?? "")).toMatchObject({ error: { code: "bad_request" } });
  });
});

test.describe("BFF limits and framework errors", () => {
  test("a path Next cannot decode, a huge URL and a huge header get the error shape", async () => {
    expectErrorShape(await rawRequest(panelUrl(), "GET", "/bff/api/v1/instances/%ff", { headers: { cookie } }), 400);
    expectErrorShape(await rawRequest(panelUrl(), "GET", `/bff/api/v1/instances?q=${"a".repeat(100_000)}`, { headers: { cookie } }), 431);
    expectErrorShape(await rawRequest(panelUrl(), "GET", "/bff/api/v1/instances", { headers: { cookie, "x-padding": "b".repeat(40_000) } }), 431);
  });

  test("HEAD through the BFF answers the gateway's status and headers, with no body", async () => {
    const health = await rawRequest(panelUrl(), "HEAD", "/bff/health");
    expect(health.status).toBe(200);
    expect(health.headers["content-type"]).toMatch(/^application\/json/);
    expect(health.body.length).toBe(0);
    const list = await rawRequest(panelUrl(), "HEAD", "/bff/api/v1/instances", { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(list.headers["cache-control"]).toContain("no-store");
    expect((await rawRequest(panelUrl(), "HEAD", "/bff/api/v1/instances")).status).toBe(401);
  });

  test("a method the panel does not answer, or a target that is not a path, gets the error shape", async () => {
    for (const [method, path] of [["TRACE", "/login"], ["TRACE", "/bff/health"], ["PROPFIND", "/bff/api/v1/instances"], ["MKCOL", "/settings"]] as const) {
      const answer = await rawRequest(panelUrl(), method, path, { headers: { cookie } });
      expectErrorShape(answer, 405);
      expect(answer.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    }
    // The absolute form a proxy is sent: Next redirected to that URL's host (here never contacted: it is only a target).
    const absolute = await rawRequest(panelUrl(), "GET", "http://elsewhere.invalid/instances", { headers: { cookie } });
    expectErrorShape(absolute, 400);
    expect(absolute.headers.location).toBeUndefined();
    expectErrorShape(await rawRequest(panelUrl(), "POST", "http://elsewhere.invalid/_next/static/chunks/a.js"), 400);
    // The sign-in routes take POST alone.
    for (const route of ["login", "logout", "change-password"]) {
      for (const method of ["GET", "PUT", "DELETE"]) {
        const answer = await rawRequest(panelUrl(), method, `/bff/auth/${route}`, { headers: { cookie } });
        expectErrorShape(answer, 405);
        expect(answer.headers.allow).toBe("POST");
      }
    }
    // Nothing of that ended the session.
    expect((await rawRequest(panelUrl(), "GET", "/bff/api/v1/instances", { headers: { cookie } })).status).toBe(200);
  });

  test("a malformed chunked body is a 400 in the shape at once, and changes nothing", async () => {
    const { host, port } = new URL(panelUrl());
    const name = "bad-chunks-through-the-panel";
    const answer = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1");
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("close", () => resolve(Buffer.concat(chunks)));
      socket.on("error", (error) => (chunks.length > 0 ? undefined : reject(error)));
      // The old server waited for a body that could not come, until Node's request timeout (300 s).
      socket.setTimeout(10_000, () => socket.destroy(new Error("no answer in 10 s")));
      socket.write(
        `POST /bff/api/v1/instances HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${new URL(panelUrl()).origin}\r\nCookie: ${cookie}\r\n` +
          `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{"name":"${name}"}\r\n0\r\n\r\n`,
      );
    });
    const [first] = splitAnswers(answer);
    expect(first?.status).toBe(400);
    expect(JSON.parse(first?.body.toString() ?? "")).toMatchObject({ error: { code: "bad_request" } });
    const names = (await gatewayCall<{ items: Array<{ name: string }> }>("GET", "/api/v1/instances?limit=200")).items.map((i) => i.name);
    expect(names).not.toContain(name);
  });

  test("a body over 1 MiB is refused with 413 before the rest is read", async () => {
    const origin = new URL(panelUrl()).origin;
    // Declared too large: refused from the Content-Length alone.
    const declared = await rawRequest(panelUrl(), "POST", "/bff/auth/login", {
      headers: { origin, "content-type": "application/json" },
      body: Buffer.alloc(2 * 1024 * 1024, 0x61),
    });
    expectErrorShape(declared, 413);
    expect(declared.headers["cache-control"]).toContain("no-store");

    // Streamed without a length: 1.5 MiB is sent and the request is never finished; the 413 must still come.
    const streamed = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const url = new URL(panelUrl());
      const request = http.request(
        { host: "127.0.0.1", port: url.port, method: "POST", path: "/bff/api/v1/instances", agent: false, headers: { host: url.host, origin, cookie, "content-type": "application/json", "transfer-encoding": "chunked" } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (c: Buffer) => chunks.push(c));
          response.on("end", () => {
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() });
            request.destroy();
          });
        },
      );
      request.on("error", reject);
      request.write(Buffer.alloc(1536 * 1024, 0x20));
      setTimeout(() => reject(new Error("no answer while the body was still open")), 15_000).unref();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.text)).toMatchObject({ error: { code: "bad_request" } });
    const names = (await gatewayCall<{ items: Array<{ name: string }> }>("GET", "/api/v1/instances?limit=200")).items.map((i) => i.name);
    expect(names.some((n) => n.trim() === "")).toBe(false);
  });

  test("CSRF: Origin is compared with the panel's own origins, never with Host or X-Forwarded-Host", async () => {
    const name = `csrf-${Date.now()}`;
    const spoofs: Array<Record<string, string>> = [{ host: "evil.example" }, { "x-forwarded-host": "evil.example", "x-forwarded-proto": "http" }];
    for (const spoof of spoofs) {
      const response = await rawRequest(panelUrl(), "POST", "/bff/api/v1/instances", {
        headers: { ...spoof, origin: "http://evil.example", cookie, "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      expectErrorShape(response, 403);
    }
    const created = (await gatewayCall<{ items: Array<{ name: string }> }>("GET", "/api/v1/instances?limit=200")).items.filter((i) => i.name === name);
    expect(created).toHaveLength(0);
  });
});

// ---- the address the gateway's sign-in throttle sees --------------------------------------------------

async function startPanel(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/panel-server.mjs"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PANEL_PORT: String(port), PANEL_HOST: "127.0.0.1", GATEWAY_URL: gatewayUrl(), ...env },
    stdio: "ignore",
  });
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 120; i += 1) {
    if (child.exitCode !== null) throw new Error(`panel exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/login`).then((r) => r.status < 500, () => false);
    if (ok) return { url, child };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGKILL");
  throw new Error("panel did not start");
}

/** Signs in as a made-up operator (a 401) and returns the address the gateway logged for that attempt. */
async function addressSeenByGateway(panel: string, forwardedFor: string): Promise<string> {
  const username = `probe-${Math.random().toString(36).slice(2, 10)}`;
  const response = await rawRequest(panel, "POST", "/bff/auth/login", {
    headers: { origin: new URL(panel).origin, "content-type": "application/json", "x-forwarded-for": forwardedFor, "x-real-ip": forwardedFor.split(",")[0]!, "x-panel-client-address": "192.0.2.99" },
    body: JSON.stringify({ username, password: "not-the-password" }),
  });
  expectErrorShape(response, 401);
  const logs = await gatewayCall<{ items: Array<{ context?: { username?: string; ip?: string } }> }>("GET", `/api/v1/logs?source=auth&q=${username}&limit=5`);
  const entry = logs.items.find((e) => e.context?.username === username);
  expect(entry, "the gateway logged the failed sign-in").toBeTruthy();
  return entry!.context!.ip!;
}

test.describe("the sign-in throttle sees the operator's real address", () => {
  test("by default a client's X-Forwarded-For is ignored: the gateway sees the TCP peer", async () => {
    expect(await addressSeenByGateway(panelUrl(), "198.51.100.9")).toBe("127.0.0.1");
  });

  test("behind a declared proxy (PANEL_TRUST_PROXY) only the hop that proxy added counts", async () => {
    const panel = await startPanel({ PANEL_TRUST_PROXY: "loopback" });
    try {
      // A client sent "203.0.113.50"; the proxy on loopback appended the address it saw.
      expect(await addressSeenByGateway(panel.url, "203.0.113.50, 198.51.100.10")).toBe("198.51.100.10");
    } finally {
      panel.child.kill("SIGTERM");
    }
  });

  test("a bad PANEL_TRUST_PROXY stops the panel at start with one line", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["scripts/panel-server.mjs"], {
      env: { ...process.env, PANEL_PORT: String(port), PANEL_TRUST_PROXY: "lopback" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("PANEL_TRUST_PROXY");
  });
});

/** HTTP/1.1 answers read back to back off one connection (each framed by its Content-Length). */
function splitAnswers(bytes: Buffer): Array<{ status: number; body: Buffer }> {
  const answers: Array<{ status: number; body: Buffer }> = [];
  let at = 0;
  while (at < bytes.length) {
    const headEnd = bytes.indexOf("\r\n\r\n", at);
    if (headEnd < 0) throw new Error(`an unfinished answer: ${bytes.subarray(at, at + 80).toString("latin1")}`);
    const head = bytes.subarray(at, headEnd).toString("latin1");
    const status = /^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1];
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
    if (!status || !length) throw new Error(`not an answer framed by its length: ${head.slice(0, 200)}`);
    const bodyStart = headEnd + 4;
    answers.push({ status: Number(status), body: bytes.subarray(bodyStart, bodyStart + Number(length)) });
    at = bodyStart + Number(length);
  }
  return answers;
}
