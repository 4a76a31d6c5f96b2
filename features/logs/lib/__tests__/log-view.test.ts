import { describe, expect, it } from "vitest";
import { bufferSlice } from "@/shared/lib/live-buffer";
import { compileLogFilter, DEFAULT_FILTERS, logExportHref, parseLogFilters, timeWindow, writeLogFilters, type LogViewFilters } from "../log-filters";
import { appendLive, buildLogView, EMPTY_LIVE_BUFFER, levelTotals, LIVE_LOG_LIMIT, LogViewCache, type LiveLogBuffer } from "../log-view";
import { entry, LEVELS, T0 } from "./log-fixtures";

const NOW = T0 + 3_600_000;
const filters = (f: Partial<LogViewFilters> = {}): LogViewFilters => ({ ...DEFAULT_FILTERS, ...f });
const compiled = (f: Partial<LogViewFilters> = {}) => compileLogFilter(filters(f), NOW);

describe("the live buffer", () => {
  it("keeps time order and only the newest entries, counting every one it was given", () => {
    let buffer: LiveLogBuffer = EMPTY_LIVE_BUFFER;
    const first = [entry(1), entry(2), entry(3)];
    buffer = appendLive(buffer, first, 5);
    // A late batch that belongs before the last one is sorted into place.
    const late = entry(2.5);
    buffer = appendLive(buffer, [late, entry(4), entry(5)], 5);
    expect(bufferSlice(buffer).map((e) => e.time)).toEqual([2, 2.5, 3, 4, 5].map((s) => new Date(T0 + s * 1000).toISOString()));
    expect(buffer.total).toBe(6);
    expect(appendLive(buffer, [])).toBe(buffer);
  });
});

describe("the view", () => {
  it("merges history (newest first) with the live entries that match, oldest first, without duplicates", () => {
    const history = [entry(5, { level: "error" }), entry(3, { level: "warn", instanceId: "ins_abcdefghij12" }), entry(1, { level: "info" })];
    const live = appendLive(EMPTY_LIVE_BUFFER, [history[0]!, entry(4, { level: "debug" }), entry(6, { level: "error", instanceId: "ins_abcdefghij12" })]);
    const all = buildLogView(history, live, compiled(), null);
    expect(all.rows.map((e) => e.time.slice(17, 19))).toEqual(["01", "03", "04", "05", "06"]);

    // The gateway answered levels=error: the live debug entry does not join the list, the live error does.
    const errors = buildLogView([history[0]!], live, compiled({ levels: ["error"] }), null);
    expect(errors.rows.map((e) => e.time.slice(17, 19))).toEqual(["05", "06"]);

    const one = buildLogView([history[1]!], live, compiled({ instanceId: "ins_abcdefghij12" }), null);
    expect(one.rows.map((e) => e.time.slice(17, 19))).toEqual(["03", "06"]);
  });

  it("while the gateway answers new filters, keeps the previous rows that still match", () => {
    const history = [entry(3, { level: "error" }), entry(2, { level: "warn" }), entry(1, { level: "info" })];
    const view = buildLogView(history, EMPTY_LIVE_BUFFER, compiled({ levels: ["warn", "error"] }), null);
    expect(view.rows.map((e) => e.level)).toEqual(["warn", "error"]);
  });

  it("counts, per level and whatever levels are picked, the matching live entries the gateway had not counted yet", () => {
    const counted = [entry(1, { level: "error" }), entry(2, { level: "info" })];
    const later = [entry(3, { level: "error" }), entry(4, { level: "debug" }), entry(5, { level: "debug", instanceId: "ins_abcdefghij12" })];
    const live = appendLive(EMPTY_LIVE_BUFFER, [...counted, ...later]);
    const through = counted[1]!.id;
    expect(buildLogView([], live, compiled({ levels: ["error"] }), null, through).liveCounts).toEqual({ debug: 2, info: 0, warn: 0, error: 1 });
    expect(buildLogView([], live, compiled({ instanceId: "ins_abcdefghij12" }), null, through).liveCounts).toEqual({ debug: 1, info: 0, warn: 0, error: 0 });
    // An empty log when counted (through null): every live entry is new to the gateway's counts.
    expect(buildLogView([], live, compiled(), null, null).liveCounts).toEqual({ debug: 2, info: 1, warn: 0, error: 2 });
    // Held back by a pause, still counted: the counts are the gateway's, not the screen's.
    expect(buildLogView([], live, compiled(), 2, through).liveCounts).toEqual({ debug: 2, info: 0, warn: 0, error: 1 });
    expect(levelTotals({ total: 7, byLevel: { debug: 4, info: 2, warn: 0, error: 1 }, through }, { debug: 2, info: 0, warn: 0, error: 1 })).toEqual({ debug: 6, info: 2, warn: 0, error: 2 });
  });

  it("while paused, hides entries that arrived after the pause and counts those that match", () => {
    let live = appendLive(EMPTY_LIVE_BUFFER, [entry(1, { level: "info" }), entry(2, { level: "info" })]);
    const pausedAt = live.total;
    live = appendLive(live, [entry(3, { level: "warn" }), entry(4, { level: "info" }), entry(5, { level: "warn" })]);
    const paused = buildLogView([], live, compiled({ levels: ["warn"] }), pausedAt);
    expect(paused.rows).toEqual([]);
    expect(paused.newSincePause).toBe(2);
    expect(buildLogView([], live, compiled({ levels: ["warn"] }), null).rows).toHaveLength(2);
  });

  it("matches text in the message and the context, case-insensitively, and the time window", () => {
    const a = entry(10, { message: "Reconnect attempt 2 of 10" });
    const b = entry(20, { message: "other", context: { host: "Hooks.Example.com" } });
    const old = entry(-7200, { message: "reconnect long ago" });
    const live = appendLive(EMPTY_LIVE_BUFFER, [old, a, b]);
    expect(buildLogView([], live, compiled({ q: "RECONNECT" }), null).rows).toEqual([old, a]);
    expect(buildLogView([], live, compiled({ q: "example.com" }), null).rows).toEqual([b]);
    expect(buildLogView([], live, compiled({ q: "reconnect", range: "1h" }), null).rows).toEqual([a]);
    const custom = compiled({ range: "custom", from: new Date(T0 + 15_000).toISOString(), to: new Date(T0 + 30_000).toISOString() });
    expect(buildLogView([], live, custom, null).rows).toEqual([b]);
  });

  it("filters a full buffer of 50,000 entries to exactly the ones that match, in order", () => {
    // How fast is the logs benchmark's to say (bench/), not a stopwatch in a unit test on a shared machine.
    const many = Array.from({ length: LIVE_LOG_LIMIT }, (_, i) => entry(i / 100, { instanceId: i % 2 ? "ins_abcdefghij12" : undefined }));
    const live = appendLive(EMPTY_LIVE_BUFFER, many);
    const view = buildLogView([], live, compiled({ levels: ["warn", "error"], instanceId: "ins_abcdefghij12", q: "entry" }), null);
    const expected = many.filter((e) => (e.level === "warn" || e.level === "error") && e.instanceId === "ins_abcdefghij12");
    expect(expected.length).toBeGreaterThan(10_000);
    expect(view.rows.map((e) => e.id)).toEqual(expected.map((e) => e.id));
  });
});

