import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorBody } from "../../../contract/errors";
import { FAST_SANDBOX, api, login, startGateway, type RunningGateway, storedRows } from "../support/gateway";

// 200 malformed requests against the instance routes: every answer a 4xx in the error shape, nothing changed.
let gw: RunningGateway;
let token: string;
let realId: string;

async function snapshotTables(dataDir: string) {
  return JSON.stringify(await storedRows(dataDir, "select id, name, browser, desired_state from instances order by id"));
}

// A small deterministic PRNG so a failure can be reproduced.
function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 4294967296;
    return seed / 4294967296;
  };
}

beforeAll(async () => {
  gw = await startGateway(FAST_SANDBOX);
  token = await login(gw.url);
  const res = await api(gw.url, "POST", "/api/v1/instances", { token, body: { name: "Keep me", connect: false } });
  realId = res.body.id;
});
afterAll(() => gw.stop());

describe("malformed input on instance routes", () => {
  it("answers 200 random malformed bodies and ids with 4xx and changes nothing", async () => {
    const random = prng(42);
    const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const junkValues: unknown[] = [null, 0, -1, 1e309, "", " ", "x".repeat(5000), [], {}, [1, 2], true, { name: {} }, "<script>", "../../etc", "💥", "\u0000", 12.5];
    const badIds = ["x", "ins_", "ins_!!!!!!!!!!!!", "ins_abc", "../../admin", "%00", "ins_" + "a".repeat(60), "ins_doesnotexist123", "null", "1;drop table instances"];
    const bodies = (): unknown => {
      switch (Math.floor(random() * 8)) {
        case 0: return pick(junkValues);
        case 1: return { name: pick(junkValues) };
        case 2: return { name: "ok", browser: pick(junkValues) };
        case 3: return { name: "ok", connect: pick(["yes", 1, null, {}]) };
        case 4: return { name: "ok", unexpected: pick(junkValues) };
        case 5: return "{not json";
        case 6: return { phoneNumber: pick(["abc", "+", "0049", "123", "1".repeat(20), null]) };
        default: return { name: pick(["-dash", "   ", "a".repeat(65), "tab\tname", "new\nline"]) };
      }
    };
    const routes: Array<() => [string, string, unknown]> = [
      () => ["POST", "/api/v1/instances", bodies()],
      () => ["PATCH", `/api/v1/instances/${pick([realId, ...badIds])}`, bodies()],
      () => ["GET", `/api/v1/instances/${encodeURIComponent(pick(badIds))}`, undefined],
      () => ["DELETE", `/api/v1/instances/${encodeURIComponent(pick(badIds))}`, undefined],
      () => ["POST", `/api/v1/instances/${encodeURIComponent(pick(badIds))}/${pick(["connect", "restart", "logout", "reset"])}`, undefined],
      () => ["POST", `/api/v1/instances/${pick([realId, ...badIds])}/pairing-code`, bodies()],
      () => ["GET", `/api/v1/instances?${pick(["limit=0", "limit=abc", "limit=100000", "sort=evil", "order=sideways", "status=NOPE", "cursor=%%%", "cursor=eyJ2IjoxfQ", "search=" + "x".repeat(200)])}`, undefined],
      () => ["GET", `/api/v1/instances/${encodeURIComponent(pick(badIds))}/status-history?cursor=${pick(["abc", "-1", "1.5"])}`, undefined],
    ];

    const before = await snapshotTables(gw.dataDir);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 200; i += 1) {
      const [method, url, body] = pick(routes)();
      const res = await api(gw.url, method, url, { token, body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${url}`).toBeLessThan(500);
      expect(ErrorBody.safeParse(res.body).success, `${method} ${url} error shape`).toBe(true);
    }
    expect(await snapshotTables(gw.dataDir)).toBe(before);
    expect(statuses.get(400)).toBeGreaterThan(50);
  });
});
