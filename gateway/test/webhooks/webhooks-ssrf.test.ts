import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestWebhookResponse } from "../../../contract/webhooks";
import { ConfigError, loadConfig } from "../../src/config";
import { METADATA_IPS, OutboundHttp } from "../../src/modules/webhooks/outbound-http";
import { FAST_SANDBOX, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { caller } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// SSRF: every request to a user-given URL goes through one client that refuses private, loopback, link-local,
// unique-local, IPv4-mapped and metadata addresses after DNS, never follows redirects, and only lets through
// addresses listed exactly in WEBHOOK_ALLOW_IPS. Canary servers on 127.0.0.1 and ::1 count every hit.

// Names that resolve to refused addresses, for the after-DNS check (request-filtering-agent and our lookup). The
// agent imports node:dns as an ES module: syncBuiltinESMExports makes it see this stub too.
const STUB_DNS: Record<string, { address: string; family: 4 | 6 }> = {
  "azure-wireserver.test": { address: "168.63.129.16", family: 4 },
  "v4-compatible.test": { address: "::7f00:1", family: 6 },
  "reserved-v6.test": { address: "4000::1", family: 6 },
  "ec2-metadata-v6.test": { address: "fd00:ec2::254", family: 6 },
};
const LOOPBACK = ["127.0.0.1", "::1", "localhost"];

// Belt and braces: record every outgoing TCP connect in this process, and refuse any that is not loopback, so
// this test can never send a packet anywhere else even if the filter failed.
const connects: string[] = [];
const originalConnect = net.Socket.prototype.connect;
/** For a stubbed name: the address net is handed after every filter's lookup, refused unless loopback. */
const guardedLookup = (inner: NonNullable<net.TcpSocketConnectOpts["lookup"]>) =>
  ((hostname: string, options: dns.LookupOptions, callback: (error: Error | null, address?: unknown, family?: number) => void) =>
    (inner as (h: string, o: dns.LookupOptions, cb: typeof callback) => void)(hostname, options, (error, address, family) => {
      if (error) return callback(error);
      const resolved = Array.isArray(address) ? (address as dns.LookupAddress[]).map((a) => a.address) : [String(address)];
      connects.push(...resolved);
      const refused = resolved.find((a) => !LOOPBACK.includes(a));
      if (refused) return callback(new Error(`test guard: refused to connect to ${refused}`));
      callback(null, address, family);
    })) as NonNullable<net.TcpSocketConnectOpts["lookup"]>;
beforeAll(() => {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect() passes its normalized [options, callback] pair as the first argument.
    const options = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const host = typeof options === "object" && options !== null && "host" in options ? String((options as { host?: string }).host) : "127.0.0.1";
    if (typeof options === "object" && options !== null && "port" in options) {
      if (host in STUB_DNS) {
        const opts = options as net.TcpSocketConnectOpts;
        opts.lookup = guardedLookup(opts.lookup ?? dns.lookup);
      } else {
        connects.push(host);
        if (!LOOPBACK.includes(host)) throw new Error(`test guard: refused to connect to ${host}`);
      }
    }
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
});
afterAll(() => {
  net.Socket.prototype.connect = originalConnect;
});

let canary: Receiver;
let canary6: Receiver;
beforeAll(async () => {
  canary = await startReceiver({ respond: () => ({ status: 200, body: "canary" }) });
  canary6 = await startReceiver({ host: "::1", respond: () => ({ status: 200, body: "canary6" }) });
});
afterAll(async () => {
  await canary?.close();
  await canary6?.close();
});

const blockedLiterals = (port: number) => [
  [`http://127.0.0.1:${port}/hook`, "loopback"],
  [`http://127.0.0.2:${port}/hook`, "loopback"],
  [`http://[::1]:${port}/hook`, "loopback"],
  [`http://[::ffff:127.0.0.1]:${port}/hook`, "ipv4Mapped"],
  ["http://169.254.169.254/latest/meta-data/", "linkLocal"],
  ["http://[fd00:ec2::254]/latest/meta-data/", "uniqueLocal"],
  [`http://[::127.0.0.1]:${port}/hook`, "ipv4Compatible"], // ::7f00:1, which ipaddr.js calls unicast
  ["http://[::a00:1]/hook", "ipv4Compatible"], // ::10.0.0.1
  ["http://[4000::1]/hook", "reserved"], // outside 2000::/3, the only global unicast block
  ["http://168.63.129.16/machine/?comp=goalstate", "cloud metadata"], // Azure WireServer: a public unicast address
  ["http://100.100.100.200/latest/meta-data/", "carrierGradeNat"], // Alibaba
  ["http://10.0.0.1/hook", "private"],
  ["http://192.168.1.10/hook", "private"],
  [`http://0.0.0.0:${port}/hook`, "unspecified"],
] as const;

// Without the filter, a stubbed name's address would reach net, and the guard above would stop it there.
const originalLookup = dns.lookup;
beforeAll(() => {
  dns.lookup = ((hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === "function" ? options : callback) as (...args: unknown[]) => void;
    const opts = (typeof options === "object" && options !== null ? options : {}) as dns.LookupOptions;
    const stub = STUB_DNS[hostname];
    if (!stub) return (originalLookup as (...a: unknown[]) => void)(hostname, options, callback);
    process.nextTick(() => (opts.all ? cb(null, [stub]) : cb(null, stub.address, stub.family)));
  }) as typeof dns.lookup;
  syncBuiltinESMExports();
});
afterAll(() => {
  dns.lookup = originalLookup;
  syncBuiltinESMExports();
});

