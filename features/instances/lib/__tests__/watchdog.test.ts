import { describe, expect, it } from "vitest";
import { describeSeconds } from "../watchdog";

describe("describeSeconds", () => {
  it("reads a threshold as an operator would", () => {
    expect(describeSeconds(1)).toBe("1 second");
    expect(describeSeconds(45)).toBe("45 seconds");
    expect(describeSeconds(60)).toBe("1 minute");
    expect(describeSeconds(180)).toBe("3 minutes");
    expect(describeSeconds(90)).toBe("1 minute 30 seconds");
    expect(describeSeconds(3600)).toBe("1 hour");
    expect(describeSeconds(7200)).toBe("2 hours");
    expect(describeSeconds(5400)).toBe("90 minutes");
  });
});
