import { describe, expect, it } from "vitest";
import type { PoolProxy } from "@/contract/proxies";
import { choiceOf, choiceWords, poolOption, specOf } from "../proxy-choice";

const proxy = (over: Partial<PoolProxy> = {}): PoolProxy => ({
  id: "prx_aaaaaaaaaaaa",
  name: "Frankfurt",
  url: "http://proxy.example.com:8080",
  protocol: "http",
  host: "proxy.example.com",
  port: 8080,
  hasCredentials: false,
  maxInstances: 2,
  instances: 1,
  health: { state: "ok", checkedAt: null, latencyMs: 12, exitIp: null, error: null, errorCode: null },
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...over,
});

describe("the proxy choice", () => {
  it("shows the current proxy as its choice", () => {
    expect(choiceOf({ mode: "none", proxyId: null })).toBe("none");
    expect(choiceOf({ mode: "custom", proxyId: null })).toBe("custom");
    expect(choiceOf({ mode: "pool", proxyId: "prx_aaaaaaaaaaaa" })).toBe("pool:prx_aaaaaaaaaaaa");
  });

  it("turns each choice into the spec the gateway takes", () => {
    expect(specOf("none")).toEqual({ mode: "none" });
    expect(specOf("auto")).toEqual({ mode: "auto" });
    expect(specOf("pool:prx_aaaaaaaaaaaa")).toEqual({ mode: "pool", proxyId: "prx_aaaaaaaaaaaa" });
    expect(specOf("custom", " socks5h://h:1080 ")).toEqual({ mode: "custom", url: "socks5h://h:1080" });
  });

  it("labels a pool proxy with usage and health, and disables a full one unless the instance has it", () => {
    expect(poolOption(proxy())).toEqual({ value: "pool:prx_aaaaaaaaaaaa", label: "Frankfurt · 1 of 2 · OK", disabled: false });
    const full = proxy({ instances: 2, health: { ...proxy().health, state: "failing" } });
    expect(poolOption(full)).toMatchObject({ label: "Frankfurt · 2 of 2 · Failing (full)", disabled: true });
    expect(poolOption(full, "prx_aaaaaaaaaaaa").disabled).toBe(false);
  });

  it("names the choice in words", () => {
    expect(choiceWords("pool:prx_aaaaaaaaaaaa", [proxy()])).toBe("pool proxy Frankfurt");
    expect(choiceWords("auto", [])).toBe("the least used pool proxy with room");
  });
});