describe("the incremental view", () => {
  it.each([40, 1_500])("always equals a full rebuild, through appends, trimming, pauses and filter changes (%i held)", (limit) => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const history = [entry(-5, { level: "warn" }), entry(-8, { level: "info", instanceId: "ins_abcdefghij12" }), entry(-9, { level: "error" })];
    const cache = new LogViewCache();
    const filterChoices = [compiled(), compiled({ levels: ["warn", "error"] }), compiled({ instanceId: "ins_abcdefghij12" }), compiled({ q: "entry 1" })];
    let live: LiveLogBuffer = EMPTY_LIVE_BUFFER;
    let filter = filterChoices[0]!;
    let pausedAt: number | null = null;
    let through: string | null = null;
    let second = 0;
    for (let step = 0; step < 300; step += 1) {
      const batch = Array.from({ length: Math.floor(random() * 12) }, () =>
        entry((second += random() < 0.2 ? 0 : 1), { level: LEVELS[Math.floor(random() * 4)]!, ...(random() < 0.5 ? { instanceId: "ins_abcdefghij12" } : {}) }),
      );
      // Now and then the history's newest entry also arrives live (the overlap after subscribing).
      if (step === 3) batch.unshift(history[0]!);
      live = appendLive(live, batch, limit);
      if (random() < 0.05) filter = filterChoices[Math.floor(random() * filterChoices.length)]!;
      if (random() < 0.05) pausedAt = pausedAt === null ? live.total : null;
      // The counts are taken again now and then: through moves to the newest entry so far.
      if (random() < 0.05) through = bufferSlice(live).at(-1)?.id ?? null;
      expect(cache.compute({ history, live, filter, pausedAt, through }), `step ${step}`).toEqual(buildLogView(history, live, filter, pausedAt, through));
    }
  });
});

describe("filters in the URL", () => {
  it("round-trip, keep other parameters, and ignore garbage", () => {
    const f = filters({ levels: ["warn", "error"], instanceId: "ins_abcdefghij12", sources: ["engine"], range: "custom", from: "2026-11-24T10:00:00.000Z", to: "2026-11-24T11:00:00.000Z", q: "attempt" });
    const params = writeLogFilters(new URLSearchParams("tab=events"), f);
    expect(params.get("tab")).toBe("events");
    expect(parseLogFilters(params)).toEqual(f);
    expect(writeLogFilters(new URLSearchParams(), DEFAULT_FILTERS).toString()).toBe("");
    expect(parseLogFilters(new URLSearchParams("level=loud,warn&instance=../x&source=kernel&range=1y&from=x&q=hi"))).toEqual(filters({ levels: ["warn"], q: "hi" }));
    // from/to only mean something with a custom range.
    expect(parseLogFilters(new URLSearchParams("range=1h&from=2026-11-24T10:00:00Z"))).toEqual(filters({ range: "1h" }));
  });

  it("turns presets into a window ending now, and builds the export link with every filter", () => {
    expect(timeWindow(filters({ range: "15m" }), NOW)).toEqual({ from: new Date(NOW - 15 * 60_000).toISOString() });
    const href = logExportHref(filters({ levels: ["error"], instanceId: "ins_abcdefghij12", sources: ["webhook", "auth"], range: "1h", q: "failed" }), "csv", NOW);
    const url = new URL(href, "http://panel.test");
    expect(url.pathname).toBe("/bff/api/v1/logs/export");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      levels: "error",
      instanceId: "ins_abcdefghij12",
      source: "webhook,auth",
      from: new Date(NOW - 3_600_000).toISOString(),
      q: "failed",
      format: "csv",
    });
  });
});
