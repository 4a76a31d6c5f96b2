import { describe, expect, it } from "vitest";
import type { AlertChannel, AlertDelivery } from "@/contract/alerts";
import { channelTarget, deliveryOutcome, latestDeliveries, minutesInWords, ruleCondition } from "../alert-words";

const channel = (fields: Partial<AlertChannel>): AlertChannel => ({
  id: "alc_aaaaaaaaaaaa",
  name: "On call",
  type: "email",
  enabled: true,
  hasSecret: false,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...fields,
});

const delivery = (fields: Partial<AlertDelivery>): AlertDelivery => ({
  channelId: "alc_aaaaaaaaaaaa",
  channelName: "Ops",
  channelType: "slack",
  notice: "firing",
  ok: true,
  at: "2026-01-01T00:00:00.000Z",
  latencyMs: 12,
  ...fields,
});

describe("ruleCondition", () => {
  it("says which statuses, for how long, and for which instances", () => {
    expect(ruleCondition({ kind: "instance_status", statuses: ["DISCONNECTED", "ERROR"], forMinutes: 5, instanceIds: null })).toBe("An instance is disconnected or in error for 5 minutes");
    expect(ruleCondition({ kind: "instance_status", statuses: ["DISCONNECTED", "ERROR", "QR_REQUIRED"], forMinutes: 60, instanceIds: ["a", "b"] })).toBe(
      "One of 2 chosen instances is disconnected, in error or waiting for a QR scan for 1 hour",
    );
    expect(ruleCondition({ kind: "instance_status", statuses: ["DISCONNECTED"], forMinutes: 0, instanceIds: ["a"] })).toBe("The chosen instance is disconnected");
  });
  it("reads every kind", () => {
    expect(ruleCondition({ kind: "webhook_failing", forMinutes: 1 })).toBe("Every delivery to a webhook endpoint fails for 1 minute");
    expect(ruleCondition({ kind: "node_down" })).toBe("A gateway node stops sending heartbeats");
    expect(ruleCondition({ kind: "instance_logged_out", instanceIds: null })).toBe("An instance is logged out by the phone");
  });
});

describe("minutesInWords", () => {
  it("keeps fractions and turns whole hours into hours", () => {
    expect(minutesInWords(0.5)).toBe("0.5 minutes");
    expect(minutesInWords(1)).toBe("1 minute");
    expect(minutesInWords(120)).toBe("2 hours");
  });
});

describe("channelTarget", () => {
  it("shows what the API shows, never a credential", () => {
    expect(channelTarget(channel({ type: "email", to: ["a@example.com", "b@example.com"] }))).toBe("a@example.com, b@example.com");
    expect(channelTarget(channel({ type: "slack", hasSecret: true, urlHint: "https://hooks.slack.com/…" }))).toBe("https://hooks.slack.com/…");
    expect(channelTarget(channel({ type: "telegram", hasSecret: true, chatId: "-100123", botTokenHint: "123456:…" }))).toBe("-100123 · bot 123456:…");
    expect(channelTarget(channel({ type: "webhook", hasSecret: true, url: "https://example.com/h" }))).toBe("https://example.com/h");
  });
});

describe("latestDeliveries", () => {
  it("keeps each channel's latest outcome per notice kind", () => {
    const first = delivery({ ok: false, error: "HTTP 500 from Slack", at: "2026-01-01T00:00:00.000Z", notice: "reminder" });
    const second = delivery({ ok: true, statusCode: 200, at: "2026-01-01T00:30:00.000Z", notice: "reminder" });
    const firing = delivery({ notice: "firing" });
    expect(latestDeliveries([firing, first, second])).toEqual([firing, second]);
    expect(deliveryOutcome(first)).toBe("HTTP 500 from Slack");
    expect(deliveryOutcome(second)).toBe("sent (HTTP 200)");
  });
});
