import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorBody } from "../../../contract/errors";
import { HealthResponse } from "../../../contract/health";
import { migrations } from "../../src/db/migrations/index";
import { api, startGateway, type RunningGateway, storedRows, TEST_DIALECT } from "../support/gateway";

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw.stop();
});

describe("gateway over real HTTP", () => {
  it("answers /health with the contract's shape", async () => {
    const res = await api(gw.url, "GET", "/health");
    expect(res.status).toBe(200);
    const health = HealthResponse.parse(res.body);
    expect(health).toMatchObject({ status: "ok", db: { ok: true, dialect: TEST_DIALECT }, engine: "sandbox" });
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it(`applies the versioned migrations to the database (${TEST_DIALECT}) on start`, async () => {
    const names = await storedRows<{ name: string }>(gw.dataDir, "select name from kysely_migration order by name");
    expect(names.map((n) => n.name)).toEqual(Object.keys(migrations).sort());
    expect(names[0]?.name).toBe("0001-initial");
  });

  it("rejects a bad body with a 400 that names the field", async () => {
    const res = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin" } });
    expect(res.status).toBe(400);
    const body = ErrorBody.parse(res.body);
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain("body.password");
    expect(body.error.details?.issues).toEqual([{ path: "body.password", message: expect.any(String) }]);
  });

  it("rejects unknown fields and wrong types, naming each", async () => {
    const res = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: 42, password: "x", extra: true } });
    expect(res.status).toBe(400);
    const paths = (res.body.error.details.issues as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(["body", "body.username"]);
    expect(res.body.error.details.issues.find((i: { path: string }) => i.path === "body").message).toMatch(/extra/);
  });

  it("uses the error shape for malformed JSON and unknown routes", async () => {
    const bad = await api(gw.url, "POST", "/api/v1/auth/login", { body: "{not json" });
    expect(bad.status).toBe(400);
    expect(ErrorBody.parse(bad.body).error.code).toBe("bad_request");
    const missing = await api(gw.url, "GET", "/api/v1/nothing-here");
    expect(missing.status).toBe(404);
    expect(ErrorBody.parse(missing.body).error.message).toBe("No route GET /api/v1/nothing-here");
  });

  it("serves an OpenAPI 3.1 document built from the contract", async () => {
    const res = await api(gw.url, "GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(res.body.paths["/health"].get.security).toEqual([]);
    const login = res.body.paths["/api/v1/auth/login"].post;
    expect(login.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/LoginRequest" });
    expect(res.body.components.schemas.LoginRequest.required).toEqual(["username", "password"]);
    expect(res.body.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("allows CORS only for configured origins", async () => {
    const allowed = await api(gw.url, "OPTIONS", "/health", {
      headers: { origin: "http://localhost:3000", "access-control-request-method": "GET" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    const denied = await api(gw.url, "OPTIONS", "/health", {
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });
});
