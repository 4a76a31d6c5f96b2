import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorBody } from "../../../contract/errors";
import { LOG_CSV_COLUMNS, LogCounts, LogEntry, LogList, type LogLevel, type LogSource } from "../../../contract/logs";
import type { LogInput } from "../../src/modules/logs/log-store";
import { api, login, startGateway, type RunningGateway } from "../support/gateway";

// A known set of entries written straight into the store, then read back through every filter combination.
let gw: RunningGateway;
let token: string;
let seeded: LogEntry[];

const LEVELS: LogLevel[] = ["debug", "info", "warn", "error"];
const SOURCES: LogSource[] = ["gateway", "engine", "webhook", "auth"];
const INSTANCES = ["ins_filteralpha001", "ins_filterbravo002", undefined];
const T0 = Date.parse("2026-03-01T12:00:00.000Z");
const minute = (n: number) => new Date(T0 + n * 60_000).toISOString();

const call = (url: string) => api(gw.url, "GET", url, { token });
async function listAll(query: Record<string, string>, limit = 1000) {
  const items: LogEntry[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await call(`/api/v1/logs?${params}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = LogList.parse(res.body);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

type Filter = { minLevel?: LogLevel; levels?: LogLevel[]; instanceId?: string; source?: LogSource[]; from?: string; to?: string; q?: string };
const newestFirst = (a: LogEntry, b: LogEntry) => (a.time === b.time ? (a.id < b.id ? 1 : -1) : a.time < b.time ? 1 : -1);
function expected(filter: Filter): string[] {
  return seeded
    .filter((e) => !filter.minLevel || LEVELS.indexOf(e.level) >= LEVELS.indexOf(filter.minLevel))
    .filter((e) => !filter.levels || filter.levels.includes(e.level))
    .filter((e) => !filter.instanceId || e.instanceId === filter.instanceId)
    .filter((e) => !filter.source || filter.source.includes(e.source))
    .filter((e) => !filter.from || Date.parse(e.time) >= Date.parse(filter.from))
    .filter((e) => !filter.to || Date.parse(e.time) < Date.parse(filter.to))
    .filter((e) => !filter.q || `${e.message} ${JSON.stringify(e.context)}`.toLowerCase().includes(filter.q.toLowerCase()))
    .sort(newestFirst)
    .map((e) => e.id);
}
const toQuery = (filter: Filter): Record<string, string> =>
  Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]));

beforeAll(async () => {
  gw = await startGateway();
  token = await login(gw.url);
  await gw.gateway.app.logs.flush();
  // Start from an empty log: only the seeded entries below are in it.
  await gw.gateway.app.db.deleteFrom("logs").execute();
  const inputs: LogInput[] = [];
  for (let i = 0; i < 120; i += 1) {
    const instanceId = INSTANCES[i % 3];
    inputs.push({
      level: LEVELS[i % 4]!,
      source: SOURCES[Math.floor(i / 3) % 4]!,
      ...(instanceId ? { instanceId } : {}),
      // Several entries share a minute: paging must still be exact on (time, id).
      time: minute(Math.floor(i / 2)),
      message: i % 5 === 0 ? `Connection closed, reconnecting (#${i})` : `Routine entry #${i}: 100% fine_ok`,
      context: i % 7 === 0 ? { host: "hooks.Example.com", attempt: i } : { n: i },
    });
  }
  seeded = inputs.map((input) => gw.gateway.app.logs.write(input)!);
  await gw.gateway.app.logs.flush();
});
afterAll(() => gw.stop());

