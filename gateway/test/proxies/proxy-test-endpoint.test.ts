import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProxyTestResult } from "../../../contract/proxies";
import { api, login, startGateway, type RunningGateway } from "../support/gateway";
import { closedPort, startHttpProxy, startIpEcho, startSilentServer, startSocksProxy, startTcpTarget, type TestProxy } from "../support/proxies";

// POST /api/v1/proxies/test against real proxies on 127.0.0.1 (docs/proxies.md, "Testing a proxy"). The check's
// target (WhatsApp's socket host in production) is a local TCP server, reached by a name only the proxies resolve,
// so a check that passes went through the proxy: the gateway itself cannot resolve that name.

const CREDS = { user: "wam user", password: "p@ss:w/rd%1" };
const TARGET_NAME = "wa.proxy-check.invalid";

let gw: RunningGateway;
let token: string;
let target: Awaited<ReturnType<typeof startTcpTarget>>;
let echo: Awaited<ReturnType<typeof startIpEcho>>;
let open: TestProxy;
let guarded: TestProxy;
let socksOpen: TestProxy;
let socksGuarded: TestProxy;
let silent: Awaited<ReturnType<typeof startSilentServer>>;

beforeAll(async () => {
  target = await startTcpTarget();
  echo = await startIpEcho({ rotating: true });
  const hosts = { [TARGET_NAME]: "127.0.0.1" };
  [open, guarded, socksOpen, socksGuarded, silent] = await Promise.all([
    startHttpProxy({ hosts }),
    startHttpProxy({ hosts, credentials: CREDS }),
    startSocksProxy({ hosts }),
    startSocksProxy({ hosts, credentials: CREDS }),
    startSilentServer(),
  ]);
  gw = await startGateway({ PROXY_CHECK_TARGET: `${TARGET_NAME}:${target.port}`, PROXY_EXIT_IP_URL: echo.url, PROXY_CHECK_TIMEOUT_SECONDS: "1" });
  token = await login(gw.url);
});

afterAll(async () => {
  await gw.stop();
  await Promise.all([open, guarded, socksOpen, socksGuarded, silent, target, echo].map((s) => s.stop()));
});

