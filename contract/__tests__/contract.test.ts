import { describe, expect, it } from "vitest";
import { ErrorBody } from "../errors";
import { Instance, InstanceName, InstanceStatus } from "../instances";
import { SERVER_EVENT_NAMES, serverEvents } from "../socket-events";

describe("contract", () => {
  it("has exactly the six statuses of the status machine", () => {
    expect(InstanceStatus.options).toEqual(["INIT", "QR_REQUIRED", "CONNECTED", "RECONNECTING", "DISCONNECTED", "ERROR"]);
  });

  it("parses a full instance and refuses an unknown status", () => {
    const base = {
      id: "ins_abcdefghij12",
      name: "Sales",
      status: "CONNECTED",
      seq: 3,
      engine: "sandbox",
      createdAt: "2026-11-24T10:00:00.000Z",
      updatedAt: "2026-11-24T10:00:00.000Z",
    };
    expect(Instance.parse(base).status).toBe("CONNECTED");
    expect(Instance.safeParse({ ...base, status: "ONLINE" }).success).toBe(false);
  });

  it("validates instance names with a readable message", () => {
    expect(InstanceName.parse("  Support line 2 ")).toBe("Support line 2");
    const bad = InstanceName.safeParse("-starts-with-dash");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/must start with a letter or digit/);
  });

  it("describes the one error shape", () => {
    expect(ErrorBody.safeParse({ error: { code: "not_found", message: "x" } }).success).toBe(true);
    expect(ErrorBody.safeParse({ error: { code: "teapot", message: "x" } }).success).toBe(false);
  });

  it("has a schema for every server event, and payloads are checked", () => {
    expect(SERVER_EVENT_NAMES).toEqual(expect.arrayContaining(["instance.status", "instance.qr", "instance.created", "instance.updated", "instance.deleted"]));
    const status = serverEvents["instance.status"];
    expect(status.safeParse({ instanceId: "ins_abcdefghij12", status: "CONNECTED", seq: 1, at: "2026-11-24T10:00:00.000Z" }).success).toBe(true);
    expect(status.safeParse({ instanceId: "ins_abcdefghij12", status: "CONNECTED", seq: -1, at: "now" }).success).toBe(false);
  });
});
