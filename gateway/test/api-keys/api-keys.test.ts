import fs from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ApiKeyList, CreatedApiKey } from "../../../contract/api-keys";
import { Instance } from "../../../contract/instances";
import { SendMessageResponse } from "../../../contract/messages";
import { isWellFormedApiKey } from "../../src/modules/api-keys/api-key-service";
import { FAST_SANDBOX, api, login, startGateway, waitUntil, withLastCharChanged, type RunningGateway } from "../support/gateway";

let gw: RunningGateway;
let session: string;
let instanceA: Instance;
let instanceB: Instance;

const create = async (body: Record<string, unknown>) => {
  const res = await api(gw.url, "POST", "/api/v1/api-keys", { token: session, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return CreatedApiKey.parse(res.body);
};

beforeAll(async () => {
  gw = await startGateway(FAST_SANDBOX, { dataDir: "", captureLogs: true });
  session = await login(gw.url);
  instanceA = Instance.parse((await api(gw.url, "POST", "/api/v1/instances", { token: session, body: { name: "A" } })).body);
  instanceB = Instance.parse((await api(gw.url, "POST", "/api/v1/instances", { token: session, body: { name: "B", connect: false } })).body);
});
afterAll(() => gw.stop());

describe("API keys and instance tokens", () => {
  it("a created key works, is shown once, and never appears in any response, log line or database byte", async () => {
    const { key, token } = await create({ name: "CI deploys", scope: "admin" });
    expect(token).toMatch(/^wam_[0-9A-Za-z]{36}$/);
    expect(isWellFormedApiKey(token)).toBe(true);
    expect(key.hint).toBe(`wam_…${token.slice(-4)}`);

    const listed = await api(gw.url, "GET", "/api/v1/instances", { token });
    expect(listed.status).toBe(200);
    const keys = await api(gw.url, "GET", "/api/v1/api-keys?includeRevoked=true", { token: session });
    expect(ApiKeyList.parse(keys.body).items.map((k) => k.id)).toContain(key.id);
    for (const res of [listed, keys, await api(gw.url, "GET", "/openapi.json")]) expect(JSON.stringify(res.body)).not.toContain(token);

    await gw.gateway.app.db.selectFrom("api_keys").selectAll().execute(); // the WAL is part of the file set below
    for (const file of fs.readdirSync(gw.dataDir)) {
      expect(fs.readFileSync(path.join(gw.dataDir, file)).includes(token), file).toBe(false);
    }
    expect(gw.logs.length).toBeGreaterThan(0);
    expect(gw.logs.join("\n")).not.toContain(token);
  });

  it("refuses a key with a bad checksum before any database look-up", async () => {
    const { token } = await create({ name: "typo", scope: "admin" });
    const broken = withLastCharChanged(token);
    expect(isWellFormedApiKey(broken)).toBe(false);
    const spy = vi.spyOn(gw.gateway.app.db, "selectFrom");
    const res = await api(gw.url, "GET", "/api/v1/instances", { token: broken });
    const lookups = spy.mock.calls.filter(([table]) => String(table).includes("api_keys"));
    spy.mockRestore();
    expect(res.status).toBe(401);
    expect(lookups).toHaveLength(0);
  });

  it("revoked and expired keys get 401", async () => {
    const revoked = await create({ name: "to revoke", scope: "admin" });
    expect((await api(gw.url, "GET", "/api/v1/instances", { token: revoked.token })).status).toBe(200);
    expect((await api(gw.url, "DELETE", `/api/v1/api-keys/${revoked.key.id}`, { token: session })).status).toBe(200);
    const after = await api(gw.url, "GET", "/api/v1/instances", { token: revoked.token });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/revoked or has expired/);

    const expiring = await create({ name: "short-lived", scope: "admin", expiresAt: new Date(Date.now() + 1200).toISOString() });
    expect((await api(gw.url, "GET", "/api/v1/instances", { token: expiring.token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1400));
    expect((await api(gw.url, "GET", "/api/v1/instances", { token: expiring.token })).status).toBe(401);
  });

  it("keeps lastUsedAt, throttled", async () => {
    const { key, token } = await create({ name: "usage", scope: "admin" });
    expect(key.lastUsedAt).toBeNull();
    await api(gw.url, "GET", "/api/v1/instances", { token });
    const seen = ApiKeyList.parse((await api(gw.url, "GET", "/api/v1/api-keys", { token: session })).body).items.find((k) => k.id === key.id)!;
    expect(seen.lastUsedAt).not.toBeNull();
  });

  it("validates creation: instance scope needs an existing instance, admin scope none, expiry in the future", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "x", scope: "instance" }, "body.instanceId"],
      [{ name: "x", scope: "admin", instanceId: instanceA.id }, "body.instanceId"],
      [{ name: "x", scope: "instance", instanceId: "ins_doesnotexist99" }, "body.instanceId"],
      [{ name: "x", scope: "admin", expiresAt: "2001-01-01T00:00:00Z" }, "body.expiresAt"],
      [{ name: "", scope: "root" }, "body.name"],
    ];
    const before = (await gw.gateway.app.db.selectFrom("api_keys").select("id").execute()).length;
    for (const [body, field] of cases) {
      const res = await api(gw.url, "POST", "/api/v1/api-keys", { token: session, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message, JSON.stringify(body)).toContain(field);
    }
    expect((await gw.gateway.app.db.selectFrom("api_keys").select("id").execute()).length).toBe(before);
  });

  it("enforces the scope matrix on every /api/v1 route (walks the route table)", async () => {
    const admin = (await create({ name: "matrix admin", scope: "admin" })).token;
    const manager = (await create({ name: "matrix manager", scope: "admin", permissions: ["keys:manage"] })).token;
    const tokenA = (await create({ name: "matrix A", scope: "instance", instanceId: instanceA.id })).token;
    const fill = (url: string, id: string) => url.replace(":id", id).replace(/:([A-Za-z]+)/g, "x-$1");
    const denied = (status: number) => status === 401 || status === 403;
    // GET /metrics takes only METRICS_TOKEN or a metrics key: its own matrix is in metrics/metrics-auth.test.ts.
    const routes = gw.gateway.routes.filter((r) => r.auth !== "public" && r.auth !== "metrics" && !r.url.includes("/auth/logout"));
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) {
      const call = (token: string, id: string) => api(gw.url, route.method, fill(route.url, id), { token, body: route.method === "GET" ? undefined : {} });
      const label = `${route.method} ${route.url}`;
      // Deleting is destructive: the admin key deletes a throwaway instance instead of A.
      const target = route.method === "DELETE" && route.url === "/api/v1/instances/:id"
        ? Instance.parse((await api(gw.url, "POST", "/api/v1/instances", { token: session, body: { name: "Throwaway", connect: false } })).body).id
        : instanceA.id;
      const byAdmin = await call(admin, target);
      const ownA = await call(tokenA, instanceA.id);
      const otherB = await call(tokenA, instanceB.id);
      if (route.auth === "session") {
        expect(byAdmin.status, `${label} admin key`).toBe(403);
        expect(ownA.status, `${label} instance token`).toBe(403);
        continue;
      }
      if (route.permission) {
        // Creating and revoking keys needs keys:manage: a plain admin key gets 403 naming it, a manager passes.
        expect(byAdmin.status, `${label} admin key without ${route.permission}`).toBe(403);
        expect(byAdmin.body.error.message, label).toContain(route.permission);
        const byManager = await call(manager, target);
        expect(denied(byManager.status), `${label} admin key with ${route.permission} got ${byManager.status}`).toBe(false);
      } else {
        expect(denied(byAdmin.status), `${label} admin key got ${byAdmin.status}`).toBe(false);
      }
      if (route.auth === "instance") {
        expect(denied(ownA.status), `${label} own instance token got ${ownA.status}`).toBe(false);
        expect(otherB.status, `${label} other instance`).toBe(403);
      } else if (route.auth === "credential") {
        // About the caller itself (whoami): any valid credential, whatever instance the path would name.
        expect(denied(ownA.status), `${label} instance token got ${ownA.status}`).toBe(false);
        expect(denied(otherB.status), `${label} instance token got ${otherB.status}`).toBe(false);
      } else {
        expect(ownA.status, `${label} instance token on a non-instance route`).toBe(403);
      }
    }
  });

  it("an admin key creates or revokes keys only with keys:manage, so a leaked key cannot mint itself a successor", async () => {
    const leaked = await create({ name: "leaked", scope: "admin" });
    const count = async () => (await gw.gateway.app.db.selectFrom("api_keys").select("id").execute()).length;
    const before = await count();

    const minted = await api(gw.url, "POST", "/api/v1/api-keys", { token: leaked.token, body: { name: "successor", scope: "admin" } });
    expect(minted.status).toBe(403);
    expect(minted.body.error).toMatchObject({ code: "forbidden", details: { missingPermission: "keys:manage" } });
    expect(minted.body.error.message).toMatch(/lacks the keys:manage permission/);
    // Checked before the body: an invalid one is still a 403, not a hint about what would pass.
    expect((await api(gw.url, "POST", "/api/v1/api-keys", { token: leaked.token, body: {} })).status).toBe(403);
    const ownRevoke = await api(gw.url, "DELETE", `/api/v1/api-keys/${leaked.key.id}`, { token: leaked.token });
    expect(ownRevoke.status).toBe(403);
    expect(ownRevoke.body.error.message).toContain("keys:manage");
    expect(await count()).toBe(before);
    expect((await api(gw.url, "GET", "/api/v1/instances", { token: leaked.token })).status).toBe(200); // still an admin key otherwise
    expect(leaked.key.permissions).toEqual([]); // the default

    // The operator revokes it; nothing it could have made outlives it.
    expect((await api(gw.url, "DELETE", `/api/v1/api-keys/${leaked.key.id}`, { token: session })).status).toBe(200);
    expect((await api(gw.url, "GET", "/api/v1/instances", { token: leaked.token })).status).toBe(401);
    expect(await count()).toBe(before);

    // A key created with the right may do both, and the list shows the right.
    const manager = await create({ name: "key manager", scope: "admin", permissions: ["keys:manage"] });
    expect(manager.key.permissions).toEqual(["keys:manage"]);
    const made = await api(gw.url, "POST", "/api/v1/api-keys", { token: manager.token, body: { name: "made by a manager", scope: "instance", instanceId: instanceA.id } });
    expect(made.status).toBe(201);
    const madeKey = CreatedApiKey.parse(made.body).key;
    expect(madeKey.permissions).toEqual([]);
    expect((await api(gw.url, "DELETE", `/api/v1/api-keys/${madeKey.id}`, { token: manager.token })).status).toBe(200);
    const listed = ApiKeyList.parse((await api(gw.url, "GET", "/api/v1/api-keys?includeRevoked=true", { token: session })).body).items;
    expect(listed.find((k) => k.id === manager.key.id)?.permissions).toEqual(["keys:manage"]);
    expect(listed.find((k) => k.id === leaked.key.id)?.permissions).toEqual([]);
  });

  it("keys:manage is only for admin keys, and only known permissions are accepted", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "x", scope: "instance", instanceId: instanceA.id, permissions: ["keys:manage"] }, "body.permissions"],
      [{ name: "x", scope: "admin", permissions: ["keys:all"] }, "body.permissions.0"],
      [{ name: "x", scope: "admin", permissions: "keys:manage" }, "body.permissions"],
    ];
    for (const [body, field] of cases) {
      const res = await api(gw.url, "POST", "/api/v1/api-keys", { token: session, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message, JSON.stringify(body)).toContain(field);
    }
    const doc = (await api(gw.url, "GET", "/openapi.json")).body;
    expect(doc.components.schemas.CreateApiKeyRequest.properties.permissions).toMatchObject({ type: "array", default: [] });
    expect(doc.paths["/api/v1/api-keys"].post["x-credentials"]).toMatch(/keys:manage/);
    expect(doc.paths["/api/v1/api-keys"].get["x-credentials"]).not.toMatch(/keys:manage/);
  });

  it("sends a text through the sandbox with an instance token, returning the message id", async () => {
    const read = async () => Instance.parse((await api(gw.url, "GET", `/api/v1/instances/${instanceA.id}`, { token: session })).body);
    // The matrix walk above may have left A in any state: bring it to CONNECTED.
    if ((await read()).status !== "CONNECTED") {
      if (!["QR_REQUIRED", "INIT"].includes((await read()).status)) await api(gw.url, "POST", `/api/v1/instances/${instanceA.id}/reset`, { token: session });
      await waitUntil(read, (i) => i.status === "QR_REQUIRED", "QR");
      await api(gw.url, "POST", `/api/v1/sandbox/instances/${instanceA.id}/scan`, { token: session, body: {} });
    }
    await waitUntil(async () => Instance.parse((await api(gw.url, "GET", `/api/v1/instances/${instanceA.id}`, { token: session })).body), (i) => i.status === "CONNECTED", "CONNECTED");
    const tokenA = (await create({ name: "sender", scope: "instance", instanceId: instanceA.id })).token;
    const sent = await api(gw.url, "POST", `/api/v1/instances/${instanceA.id}/messages`, { token: tokenA, body: { to: "+49 151 2345 6789", text: "Hello" } });
    expect(sent.status).toBe(202);
    expect(SendMessageResponse.parse(sent.body)).toMatchObject({ to: "4915123456789@s.whatsapp.net", status: "pending", messageId: expect.stringMatching(/^SANDBOX/) });
    const bad = await api(gw.url, "POST", `/api/v1/instances/${instanceA.id}/messages`, { token: tokenA, body: { to: "hello", text: "" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["body.text", "body.to"]);
    const notConnected = await api(gw.url, "POST", `/api/v1/instances/${instanceB.id}/messages`, { token: session, body: { to: "4915123456789", text: "x" } });
    expect(notConnected.status).toBe(409);
  });

  it("tells an instance token that a name is taken, not which instance has it", async () => {
    const other = await api(gw.url, "POST", "/api/v1/instances", { token: session, body: { name: "Somebody Else", connect: false } });
    const tokenA = (await create({ name: "renamer", scope: "instance", instanceId: instanceA.id })).token;
    const before = Instance.parse((await api(gw.url, "GET", `/api/v1/instances/${instanceA.id}`, { token: session })).body).name;
    const clash = await api(gw.url, "PATCH", `/api/v1/instances/${instanceA.id}`, { token: tokenA, body: { name: "somebody else" } });
    expect(clash.status).toBe(409);
    expect(JSON.stringify(clash.body)).not.toContain(other.body.id as string);
    expect(clash.body.error).toMatchObject({ code: "conflict", message: 'Another instance is named "somebody else": choose another name', details: { issues: [{ path: "body.name" }] } });
    expect(Instance.parse((await api(gw.url, "GET", `/api/v1/instances/${instanceA.id}`, { token: session })).body).name).toBe(before);
    // An operator is told which one (to find it).
    const asOperator = await api(gw.url, "PATCH", `/api/v1/instances/${instanceA.id}`, { token: session, body: { name: "somebody else" } });
    expect(asOperator.body.error.message).toContain(other.body.id as string);
    await api(gw.url, "DELETE", `/api/v1/instances/${other.body.id as string}`, { token: session });
  });

  it("publishes a valid OpenAPI 3.1 document with auth schemes, and a local API reference page", async () => {
    const doc = (await api(gw.url, "GET", "/openapi.json")).body;
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/api-keys", "/api/v1/instances/{id}/messages", "/api/v1/instances/{id}/qr"]));
    expect(doc.paths["/api/v1/instances/{id}/messages"].post["x-credentials"]).toMatch(/instance token/);
    const docs = await fetch(`${gw.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("/docs/static/swagger-ui-bundle.js");
    const bundle = await fetch(`${gw.url}/docs/static/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    // Read to the end: an unread body holds the connection open, and the gateway's close would wait for it.
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});
