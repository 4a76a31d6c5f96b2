import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { LogEntry, LogLevel } from "@/contract/logs";
import { bufferSlice } from "@/shared/lib/live-buffer";
import { routeSocketEvent } from "@/shared/lib/realtime/socket-bridge";
import { logKeys } from "../api/logs";
import { LIVE_LOG_LIMIT, type LiveLogBuffer } from "../lib/log-view";
import { logsLive } from "../live";

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const LEVELS: LogLevel[] = ["debug", "info", "warn", "error"];
let counter = 0;
function entry(second: number, extra: Partial<LogEntry> = {}): LogEntry {
  counter += 1;
  return {
    id: `log_${String(counter).padStart(12, "0")}`,
    time: new Date(T0 + second * 1000).toISOString(),
    level: LEVELS[counter % 4]!,
    source: "engine",
    message: `entry ${counter}`,
    context: {},
    ...extra,
  };
}

describe("log.entry live events", () => {
  it("go into the live buffer as they arrive, each validated against the contract", () => {
    const qc = new QueryClient();
    const send = (payload: unknown) => routeSocketEvent([logsLive], qc, "log.entry", payload);
    const good = [entry(1), entry(2)];
    expect(send(good[0])).toBe(true);
    expect(send({ ...good[1], level: "loud" })).toBe(false);
    expect(send(good[1])).toBe(true);
    const buffer = qc.getQueryData<LiveLogBuffer>(logKeys.live())!;
    expect(bufferSlice(buffer)).toEqual(good);
    expect(buffer.total).toBe(2);
  });

  it("keep the newest 50,000", () => {
    const qc = new QueryClient();
    for (let i = 0; i < LIVE_LOG_LIMIT + 10; i += 1) routeSocketEvent([logsLive], qc, "log.entry", entry(i / 1000));
    const buffer = qc.getQueryData<LiveLogBuffer>(logKeys.live())!;
    expect(buffer.size).toBe(LIVE_LOG_LIMIT);
    expect(buffer.total).toBe(LIVE_LOG_LIMIT + 10);
    expect(bufferSlice(buffer)[0]!.time).toBe(new Date(T0 + 10).toISOString());
  });
});
