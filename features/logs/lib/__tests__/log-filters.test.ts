import { describe, expect, it } from "vitest";
import type { LogEntry } from "@/contract/logs";
import { compileLogFilter, DEFAULT_FILTERS, gatewayLogParams, scopeOf, type LogViewFilters } from "../log-filters";

// The one predicate that decides whether a live entry joins the list: it must agree with the gateway's filters
// (gateway/test/logs/logs-filters.test.ts checks the same cases against GET /api/v1/logs).
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
const ALPHA = "ins_alphaalpha0001";
const base: LogEntry = { id: "log_000000000001", time: at(5), level: "info", source: "engine", instanceId: ALPHA, message: "Status CONNECTED", context: { host: "Hooks.Example.com" } };
const e = (extra: Partial<LogEntry>): LogEntry => ({ ...base, ...extra });
const matches = (f: Partial<LogViewFilters>, entry: LogEntry) => compileLogFilter({ ...DEFAULT_FILTERS, ...f }, NOW).matches(entry);

describe("compileLogFilter(…).matches", () => {
  it("takes everything with no filter (in the default last 24 h)", () => {
    expect(matches({}, base)).toBe(true);
    expect(matches({}, e({ time: at(25 * 60) }))).toBe(false);
  });

  it("levels: exactly the picked ones; none picked means all", () => {
    expect(matches({ levels: ["error"] }, e({ level: "error" }))).toBe(true);
    expect(matches({ levels: ["error"] }, e({ level: "warn" }))).toBe(false);
    expect(matches({ levels: ["warn", "error"] }, e({ level: "warn" }))).toBe(true);
    expect(matches({ levels: [] }, e({ level: "debug" }))).toBe(true);
  });

  it("instance: only that instance's entries (an entry without one never matches)", () => {
    expect(matches({ instanceId: ALPHA }, base)).toBe(true);
    expect(matches({ instanceId: "ins_bravobravo0002" }, base)).toBe(false);
    expect(matches({ instanceId: ALPHA }, e({ instanceId: undefined }))).toBe(false);
  });

  it("sources: any of the picked ones", () => {
    expect(matches({ sources: ["webhook", "engine"] }, base)).toBe(true);
    expect(matches({ sources: ["auth"] }, base)).toBe(false);
  });

  it("time: presets end now; a custom range includes from and excludes to", () => {
    expect(matches({ range: "15m" }, e({ time: at(14) }))).toBe(true);
    expect(matches({ range: "15m" }, e({ time: at(16) }))).toBe(false);
    const custom = { range: "custom" as const, from: at(10), to: at(5) };
    expect(matches(custom, e({ time: at(10) }))).toBe(true);
    expect(matches(custom, e({ time: at(5) }))).toBe(false);
    expect(matches(custom, e({ time: at(1) }))).toBe(false);
  });

  it("text: case-insensitive, in the message or the context JSON, wildcards literal", () => {
    expect(matches({ q: "connected" }, base)).toBe(true);
    expect(matches({ q: "example.COM" }, base)).toBe(true);
    expect(matches({ q: "100%" }, e({ message: "100% fine" }))).toBe(true);
    expect(matches({ q: "1%0" }, e({ message: "100% fine" }))).toBe(false);
    expect(matches({ q: "fine_ok" }, e({ message: "fineXok" }))).toBe(false);
    expect(matches({ q: "  connected  " }, base)).toBe(true);
  });

  it("combines every filter with AND", () => {
    const all: Partial<LogViewFilters> = { levels: ["info"], instanceId: ALPHA, sources: ["engine"], range: "1h", q: "status" };
    expect(matches(all, base)).toBe(true);
    for (const miss of [{ level: "warn" as const }, { instanceId: "ins_bravobravo0002" }, { source: "auth" as const }, { time: at(61) }, { message: "other", context: {} }]) {
      expect(matches(all, e(miss)), JSON.stringify(miss)).toBe(false);
    }
  });

  it("matchesScope ignores the levels: the chips count what each of them would show", () => {
    const f = compileLogFilter({ ...DEFAULT_FILTERS, levels: ["error"], sources: ["engine"] }, NOW);
    expect(f.matchesScope(base)).toBe(true);
    expect(f.matches(base)).toBe(false);
    expect(f.matchesScope(e({ source: "auth" }))).toBe(false);
  });
});

describe("gatewayLogParams", () => {
  it("sends every filter, levels included, so the gateway filters and pages; the scope leaves the levels out", () => {
    const f: LogViewFilters = { levels: ["warn", "error"], instanceId: ALPHA, sources: ["engine", "auth"], range: "1h", q: " closed " };
    const all = { levels: "warn,error", instanceId: ALPHA, source: "engine,auth", from: at(60), q: "closed" };
    expect(Object.fromEntries(gatewayLogParams(f, NOW))).toEqual(all);
    const { levels: _levels, ...scope } = all;
    expect(Object.fromEntries(gatewayLogParams(scopeOf(f), NOW))).toEqual(scope);
  });
});
