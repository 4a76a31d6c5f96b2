import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";

const hello = (version: string) => ({ version, engine: "sandbox", at: "2026-11-24T10:00:00.000Z" });

describe("routeSocketEvent before the contract's chunk has loaded", () => {
  it("holds events and delivers them in arrival order, validated, once the schemas arrive", async () => {
    vi.resetModules(); // a fresh page: nothing loaded yet
    const { routeSocketEvent } = await import("../realtime/event-router");
    const { loadContract, loadedContract } = await import("../contract-loader");
    expect(loadedContract()).toBeUndefined();

    const seen: string[] = [];
    const feature = { handlers: { "gateway.hello": (_qc: QueryClient, p: { version: string }) => void seen.push(p.version) } };
    const qc = new QueryClient();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);

    expect(routeSocketEvent([feature], qc, "gateway.hello", hello("1"))).toBe("pending");
    expect(routeSocketEvent([feature], qc, "gateway.hello", { version: 2 })).toBe("pending"); // malformed
    expect(routeSocketEvent([feature], qc, "gateway.hello", hello("3"))).toBe("pending");
    expect(seen).toEqual([]);

    await loadContract();
    await Promise.resolve();
    expect(seen).toEqual(["1", "3"]);
    expect(warn).toHaveBeenCalledTimes(1);

    // Loaded: routing is synchronous again and still validates.
    expect(routeSocketEvent([feature], qc, "gateway.hello", hello("4"))).toBe(true);
    expect(routeSocketEvent([feature], qc, "not.an.event", {})).toBe(false);
    expect(routeSocketEvent([feature], qc, "toString", {})).toBe(false);
    expect(seen).toEqual(["1", "3", "4"]);
    warn.mockRestore();
  });
});
