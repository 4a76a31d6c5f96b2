import { describe, expect, it } from "vitest";
import { droppedUnderIntrospection } from "../support/gateway";

// The test harness starts a gateway again when its migrator's introspection query (over every schema of the run's
// shared database) was overtaken by another test dropping its own schema. The messages below are PostgreSQL's own,
// recorded from a loop that dropped schemas beside Kysely's getTables(); one of them failed a CI run.

const OWN = "gw_0123456789abcdef";
const OTHER = "gw_50107ebb079df0dd";

describe("a gateway start that tripped over another test's dropped schema", () => {
  it("is retried whichever catalog lookup the drop overtook", () => {
    for (const reason of [`schema "${OTHER}" does not exist`, `relation "${OTHER}.operators" does not exist`, `column "id" of relation "operators" does not exist`]) {
      expect(droppedUnderIntrospection(`Database migration failed on postgres://127.0.0.1:5432/wam_test: ${reason}`, OWN), reason).toBe(true);
    }
  });

  it("is not retried when the error is about the gateway's own schema, or about something else", () => {
    expect(droppedUnderIntrospection(`schema "${OWN}" does not exist`, OWN)).toBe(false);
    expect(droppedUnderIntrospection(`relation "${OWN}.operators" does not exist`, OWN)).toBe(false);
    expect(droppedUnderIntrospection("password authentication failed for user \"x\"", OWN)).toBe(false);
    expect(droppedUnderIntrospection(`relation "operators" does not exist`, OWN)).toBe(false);
  });
});
