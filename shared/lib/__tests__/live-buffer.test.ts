import { describe, expect, it } from "vitest";
import { appendToBuffer, bufferAt, bufferSlice, EMPTY_BUFFER, type LiveBuffer } from "../live-buffer";

const numbers = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const byValue = (a: number, b: number) => a - b;

describe("the live buffer", () => {
  it("holds the newest `limit` items in order, however they are appended, and counts every one", () => {
    let oneByOne: LiveBuffer<number> = EMPTY_BUFFER;
    for (const n of numbers(0, 5_000)) oneByOne = appendToBuffer(oneByOne, [n], 3_000);
    const inBatches = [numbers(0, 1_500), numbers(1_500, 1_501), numbers(1_501, 5_000)].reduce<LiveBuffer<number>>((b, batch) => appendToBuffer(b, batch, 3_000), EMPTY_BUFFER);
    for (const buffer of [oneByOne, inBatches]) {
      expect(bufferSlice(buffer)).toEqual(numbers(2_000, 5_000));
      expect(buffer).toMatchObject({ size: 3_000, total: 5_000 });
      // Every position answers, across chunk borders and after trims.
      for (const index of [0, 1, 1_023, 1_024, 2_047, 2_999]) expect(bufferAt(buffer, index)).toBe(2_000 + index);
      expect(bufferAt(buffer, 3_000)).toBeUndefined();
      expect(bufferSlice(buffer, 2_990)).toEqual(numbers(4_990, 5_000));
    }
  });

  it("never changes a buffer it was given (each write is a new value) and returns the same one for nothing", () => {
    const before = appendToBuffer(EMPTY_BUFFER, numbers(0, 1_500), 10_000);
    const copy = bufferSlice(before);
    const after = appendToBuffer(before, [1_500], 10_000);
    expect(bufferSlice(before)).toEqual(copy);
    expect(bufferSlice(after)).toEqual(numbers(0, 1_501));
    // The full chunk is shared, not copied.
    expect(after.chunks[0]).toBe(before.chunks[0]);
    expect(appendToBuffer(after, [], 10_000)).toBe(after);
  });

  it("sorts late items into place when given an order", () => {
    let buffer = appendToBuffer(EMPTY_BUFFER, [1, 2, 4], 4, byValue);
    buffer = appendToBuffer(buffer, [3, 5], 4, byValue);
    expect(bufferSlice(buffer)).toEqual([2, 3, 4, 5]);
    expect(buffer.total).toBe(5);
  });
});
