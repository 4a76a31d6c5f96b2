import { describe, expect, it } from "vitest";
import { autoHasRoom, chunks, failureText, hasRoom, usageFraction, usageText } from "../proxy-words";

const health = (state: "ok" | "failing" | "unknown") => ({ state, checkedAt: null, latencyMs: null, exitIp: null, error: null, errorCode: null });

describe("proxy usage", () => {
  it("reads as a count of the cap, or with no cap", () => {
    expect(usageText({ instances: 3, maxInstances: 10 })).toBe("3 of 10");
    expect(usageText({ instances: 0, maxInstances: null })).toBe("0 · no cap");
  });

  it("fills the bar by the cap, and a proxy over a lowered cap counts as full", () => {
    expect(usageFraction({ instances: 5, maxInstances: 10 })).toBe(0.5);
    expect(usageFraction({ instances: 12, maxInstances: 10 })).toBe(1);
    expect(usageFraction({ instances: 12, maxInstances: null })).toBeNull();
  });

  it("has room below its cap, always without one", () => {
    expect(hasRoom({ instances: 9, maxInstances: 10 })).toBe(true);
    expect(hasRoom({ instances: 10, maxInstances: 10 })).toBe(false);
    expect(hasRoom({ instances: 1000, maxInstances: null })).toBe(true);
  });

  it("lets automatic pick only a proxy with room that is not failing (unknown counts)", () => {
    expect(autoHasRoom([])).toBe(false);
    expect(autoHasRoom([{ instances: 0, maxInstances: null, health: health("failing") }])).toBe(false);
    expect(autoHasRoom([{ instances: 2, maxInstances: 2, health: health("ok") }])).toBe(false);
    expect(autoHasRoom([{ instances: 0, maxInstances: 1, health: health("unknown") }])).toBe(true);
  });
});

describe("failureText", () => {
  it("is the gateway's message alone when there is one (it names the cause), the code in words otherwise", () => {
    expect(failureText("refused", "Nothing accepts connections at 127.0.0.1:9 (connection refused)")).toBe("Nothing accepts connections at 127.0.0.1:9 (connection refused)");
    expect(failureText("auth", null)).toBe("The proxy wants credentials or refused them");
    expect(failureText("timeout", "  ")).toBe("No answer in time");
    expect(failureText(null, null)).toBe("The check failed");
  });
});

describe("chunks", () => {
  it("splits in order, the last one shorter", () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 50)).toEqual([]);
    expect(chunks(Array.from({ length: 120 }, (_, i) => i), 50).map((c) => c.length)).toEqual([50, 50, 20]);
  });

  it("refuses a size below 1", () => {
    expect(() => chunks([1], 0)).toThrow(RangeError);
  });
});
