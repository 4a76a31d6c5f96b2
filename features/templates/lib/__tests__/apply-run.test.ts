import { describe, expect, it } from "vitest";
import { chunkFailed, chunked, chunkResults } from "../apply-run";

describe("apply run", () => {
  it("cuts the selection into chunks of 25, in order", () => {
    const ids = Array.from({ length: 53 }, (_, i) => `ins_${i}`);
    const chunks = chunked(ids);
    expect(chunks.map((c) => c.length)).toEqual([25, 25, 3]);
    expect(chunks.flat()).toEqual(ids);
    expect(chunked([])).toEqual([]);
  });

  it("gives each instance of a chunk its result, and a failure to one the answer leaves out", () => {
    const results = chunkResults(["a", "b", "c"], {
      items: [
        { instanceId: "a", ok: true, changed: ["readMessages"], restart: false },
        { instanceId: "b", ok: false, changed: [], restart: false, error: { code: "not_found", message: "Instance not found" } },
      ],
    });
    expect(results).toEqual({
      a: { state: "ok", message: "Changed: Mark messages read" },
      b: { state: "failed", message: "Instance not found" },
      c: { state: "failed", message: "The gateway gave no result for it" },
    });
    expect(chunkFailed(["a"], new Error("Template not found"))).toEqual({ a: { state: "failed", message: "Template not found" } });
  });
});