describe("GET /api/v1/logs filters", () => {
  it("each filter alone, and combined, returns exactly the matching entries newest first", async () => {
    const filters: Filter[] = [
      {},
      { minLevel: "warn" },
      { levels: ["debug", "error"] },
      { instanceId: "ins_filteralpha001" },
      { source: ["engine", "webhook"] },
      { from: minute(10), to: minute(20) },
      { q: "RECONNECTING" },
      { q: "example.com" }, // found in the context, case-insensitively
      { q: "100%" }, // LIKE wildcards are literal
      { q: "fine_ok" },
      { minLevel: "info", instanceId: "ins_filterbravo002", source: ["gateway", "engine", "auth"] },
      { levels: ["warn", "error"], source: ["auth"], from: minute(5), to: minute(55), q: "routine" },
      { minLevel: "error", instanceId: "ins_filteralpha001", q: "closed", from: minute(0) },
      { from: "2026-03-01T12:10:00Z" }, // no milliseconds: still compared as a time
    ];
    for (const filter of filters) {
      const want = expected(filter);
      expect((await listAll(toQuery(filter))).map((e) => e.id), JSON.stringify(filter)).toEqual(want);
    }
    expect(expected({ minLevel: "error", instanceId: "ins_filteralpha001", q: "closed", from: minute(0) }).length).toBeGreaterThan(0);
  });

  it("pages with a cursor without gaps or repeats, also through entries that share a time", async () => {
    const filter: Filter = { source: ["gateway", "engine"] };
    const paged = await listAll(toQuery(filter), 7);
    expect(paged.map((e) => e.id)).toEqual(expected(filter));
    const first = LogList.parse((await call("/api/v1/logs?limit=7")).body);
    expect(first.items).toHaveLength(7);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(LogList.parse((await call("/api/v1/logs?limit=500")).body).nextCursor).toBeNull();
  });

  it("refuses contradictory or malformed filters with a 400 that names the field", async () => {
    const cases: Array<[string, RegExp]> = [
      ["minLevel=warn&levels=error", /query\.levels cannot be combined with minLevel/],
      ["levels=warn,loud", /query\.levels/],
      ["from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", /query\.to must not be before from/],
      ["from=yesterday", /query\.from must be an ISO-8601 date-time/],
      ["instanceId=nope", /query\.instanceId/],
      ["source=kernel", /query\.source/],
      ["limit=0", /query\.limit/],
      ["cursor=garbage", /query\.cursor is not a cursor this API returned/],
    ];
    for (const [query, message] of cases) {
      const res = await call(`/api/v1/logs?${query}`);
      expect(res.status, query).toBe(400);
      expect(ErrorBody.parse(res.body).error.message, query).toMatch(message);
    }
  });
});

