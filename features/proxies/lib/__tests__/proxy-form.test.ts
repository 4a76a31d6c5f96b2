import { describe, expect, it } from "vitest";
import type { PoolProxy } from "@/contract/proxies";
import { emptyProxyForm, proxyFieldOf, proxyFormSchema, proxyToForm, toCreateProxyRequest, toUpdateProxyRequest } from "../proxy-form";

const issues = (editing: boolean, values: object) => {
  const result = proxyFormSchema(editing).safeParse({ ...emptyProxyForm(), ...values });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

const saved: PoolProxy = {
  id: "prx_aaaaaaaaaaaa",
  name: "Frankfurt",
  url: "http://user:••••@proxy.example.com:8080",
  protocol: "http",
  host: "proxy.example.com",
  port: 8080,
  hasCredentials: true,
  maxInstances: 5,
  instances: 2,
  health: { state: "unknown", checkedAt: null, latencyMs: null, exitIp: null, error: null, errorCode: null },
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

describe("the proxy form", () => {
  it("creates with an empty cap as no cap and a number as the cap", () => {
    expect(toCreateProxyRequest({ name: "A", url: "socks5h://h:1080", maxInstances: "" })).toEqual({ name: "A", url: "socks5h://h:1080", maxInstances: null });
    expect(toCreateProxyRequest({ name: "A", url: "http://h", maxInstances: " 12 " }).maxInstances).toBe(12);
  });

  it("never sends the URL on edit unless a new one was typed (the saved credentials are kept)", () => {
    const values = proxyToForm(saved);
    expect(values).toEqual({ name: "Frankfurt", url: "", maxInstances: "5" });
    expect(toUpdateProxyRequest(values)).toEqual({ name: "Frankfurt", maxInstances: 5 });
    expect(toUpdateProxyRequest({ ...values, url: "   " })).not.toHaveProperty("url");
    expect(toUpdateProxyRequest({ ...values, url: "http://u:p@new.example.com:3128" }).url).toBe("http://u:p@new.example.com:3128");
  });

  it("checks values with the contract's rules, each on its field", () => {
    expect(issues(false, { name: "A", url: "http://proxy.example.com:8080" })).toEqual([]);
    expect(issues(false, {})).toEqual(expect.arrayContaining(["name: is required", "url: is required"]));
    expect(issues(false, { name: "A", url: "socks5://h" })).toEqual([expect.stringMatching(/^url: must name the port/)]);
    expect(issues(false, { name: "A", url: "ftp://h:21" })).toEqual(["url: must use http://, https://, socks5:// or socks5h://"]);
    expect(issues(false, { name: "A", url: "http://h:1", maxInstances: "0" })).toEqual([expect.stringMatching(/^maxInstances: must be at least 1/)]);
    expect(issues(false, { name: "A", url: "http://h:1", maxInstances: "two" })).toHaveLength(1);
    expect(issues(true, { name: "A", url: "", maxInstances: "" })).toEqual([]);
  });

  it("maps the gateway's issue paths to fields", () => {
    expect(proxyFieldOf("body.url")).toBe("url");
    expect(proxyFieldOf(["maxInstances"])).toBe("maxInstances");
    expect(proxyFieldOf("body.other")).toBeNull();
  });
});
