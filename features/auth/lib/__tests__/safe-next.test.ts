import { describe, expect, it } from "vitest";
import { safeNext } from "../safe-next";

describe("safeNext (where sign-in goes next)", () => {
  it("keeps the panel's own paths, with their query and fragment", () => {
    expect(safeNext("/settings")).toBe("/settings");
    expect(safeNext("/instances/ins_1/settings?tab=proxy#p")).toBe("/instances/ins_1/settings?tab=proxy#p");
    expect(safeNext("/logs?q=a%2Fb")).toBe("/logs?q=a%2Fb");
  });

  it("sends anything else to the overview", () => {
    expect(safeNext(undefined)).toBe("/");
    expect(safeNext("")).toBe("/");
    expect(safeNext("settings")).toBe("/");
    expect(safeNext("https://evil.invalid/")).toBe("/");
    expect(safeNext("javascript:alert(1)")).toBe("/");
    expect(safeNext("//evil.invalid")).toBe("/");
    expect(safeNext("/\\evil.invalid")).toBe("/");
    expect(safeNext("\\\\evil.invalid")).toBe("/");
  });

  // A browser's URL parser drops tabs and line breaks anywhere in a URL, so "/\t/host" is "//host": another site.
  it.each(["/\t/evil.invalid", "/\n/evil.invalid", "/\r\n/evil.invalid", "/\n\\evil.invalid", "\t//evil.invalid"])(
    "refuses %j, which a browser reads as another site",
    (next) => {
      const followed = safeNext(next);
      expect(new URL(followed, "http://panel.invalid").origin).toBe("http://panel.invalid");
      expect(followed).toBe("/");
    },
  );
});