describe("with an empty allow-list (the default)", () => {
  let gw: RunningGateway;
  let token: string;
  const { call, connectedInstance, createWebhook, inbound, deliveries, detail } = caller(() => gw, () => token);
  beforeAll(async () => {
    gw = await startGateway({ ...FAST_SANDBOX, WEBHOOK_RETRY_SCALE: "0.001" });
    token = await login(gw.url);
  });
  afterAll(async () => gw?.stop());

  it("refuses literal private, loopback, link-local, unique-local and IPv4-mapped URLs when saved (400 on body.url)", async () => {
    for (const [url, range] of blockedLiterals(canary.port)) {
      const res = await call("POST", "/api/v1/webhooks", { url, events: ["message.received"] });
      expect(res.status, url).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe("body.url");
      expect(res.body.error.message, url).toContain(`${range} address`);
      expect(res.body.error.message).toContain("WEBHOOK_ALLOW_IPS");
    }
    expect((await call("GET", "/api/v1/webhooks")).body.items).toHaveLength(0);
  });

  it("blocks a name that resolves to loopback (localhost) after DNS, before connecting: test tool and real deliveries", async () => {
    const hook = await createWebhook({ url: `http://localhost:${canary.port}/hook`, events: ["message.received"] });
    const res = await call("POST", `/api/v1/webhooks/${hook.id}/test`, { event: "message.received" });
    expect(res.status).toBe(200);
    const result = TestWebhookResponse.parse(res.body);
    expect(result.ok).toBe(false);
    expect(result.statusCode).toBeUndefined();
    expect(result.error).toMatch(/^Blocked: 127\.0\.0\.1.*host:localhost.*private IP address/);
    expect(canary.hits).toBe(0); // refused after the lookup, before connecting

    const instanceId = await connectedInstance("SSRF");
    await inbound(instanceId, "to localhost");
    const [d] = await waitUntil(() => deliveries(hook.id, "&event=message.received&status=retrying,failed"), (x) => (x.find((y) => !y.test)?.attempts ?? 0) >= 2, "two blocked attempts");
    const real = (await deliveries(hook.id)).find((x) => !x.test) ?? d!;
    expect(real.lastError).toMatch(/^Blocked:/);
    const log = (await detail(real.id)).attemptLog;
    expect(log.every((a) => a.statusCode === undefined && /^Blocked:/.test(a.error ?? ""))).toBe(true);
    await call("DELETE", `/api/v1/webhooks/${hook.id}`);
  });

  it("the client itself refuses every literal before opening a socket (second layer behind the save check)", async () => {
    const client = new OutboundHttp({ allowIps: [] });
    const before = connects.length;
    for (const [url] of blockedLiterals(canary.port)) {
      const result = await client.post(url, {}, "{}");
      expect(result.blocked, url).toBe(true);
      expect(result.error).toMatch(/^Blocked:/);
    }
    expect(connects.length).toBe(before); // not one socket opened
    const viaDns = await client.post(`http://localhost:${canary.port}/`, {}, "{}");
    expect(viaDns).toMatchObject({ blocked: true });
    client.close();
    expect(canary.hits).toBe(0);
    expect(canary6.hits).toBe(0);
    expect(client.timeoutMs).toBe(15_000);
  });

  it("after DNS too: names resolving to a metadata, IPv4-compatible or reserved address are refused, before connecting", async () => {
    const client = new OutboundHttp({ allowIps: [] });
    const before = connects.length;
    for (const [host, { address }] of Object.entries(STUB_DNS)) {
      const result = await client.post(`http://${host}:${canary.port}/hook`, {}, "{}");
      expect(result.blocked, host).toBe(true);
      expect(result.error, host).toMatch(new RegExp(`^Blocked: ${address.replace(/[.:]/g, "\\$&")}\\(family:\\d, host:${host.replace(/\./g, "\\.")}\\) is not allowed`));
    }
    expect(connects.length).toBe(before); // no address got past the filters to net
    client.close();

    // The same through the gateway: saving a name is allowed (it is resolved when sending), the test tool is refused.
    const hook = await createWebhook({ url: `http://azure-wireserver.test:${canary.port}/hook`, events: ["message.received"] });
    const res = await call("POST", `/api/v1/webhooks/${hook.id}/test`, { event: "message.received" });
    expect(TestWebhookResponse.parse(res.body)).toMatchObject({ ok: false, error: expect.stringMatching(/^Blocked: 168\.63\.129\.16.*cloud metadata/) });
    await call("DELETE", `/api/v1/webhooks/${hook.id}`);
  });

  it("metadata addresses stay refused even when listed in WEBHOOK_ALLOW_IPS (literal and after DNS)", async () => {
    const client = new OutboundHttp({ allowIps: [...METADATA_IPS, "::7f00:1"] });
    for (const ip of METADATA_IPS) {
      const literal = ip.includes(":") ? `[${ip}]` : ip;
      expect(client.refuse(`http://${literal}/`), ip).toMatch(/cloud metadata address; webhooks may never reach it, not even when listed in WEBHOOK_ALLOW_IPS/);
      const result = await client.post(`http://${literal}/`, {}, "{}");
      expect(result.blocked, ip).toBe(true);
    }
    // An allow-listed address that is not a metadata one is allowed, as before.
    expect(client.refuse("http://[::7f00:1]/")).toBeNull();
    const viaDns = await client.post("http://azure-wireserver.test/", {}, "{}");
    expect(viaDns).toMatchObject({ blocked: true, error: expect.stringMatching(/^Blocked: 168\.63\.129\.16/) });
    client.close();
    expect(connects.some((h) => METADATA_IPS.includes(h))).toBe(false);
  });

  it("no traffic reached either canary, and no connection went anywhere but loopback", () => {
    expect(canary.hits).toBe(0);
    expect(canary6.hits).toBe(0);
    expect(connects.length).toBeGreaterThan(0); // the guard sees this process's connections
    expect(connects.every((h) => h === "127.0.0.1" || h === "::1" || h === "localhost")).toBe(true);
  });
});