const test = async (url: string) => {
  const res = await api(gw.url, "POST", "/api/v1/proxies/test", { token, body: { url } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return ProxyTestResult.parse(res.body);
};

describe("POST /api/v1/proxies/test", () => {
  it("passes HTTP and SOCKS5 proxies, with and without credentials, through the proxy to the target, with latency and exit IP", async () => {
    const cases: Array<[TestProxy, string]> = [
      [open, open.url()],
      [guarded, guarded.url(CREDS)],
      [socksOpen, socksOpen.url()],
      [socksGuarded, socksGuarded.url(CREDS)],
    ];
    for (const [proxy, url] of cases) {
      const before = target.accepted();
      const result = await test(url);
      expect(result, url).toMatchObject({ ok: true, target: `${TARGET_NAME}:${target.port}` });
      expect(result.latencyMs).toBeGreaterThan(0);
      expect(result.exitIp).toMatch(/^203\.0\.113\.\d+$/);
      expect(result.error).toBeUndefined();
      // The proxy was asked for the target by name, and the target got the connection.
      expect(proxy.tunnels.map((t) => t.target)).toContain(`${TARGET_NAME}:${target.port}`);
      expect(target.accepted()).toBeGreaterThan(before);
    }
  });

  it("passes a proxy given by host name, and a rotating proxy whose exit IP changes on every check", async () => {
    const first = await test(open.url(undefined, "localhost"));
    const second = await test(open.url(undefined, "localhost"));
    expect(first.ok && second.ok).toBe(true);
    expect(first.exitIp).not.toBe(second.exitIp);
  });

  it("tells auth failures, refused, DNS, timeouts, wrong protocols and unreachable targets apart", async () => {
    const refusedPort = await closedPort();
    const cases: Array<[string, string, RegExp]> = [
      [guarded.url(), "auth", /wants credentials \(407/],
      [guarded.url({ user: CREDS.user, password: "wrong" }), "auth", /refused the credentials/],
      [socksGuarded.url(), "auth", /wants credentials/],
      [socksGuarded.url({ user: CREDS.user, password: "wrong" }), "auth", /refused the credentials/],
      [`http://127.0.0.1:${refusedPort}`, "refused", /connection refused/],
      [`socks5h://127.0.0.1:${refusedPort}`, "refused", /connection refused/],
      ["http://no-such-proxy.invalid:3128", "dns", /no-such-proxy\.invalid does not resolve/],
      [`http://127.0.0.1:${silent.port}`, "timeout", /within 1 s/],
      [`socks5://127.0.0.1:${silent.port}`, "timeout", /within 1 s/],
      // An HTTP proxy URL pointing at a SOCKS server, and the other way round.
      [`http://127.0.0.1:${socksOpen.port}`, "protocol", /HTTP/],
      [`socks5h://127.0.0.1:${open.port}`, "protocol", /SOCKS5/],
      // TLS to a proxy that speaks plain HTTP.
      [`https://127.0.0.1:${open.port}`, "protocol", /TLS/],
      // socks5:// resolves the target here, where its name is unknown; socks5h:// would let the proxy resolve it.
      [`socks5://127.0.0.1:${socksOpen.port}`, "dns", /socks5h:\/\//],
    ];
    for (const [url, code, words] of cases) {
      const result = await test(url);
      expect(result, url).toMatchObject({ ok: false, errorCode: code });
      expect(result.error, url).toMatch(words);
      expect(result.exitIp).toBeUndefined();
    }
  });

  it("says the proxy works but cannot reach the target when the target is down", async () => {
    const down = await startGateway({ PROXY_CHECK_TARGET: `127.0.0.1:${await closedPort()}`, PROXY_CHECK_TIMEOUT_SECONDS: "2" });
    try {
      const t = await login(down.url);
      for (const url of [open.url(), socksOpen.url()]) {
        const res = await api(down.url, "POST", "/api/v1/proxies/test", { token: t, body: { url } });
        expect(res.body, url).toMatchObject({ ok: false, errorCode: "target" });
      }
    } finally {
      await down.stop();
    }
  });

  it("refuses what is not a proxy URL with a 400 naming the field, and a cloud metadata address", async () => {
    const bad = [
      "ftp://proxy.example.com:21",
      "http://",
      "socks5://proxy.example.com",
      "http://proxy.example.com:8080/path",
      "http://proxy.example.com:8080?x=1",
      "http://us%ZZer:pw@proxy.example.com:8080",
      "http://:pw@proxy.example.com:8080",
      "socks5h://proxy.example.com:0",
      "http://169.254.169.254:80",
      "not a url",
    ];
    for (const url of bad) {
      const res = await api(gw.url, "POST", "/api/v1/proxies/test", { token, body: { url } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.message, url).toMatch(/body\.url/);
      expect(JSON.stringify(res.body), url).not.toContain("pw@");
    }
    expect((await api(gw.url, "POST", "/api/v1/proxies/test", { token, body: { url: open.url(), extra: 1 } })).status).toBe(400);
    expect((await api(gw.url, "POST", "/api/v1/proxies/test", { token, body: {} })).status).toBe(400);
  });

  it("is for operators: an instance token gets 403", async () => {
    const created = await api(gw.url, "POST", "/api/v1/instances", { token, body: { name: "token-owner", connect: false } });
    const key = await api(gw.url, "POST", "/api/v1/api-keys", { token, body: { name: "inst", scope: "instance", instanceId: created.body.id } });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    const res = await api(gw.url, "POST", "/api/v1/proxies/test", { token: key.body.token, body: { url: open.url() } });
    expect(res.status).toBe(403);
  });
});
