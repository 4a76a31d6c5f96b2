import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorBody } from "../../../contract/errors";
import { api, login, startGateway, type RunningGateway } from "../support/gateway";

// Walks the gateway's own route table, so every route added later is covered without editing this test.
let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.stop());

const PUBLIC = ["GET /health", "GET /openapi.json", "POST /api/v1/auth/login"];
const fill = (url: string) => url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => (name === "id" ? "ins_abcdefghij12" : `x-${name}`));

describe("authentication on every route", () => {
  it("has exactly the documented public routes", () => {
    const open = gw.gateway.routes.filter((r) => r.auth === "public").map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual([...PUBLIC].sort());
  });

  it("answers 401 with the error shape on every /api/v1 route without credentials, or with bad ones", async () => {
    // GET /metrics is not an /api route and answers 404 until it is configured (metrics/metrics-auth.test.ts).
    const protectedRoutes = gw.gateway.routes.filter((r) => r.auth !== "public" && r.auth !== "metrics");
    expect(gw.gateway.routes.filter((r) => r.auth === "metrics").map((r) => `${r.method} ${r.url}`)).toEqual(["GET /metrics"]);
    expect((await api(gw.url, "GET", "/metrics")).status).toBe(404);
    expect(protectedRoutes.length).toBeGreaterThan(3);
    for (const route of protectedRoutes) {
      expect(route.url.startsWith("/api/v1/")).toBe(true);
      for (const token of [undefined, "wgs_not-a-real-session-token-at-all"]) {
        const res = await api(gw.url, route.method, fill(route.url), { token, body: route.method === "GET" ? undefined : {} });
        expect(res.status, `${route.method} ${route.url} with ${token ? "a bad" : "no"} token`).toBe(401);
        expect(ErrorBody.parse(res.body).error.code).toBe("unauthorized");
      }
    }
  });

  it("refuses credentials that are not a Bearer header", async () => {
    const token = await login(gw.url);
    const attempts: Record<string, string>[] = [{ authorization: token }, { authorization: `Basic ${token}` }, { "x-api-key": token }];
    for (const headers of attempts) {
      expect((await api(gw.url, "GET", "/api/v1/auth/me", { headers })).status).toBe(401);
    }
    expect((await api(gw.url, "GET", `/api/v1/auth/me?token=${token}`)).status).toBe(401);
  });
});