describe("GET /api/v1/logs/counts", () => {
  const counts = async (filter: Filter) => {
    const res = await call(`/api/v1/logs/counts?${new URLSearchParams(toQuery(filter))}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return LogCounts.parse(res.body);
  };
  const byId = new Map<string, LogEntry>();
  beforeAll(() => seeded.forEach((e) => byId.set(e.id, e)));

  it("counts every matching entry per level, over the whole range rather than a page", async () => {
    const filters: Filter[] = [
      {},
      { from: minute(10), to: minute(20) },
      { instanceId: "ins_filteralpha001" },
      { source: ["engine", "webhook"], from: minute(5) },
      { q: "reconnecting", instanceId: "ins_filterbravo002" },
      { minLevel: "warn", source: ["auth"] },
      { levels: ["debug", "error"], to: minute(30) },
    ];
    for (const filter of filters) {
      const want = { debug: 0, info: 0, warn: 0, error: 0 };
      for (const id of expected(filter)) want[byId.get(id)!.level] += 1;
      const got = await counts(filter);
      expect(got.byLevel, JSON.stringify(filter)).toEqual(want);
      expect(got.total).toBe(expected(filter).length);
    }
    // The list, filtered to one level, pages through exactly as many entries as its count says.
    const errors = await listAll({ levels: "error", from: minute(3) }, 4);
    expect(errors.length).toBe((await counts({ from: minute(3) })).byLevel.error);
    expect(new Set(errors.map((e) => e.level))).toEqual(new Set(["error"]));
  });

  it("says through which entry it counted: later entries have greater ids and are counted next time", async () => {
    const before = await counts({ levels: ["error"] });
    const newest = [...byId.keys()].sort().at(-1)!;
    expect(before.through! >= newest).toBe(true);
    const later = gw.gateway.app.logs.write({ level: "error", source: "gateway", message: "Counted next time", time: minute(1) })!;
    expect(later.id > before.through!).toBe(true);
    const after = await counts({ levels: ["error"] });
    expect(after.byLevel.error).toBe(before.byLevel.error + 1);
    expect(after.through).toBe(later.id);
    await gw.gateway.app.db.deleteFrom("logs").where("id", "=", later.id).execute();
  });

  it("validates like the list: unknown, paging, contradictory or malformed parameters are a 400 naming the field", async () => {
    const cases: Array<[string, RegExp]> = [
      ["limit=10", /query\.limit is not a parameter of this route; accepted: .*levels/],
      ["cursor=abc", /query\.cursor is not a parameter/],
      ["level=error", /query\.level is not a parameter/],
      ["minLevel=warn&levels=error", /query\.levels cannot be combined with minLevel/],
      ["levels=loud", /query\.levels/],
      ["from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", /query\.to must not be before from/],
      ["to=tomorrow", /query\.to must be an ISO-8601 date-time/],
      ["source=kernel", /query\.source/],
    ];
    for (const [query, message] of cases) {
      const res = await call(`/api/v1/logs/counts?${query}`);
      expect(res.status, query).toBe(400);
      expect(ErrorBody.parse(res.body).error.message, query).toMatch(message);
    }
    expect((await api(gw.url, "GET", "/api/v1/logs/counts")).status).toBe(401);
  });
});

describe("GET /api/v1/logs/export", () => {
  it("streams the filtered range as NDJSON, as an attachment", async () => {
    const filter: Filter = { minLevel: "warn", instanceId: "ins_filteralpha001" };
    const res = await fetch(`${gw.url}/api/v1/logs/export?${new URLSearchParams({ ...toQuery(filter), format: "ndjson" })}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="gateway-logs-\d{8}-\d{6}\.ndjson"$/);
    const lines = (await res.text()).trimEnd().split("\n");
    const entries = lines.map((line) => LogEntry.parse(JSON.parse(line)));
    expect(entries.map((e) => e.id)).toEqual(expected(filter));
    expect(entries).toEqual(entries.map((e) => seeded.find((s) => s.id === e.id)));
  });

  it("streams CSV with a header, RFC 4180 quoting and no formula cells; limit caps the rows", async () => {
    gw.gateway.app.logs.write({ level: "error", source: "auth", time: minute(200), message: '=HYPERLINK("x"), line one\nline two', context: { a: "b,c" } });
    const res = await fetch(`${gw.url}/api/v1/logs/export?format=csv&source=auth&limit=3`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/\.csv"$/);
    const text = await res.text();
    const [header, ...rest] = text.split("\r\n");
    expect(header).toBe(LOG_CSV_COLUMNS.join(","));
    expect(rest.at(-1)).toBe("");
    expect(text).toContain(`"'=HYPERLINK(""x""), line one\nline two","{""a"":""b,c""}"`);
    // 3 rows, newest first: the formula row, then the two newest seeded auth entries.
    const ids = rest.filter(Boolean).map((row) => row.split(",").at(-1));
    expect(ids).toHaveLength(3);
    expect(ids.slice(1)).toEqual(expected({ source: ["auth"] }).slice(0, 2));
  });

  it("needs an operator and validates like the list", async () => {
    expect((await api(gw.url, "GET", "/api/v1/logs/export")).status).toBe(401);
    const bad = await call("/api/v1/logs/export?format=xml");
    expect(bad.status).toBe(400);
    expect(ErrorBody.parse(bad.body).error.message).toMatch(/query\.format/);
    expect((await call("/api/v1/logs/export?limit=100001")).status).toBe(400);
  });
});
