import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeyList, CreatedApiKey } from "../../../contract/api-keys";
import { Instance } from "../../../contract/instances";
import { api, login, startGateway, type RunningGateway } from "../support/gateway";

let gw: RunningGateway;
let session: string;

beforeAll(async () => {
  gw = await startGateway();
  session = await login(gw.url);
});
afterAll(() => gw.stop());

const list = async (query: string) => {
  const res = await api(gw.url, "GET", `/api/v1/api-keys?${query}`, { token: session });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return ApiKeyList.parse(res.body);
};

describe("GET /api/v1/api-keys pages with cursor and limit, like every list that returns nextCursor", () => {
  it("walks every key once, newest first, also when several share a creation time", async () => {
    const instance = Instance.parse((await api(gw.url, "POST", "/api/v1/instances", { token: session, body: { name: "Paging", connect: false } })).body);
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      const body = i % 2 ? { name: `token ${i}`, scope: "instance", instanceId: instance.id } : { name: `key ${i}`, scope: "admin" };
      const res = await api(gw.url, "POST", "/api/v1/api-keys", { token: session, body });
      expect(res.status).toBe(201);
      created.push(CreatedApiKey.parse(res.body).key.id);
    }
    // Same created_at for three keys: the id breaks the tie, so none is skipped or repeated across pages.
    const same = created.slice(0, 3);
    await gw.gateway.app.db.updateTable("api_keys").set({ created_at: "2026-01-01T00:00:00.000Z" }).where("id", "in", same).execute();

    const all = await list("limit=500");
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((k) => k.id).sort()).toEqual([...created].sort());

    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ApiKeyList = await list(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      walked.push(...page.items.map((k) => k.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(walked).toEqual(all.items.map((k) => k.id));
    const times = all.items.map((k) => k.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const tokens = await list(`instanceId=${instance.id}&limit=1`);
    expect(tokens.items).toHaveLength(1);
    expect(tokens.nextCursor).not.toBeNull();
  });

  it("answers 400 naming query.cursor for a cursor it did not issue, and query.limit out of range", async () => {
    const bad = await api(gw.url, "GET", "/api/v1/api-keys?cursor=not-a-cursor", { token: session });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe("query.cursor");
    const tooMany = await api(gw.url, "GET", "/api/v1/api-keys?limit=501", { token: session });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.issues[0].path).toBe("query.limit");
  });
});