describe("with WEBHOOK_ALLOW_IPS=127.0.0.1", () => {
  let gw: RunningGateway;
  let token: string;
  const { call, createWebhook, deliveries } = caller(() => gw, () => token);
  const redirectors: Receiver[] = [];
  beforeAll(async () => {
    gw = await startGateway({ ...FAST_SANDBOX, WEBHOOK_ALLOW_IPS: "127.0.0.1", WEBHOOK_RETRY_SCALE: "0.001" });
    token = await login(gw.url);
  });
  afterAll(async () => {
    await gw?.stop();
    await Promise.all(redirectors.map((r) => r.close()));
  });

  it("allows exactly that address; ::1, 127.0.0.2 and ::ffff:127.0.0.1 stay refused", async () => {
    for (const url of [`http://[::1]:${canary6.port}/`, `http://127.0.0.2:${canary.port}/`, `http://[::ffff:127.0.0.1]:${canary.port}/`, "http://169.254.169.254/"]) {
      expect((await call("POST", "/api/v1/webhooks", { url, events: ["message.received"] })).status, url).toBe(400);
    }
    const hook = await createWebhook({ url: `http://127.0.0.1:${canary.port}/hook`, events: ["message.received"] });
    const res = await call("POST", `/api/v1/webhooks/${hook.id}/test`, { event: "message.received" });
    expect(res.body).toMatchObject({ ok: true, statusCode: 200, bodyExcerpt: "canary" });
    expect(canary.hits).toBe(1);
    await call("DELETE", `/api/v1/webhooks/${hook.id}`);
  });

  it("never follows a redirect to a refused address (3xx = failure)", async () => {
    const hitsBefore = [canary.hits, canary6.hits];
    const targets = [`http://[::1]:${canary6.port}/stolen`, "http://169.254.169.254/latest/meta-data/iam/", `http://127.0.0.1:${canary.port}/allowed-but-redirected`];
    for (const location of targets) {
      const redirector = await startReceiver({ respond: () => ({ status: 302, headers: { location } }) });
      redirectors.push(redirector);
      const hook = await createWebhook({ url: redirector.url, events: ["message.received"] });
      const test = await call("POST", `/api/v1/webhooks/${hook.id}/test`, { event: "instance.status" });
      expect(test.body).toMatchObject({ ok: false, statusCode: 302 });
      expect(test.body.responseHeaders.location).toBe(location);
      const [d] = await deliveries(hook.id);
      expect(d).toMatchObject({ status: "failed", lastStatusCode: 302 });
      expect(redirector.hits).toBe(1);
      await call("DELETE", `/api/v1/webhooks/${hook.id}`);
    }
    expect([canary.hits, canary6.hits]).toEqual(hitsBefore);
  });
});

describe("WEBHOOK_ALLOW_IPS configuration", () => {
  it("takes exact IPs only", () => {
    expect(loadConfig({ WEBHOOK_ALLOW_IPS: "127.0.0.1, ::1" }).webhooks.allowIps).toEqual(["127.0.0.1", "::1"]);
    expect(loadConfig({}).webhooks).toEqual({ allowIps: [], retryScale: 1, deliveryRetentionMs: 30 * 86_400_000 });
    for (const bad of ["10.0.0.0/8", "localhost", "127.0.0.1,example.com"]) {
      expect(() => loadConfig({ WEBHOOK_ALLOW_IPS: bad }), bad).toThrow(ConfigError);
    }
    expect(() => loadConfig({ WEBHOOK_RETRY_SCALE: "0" })).toThrow(/WEBHOOK_RETRY_SCALE/);
  });
});
