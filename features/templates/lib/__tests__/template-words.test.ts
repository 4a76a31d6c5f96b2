import { describe, expect, it } from "vitest";
import { applyResultWords, proxyPolicyWords, templateSettingLabels, templateSummary } from "../template-words";

const hook = { url: "https://example.com/h", events: ["message.received" as const] };

describe("templateSummary", () => {
  it("counts the settings and webhooks and says the proxy policy in words", () => {
    expect(templateSummary({ settings: { rejectCalls: true, deviceName: "Desk" }, proxy: { mode: "none" }, webhooks: [hook] })).toBe("2 settings, direct connection (no proxy), 1 webhook");
    expect(templateSummary({ settings: { readMessages: false }, proxy: null, webhooks: [] })).toBe("1 setting, keeps each instance's proxy, no webhooks");
    expect(templateSummary({ settings: {}, proxy: { mode: "auto" }, webhooks: [hook, { ...hook, url: "https://example.com/2" }] })).toBe("No settings, least-used pool proxy, 2 webhooks");
  });

  it("names a pool proxy when the pool is known", () => {
    const names = new Map([["prx_aaaaaaaaaaaa", "Frankfurt"]]);
    expect(proxyPolicyWords({ mode: "pool", proxyId: "prx_aaaaaaaaaaaa" }, names)).toBe("pool proxy Frankfurt");
    expect(proxyPolicyWords({ mode: "pool", proxyId: "prx_bbbbbbbbbbbb" }, names)).toBe("pool proxy prx_bbbbbbbbbbbb");
  });

  it("lists the settings it sets by label, null values included", () => {
    expect(templateSettingLabels({ settings: { deviceName: "Desk", rejectCallMessage: null, rejectCalls: true } })).toEqual(["Reject calls", "Reply to rejected calls", "Device name"]);
  });
});

describe("applyResultWords", () => {
  const base = { instanceId: "inst_1", ok: true, restart: false, changed: [] as string[] };
  it("says what changed and whether the session restarts", () => {
    expect(applyResultWords({ ...base, changed: ["rejectCalls", "proxy", "webhook:https://example.com/h"], restart: true })).toBe(
      "Changed: Reject calls, Proxy, Webhook https://example.com/h; restarting the session (no QR)",
    );
    expect(applyResultWords(base)).toBe("Already as the template says");
  });
  it("gives the error, and what was applied before it", () => {
    expect(applyResultWords({ ...base, ok: false, changed: ["ignoreGroups"], error: { code: "conflict", message: "The pool proxy is full" } })).toBe(
      "The pool proxy is full (applied before it failed: Ignore groups)",
    );
  });
});
