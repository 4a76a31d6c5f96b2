import { describe, expect, it } from "vitest";
import type { InstanceStatus } from "@/contract/instances";
import { canRun } from "../instance-actions";
import { STATUS_ORDER } from "../instance-status";

describe("which actions an instance offers", () => {
  it("reconnects only what is stopped, logs out only what is linked, and always restarts, resets and deletes", () => {
    const offered = (status: InstanceStatus) => (["connect", "restart", "logout", "reset", "delete"] as const).filter((action) => canRun(action, status));
    expect(Object.fromEntries(STATUS_ORDER.map((status) => [status, offered(status)]))).toEqual({
      CONNECTED: ["restart", "logout", "reset", "delete"],
      QR_REQUIRED: ["restart", "reset", "delete"],
      RECONNECTING: ["restart", "reset", "delete"],
      INIT: ["restart", "reset", "delete"],
      DISCONNECTED: ["connect", "restart", "reset", "delete"],
      ERROR: ["connect", "restart", "reset", "delete"],
    });
  });
});
