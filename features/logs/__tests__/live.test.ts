import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { bufferSlice } from "@/shared/lib/live-buffer";
import { routeSocketEvent } from "@/shared/lib/realtime/socket-bridge";
import { logKeys } from "../api/logs";
import { LIVE_LOG_LIMIT, type LiveLogBuffer } from "../lib/log-view";
import { logsLive } from "../live";
import { entry, T0 } from "../lib/__tests__/log-fixtures";

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

  // 50,010 events through the bridge, each validated: about 2 s alone, past vitest's 5 s default when the whole suite
  // runs beside it on two cores (it timed out at 5.16 s there once). It asserts what is kept, not how fast.
  it("keep the newest 50,000", { timeout: 30_000 }, () => {
    const qc = new QueryClient();
    for (let i = 0; i < LIVE_LOG_LIMIT + 10; i += 1) routeSocketEvent([logsLive], qc, "log.entry", entry(i / 1000));
    const buffer = qc.getQueryData<LiveLogBuffer>(logKeys.live())!;
    expect(buffer.size).toBe(LIVE_LOG_LIMIT);
    expect(buffer.total).toBe(LIVE_LOG_LIMIT + 10);
    expect(bufferSlice(buffer)[0]!.time).toBe(new Date(T0 + 10).toISOString());
  });
});
