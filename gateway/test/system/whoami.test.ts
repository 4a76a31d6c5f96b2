import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreatedApiKey } from "../../../contract/api-keys";
import { WhoAmIResponse } from "../../../contract/auth";
import { Instance } from "../../../contract/instances";
import { api, login, startGateway, type RunningGateway } from "../support/gateway";

let gw: RunningGateway;
let session: string;

beforeAll(async () => {
  gw = await startGateway();
  session = await login(gw.url);
});
afterAll(() => gw.stop());

const whoami = async (token?: string) => api(gw.url, "GET", "/api/v1/auth/whoami", { token });
const createKey = async (body: Record<string, unknown>) => {
  const res = await api(gw.url, "POST", "/api/v1/api-keys", { token: session, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return CreatedApiKey.parse(res.body);
};

describe("GET /api/v1/auth/whoami: any valid credential may ask who it is", () => {
  it("names the operator for a session", async () => {
    const res = await whoami(session);
    expect(res.status).toBe(200);
    const me = WhoAmIResponse.parse(res.body);
    expect(me.kind).toBe("session");
    if (me.kind === "session") {
      expect(me.operator.username).toBe("admin");
      expect(Date.parse(me.session.idleExpiresAt)).toBeGreaterThan(Date.now());
    }
  });

  it("gives an admin key and an instance token their id, name, scope, instance and permissions, never the key", async () => {
    const instance = Instance.parse((await api(gw.url, "POST", "/api/v1/instances", { token: session, body: { name: "Whoami", connect: false } })).body);
    const admin = await createKey({ name: "deploys", scope: "admin", permissions: ["keys:manage"] });
    const scoped = await createKey({ name: "crm", scope: "instance", instanceId: instance.id });

    const asAdmin = await whoami(admin.token);
    expect(asAdmin.status).toBe(200);
    expect(WhoAmIResponse.parse(asAdmin.body)).toMatchObject({
      kind: "apiKey",
      apiKey: { id: admin.key.id, name: "deploys", scope: "admin", instanceId: null, permissions: ["keys:manage"], hint: admin.key.hint },
    });
    const asToken = await whoami(scoped.token);
    expect(asToken.status).toBe(200);
    expect(WhoAmIResponse.parse(asToken.body)).toMatchObject({
      kind: "apiKey",
      apiKey: { id: scoped.key.id, name: "crm", scope: "instance", instanceId: instance.id, permissions: [] },
    });
    for (const res of [asAdmin, asToken]) expect(JSON.stringify(res.body)).not.toMatch(/wam_[0-9A-Za-z]{36}/);
    // The instance token is still refused elsewhere: whoami opens nothing else.
    expect((await api(gw.url, "GET", "/api/v1/instances", { token: scoped.token })).status).toBe(403);
  });

  it("is 401 without a credential, with a bad one and with a revoked key", async () => {
    const key = await createKey({ name: "short-lived", scope: "admin" });
    expect((await api(gw.url, "DELETE", `/api/v1/api-keys/${key.key.id}`, { token: session })).status).toBe(200);
    for (const token of [undefined, "wgs_not-a-real-session-token-at-all", key.token]) {
      const res = await whoami(token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
  });
});
