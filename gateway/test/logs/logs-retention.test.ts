import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config";
import { LogList } from "../../../contract/logs";
import { api, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";

// Small limits through the environment, as an operator would set them; the trim runs on its own interval.
let gw: RunningGateway;
let token: string;

beforeAll(async () => {
  gw = await startGateway({ LOG_RETENTION_DAYS: "1", LOG_RETENTION_MAX: "50", LOG_TRIM_INTERVAL_SECONDS: "1" });
  token = await login(gw.url);
});
afterAll(() => gw.stop());

const all = async () => LogList.parse((await api(gw.url, "GET", "/api/v1/logs?limit=1000", { token })).body).items;

describe("log retention", () => {
  it("drops entries older than LOG_RETENTION_DAYS and all but the newest LOG_RETENTION_MAX, on its interval", async () => {
    const logs = gw.gateway.app.logs;
    // The trims run on their own clock, so on a slow machine one may run before the test could read the list, even
    // while the entries are still being flushed. The store's own "stored" signal, not a read in between or a count
    // of one trim's work, shows every entry reached the database before the trim took it away.
    const stored = new Set<string>();
    const stopListening = logs.onEntry((entry) => stored.add(entry.id));
    try {
      const dayAgo = Date.now() - 86_400_000;
      const old = Array.from({ length: 30 }, (_, i) => logs.write({ level: "info", source: "gateway", time: new Date(dayAgo - (i + 1) * 60_000).toISOString(), message: `old ${i}` })!);
      const fresh = Array.from({ length: 120 }, (_, i) => logs.write({ level: "info", source: "gateway", message: `fresh ${i}` })!);
      await logs.flush();
      expect([...old, ...fresh].filter((e) => !stored.has(e.id))).toEqual([]);

      const kept = await waitUntil(all, (items) => items.length === 50, "the trim to run", 5000);
      const ids = new Set(kept.map((e) => e.id));
      expect(old.some((e) => ids.has(e.id))).toBe(false);
      // What is left is the newest: the last 50 fresh entries. The 30 old and 70 older fresh ones were trimmed (with
      // whatever the gateway logged itself, such as the sign-in).
      expect(kept.map((e) => e.id)).toEqual(fresh.slice(-50).map((e) => e.id).reverse());
    } finally {
      stopListening();
    }
  });

  it("trims by age alone when under the count", async () => {
    const logs = gw.gateway.app.logs;
    await logs.flush();
    await gw.gateway.app.db.deleteFrom("logs").execute();
    const stale = logs.write({ level: "warn", source: "engine", time: new Date(Date.now() - 2 * 86_400_000).toISOString(), message: "two days old" })!;
    const recent = logs.write({ level: "warn", source: "engine", time: new Date(Date.now() - 23 * 3_600_000).toISOString(), message: "23 hours old" })!;
    await logs.flush();
    await logs.trim();
    const ids = (await all()).map((e) => e.id);
    expect(ids).not.toContain(stale.id);
    expect(ids).toContain(recent.id);
  });

  it("rejects nonsense limits at start", () => {
    expect(() => loadConfig({ LOG_RETENTION_MAX: "5" })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_RETENTION_DAYS: "0" })).toThrow(/LOG_RETENTION_DAYS="0" must be positive/);
    expect(() => loadConfig({ BAILEYS_LOG_LEVEL: "chatty" })).toThrow(/BAILEYS_LOG_LEVEL="chatty" must be one of/);
    expect(loadConfig({}).logs).toEqual({ retentionDays: 7, retentionMax: 100_000, trimIntervalMs: 60_000, baileysLevel: "warn" });
  });
});
