import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreatedApiKey } from "../../../contract/api-keys";
import { ErrorBody } from "../../../contract/errors";
import { ConfigError, loadConfig } from "../../src/config";
import { api, login, startGateway, withLastCharChanged, type RunningGateway } from "../support/gateway";
import { METRICS_TOKEN, scrape } from "../support/metrics";

// Who may read GET /metrics: METRICS_TOKEN or a key of scope metrics, and such a key nothing else.
let plain: RunningGateway;
let withToken: RunningGateway;
let session: string;
let tokenSession: string;

const fill = (url: string) => url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => (name === "id" ? "ins_abcdefghij12" : `x-${name}`));
const createKey = async (gw: RunningGateway, token: string, body: Record<string, unknown>) => api(gw.url, "POST", "/api/v1/api-keys", { token, body });

beforeAll(async () => {
  [plain, withToken] = await Promise.all([startGateway({}, { dataDir: "", captureLogs: true }), startGateway({ METRICS_TOKEN }, { dataDir: "", captureLogs: true })]);
  [session, tokenSession] = await Promise.all([login(plain.url), login(withToken.url)]);
});
afterAll(async () => {
  await Promise.all([plain?.stop(), withToken?.stop()]);
});

describe("GET /metrics without METRICS_TOKEN", () => {
  it("does not exist until a metrics key does, then takes that key and refuses every other credential", async () => {
    for (const token of [null, "some-token-that-is-long-enough", session]) {
      const res = await scrape(plain.url, token);
      expect(res.status, `with ${token ? "a" : "no"} token`).toBe(404);
      expect(ErrorBody.parse(JSON.parse(res.body)).error).toEqual({ code: "not_found", message: "No route GET /metrics" });
    }

    const bad = await createKey(plain, session, { name: "scraper", scope: "metrics", instanceId: "ins_abcdefghij12" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("must be empty when scope is metrics");
    expect((await createKey(plain, session, { name: "scraper", scope: "metrics", permissions: ["keys:manage"] })).status).toBe(400);

    const created = await createKey(plain, session, { name: "Prometheus", scope: "metrics" });
    expect(created.status).toBe(201);
    const metricsKey = CreatedApiKey.parse(created.body);
    expect(metricsKey.key).toMatchObject({ scope: "metrics", instanceId: null, permissions: [] });

    const ok = await scrape(plain.url, metricsKey.token);
    expect(ok.status).toBe(200);
    expect(ok.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(ok.body).toMatch(/^wam_instances\{status="CONNECTED"(,node="[^"]+")?\} 0$/m);

    const admin = CreatedApiKey.parse((await createKey(plain, session, { name: "admin", scope: "admin" })).body).token;
    const refusals: Array<[string | null, number]> = [
      [null, 401],
      ["not-the-metrics-token-at-all", 401],
      [session, 401],
      [withLastCharChanged(metricsKey.token), 401],
      [admin, 403],
    ];
    for (const [token, status] of refusals) {
      const res = await scrape(plain.url, token);
      expect(res.status, `${token ?? "no token"}`).toBe(status);
      expect(ErrorBody.parse(JSON.parse(res.body)).error.code).toBe(status === 401 ? "unauthorized" : "forbidden");
    }

    // Unknown query parameters are refused as on every route.
    const query = await scrape(plain.url, metricsKey.token, "?format=json");
    expect(query.status).toBe(400);
    expect(JSON.parse(query.body).error.message).toMatch(/query\.format is not a parameter of this route/);

    // Revoked: the route is gone again.
    expect((await api(plain.url, "DELETE", `/api/v1/api-keys/${metricsKey.key.id}`, { token: session })).status).toBe(200);
    expect((await scrape(plain.url, metricsKey.token)).status).toBe(404);
    expect(plain.logs.join("\n")).not.toContain(metricsKey.token);
  });

  it("a metrics key is refused (403) on every other route, whoami included", async () => {
    const { token } = CreatedApiKey.parse((await createKey(plain, session, { name: "scraper only", scope: "metrics" })).body);
    const routes = plain.gateway.routes.filter((r) => r.auth !== "public" && r.auth !== "metrics");
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const res = await api(plain.url, route.method, fill(route.url), { token, body: route.method === "GET" ? undefined : {} });
      expect(res.status, `${route.method} ${route.url}`).toBe(403);
      expect(res.body.error.message).toBe("A metrics key may only read GET /metrics.");
    }
    expect((await scrape(plain.url, token)).status).toBe(200);
  });
});

describe("GET /metrics with METRICS_TOKEN", () => {
  it("takes exactly that token; nothing else, and never writes it to the log", async () => {
    const ok = await scrape(withToken.url, METRICS_TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(/^# HELP wam_/m);
    for (const token of [null, `${METRICS_TOKEN}x`, METRICS_TOKEN.toUpperCase(), METRICS_TOKEN.slice(1), tokenSession]) {
      const res = await scrape(withToken.url, token);
      expect(res.status).toBe(401);
      expect(ErrorBody.parse(JSON.parse(res.body)).error.code).toBe("unauthorized");
      expect(res.body).not.toContain(METRICS_TOKEN);
    }
    const admin = CreatedApiKey.parse((await createKey(withToken, tokenSession, { name: "admin", scope: "admin" })).body).token;
    expect((await scrape(withToken.url, admin)).status).toBe(403);
    // The token is not a credential anywhere else.
    expect((await api(withToken.url, "GET", "/api/v1/instances", { token: METRICS_TOKEN })).status).toBe(401);
    expect(withToken.logs.length).toBeGreaterThan(0);
    expect(withToken.logs.join("\n")).not.toContain(METRICS_TOKEN);
  });

  it("is validated at start, and a bad one is never echoed", () => {
    for (const value of ["too-short", "has a space in it, long enough", "ünïcödé-tökén-long-enough"]) {
      let error: unknown;
      try {
        loadConfig({ METRICS_TOKEN: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).lines.join("\n")).toMatch(/^Invalid configuration: METRICS_TOKEN=\(hidden\) /);
      expect((error as ConfigError).lines.join("\n")).not.toContain(value);
    }
    expect(loadConfig({ METRICS_TOKEN: "bG9uZy1lbm91Z2gtYmFzZTY0LXRva2Vu+/==" }).metrics).toEqual({ token: "bG9uZy1lbm91Z2gtYmFzZTY0LXRva2Vu+/==", perInstance: false });
    expect(loadConfig({ METRICS_PER_INSTANCE: "true" }).metrics).toEqual({ perInstance: true });
    expect(() => loadConfig({ METRICS_PER_INSTANCE: "yes" })).toThrow(/METRICS_PER_INSTANCE="yes" must be one of: true, false/);
  });
});
