import { describe, expect, it } from "vitest";
import { fieldMessage } from "@/shared/lib/field-message";

describe("fieldMessage", () => {
  it("turns the contract's fragments into sentences that name the field", () => {
    expect(fieldMessage("Name", "must be at most 64 characters")).toBe("Name must be at most 64 characters.");
    expect(fieldMessage("URL", "must use https:// or http://")).toBe("URL must use https:// or http://.");
    expect(fieldMessage("Header value", "is required: the saved value belongs to the old name")).toBe("Header value is required: the saved value belongs to the old name.");
  });

  it("says what to do when a field is empty, if the form says how", () => {
    expect(fieldMessage("Name", "is required", "Enter a name for the instance.")).toBe("Enter a name for the instance.");
    expect(fieldMessage("Name", "is required")).toBe("Name is required.");
  });

  it("leaves a sentence as it is, adding only its full stop", () => {
    expect(fieldMessage("Name", "Give the key a name")).toBe("Give the key a name.");
    expect(fieldMessage("Name", 'An instance named "A" already exists (ins_1): choose another name.')).toBe('An instance named "A" already exists (ins_1): choose another name.');
    expect(fieldMessage("Name", undefined)).toBeUndefined();
  });
});
