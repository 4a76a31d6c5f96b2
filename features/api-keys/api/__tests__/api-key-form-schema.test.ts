import { describe, expect, it } from "vitest";
import { CreateApiKeyRequest } from "@/contract/api-keys";
import { createKeyFormSchema, toCreateRequest, type CreateKeyFormValues } from "../api-key-form-schema";

const values = (over: Partial<CreateKeyFormValues>): CreateKeyFormValues => ({ name: "CI", scope: "admin", expiry: "never", keysManage: false, ...over });

describe("the create-key form's request", () => {
  it("asks for keys:manage only when ticked, and only for an admin key", () => {
    expect(toCreateRequest(values({}))).toEqual({ name: "CI", scope: "admin" });
    expect(toCreateRequest(values({ keysManage: true }))).toEqual({ name: "CI", scope: "admin", permissions: ["keys:manage"] });
    // Ticked, then switched to an instance token: the right is not sent (the gateway would refuse it).
    expect(toCreateRequest(values({ keysManage: true, scope: "instance", instanceId: "ins_abcdefghij12" }))).toEqual({ name: "CI", scope: "instance", instanceId: "ins_abcdefghij12" });
  });

  it("a metrics key carries neither an instance nor a right, whatever was chosen before switching to it", () => {
    expect(toCreateRequest(values({ scope: "metrics", instanceId: "ins_abcdefghij12", keysManage: true }))).toEqual({ name: "CI", scope: "metrics" });
    expect(createKeyFormSchema.safeParse(values({ scope: "metrics" })).success).toBe(true);
  });

  it("what it sends is a valid CreateApiKeyRequest", () => {
    for (const v of [values({}), values({ keysManage: true }), values({ scope: "instance", instanceId: "ins_abcdefghij12", keysManage: true }), values({ scope: "metrics", keysManage: true })]) {
      expect(createKeyFormSchema.safeParse(v).success).toBe(true);
      expect(CreateApiKeyRequest.safeParse(toCreateRequest(v)).success, JSON.stringify(v)).toBe(true);
    }
    expect(CreateApiKeyRequest.parse({ name: "x", scope: "admin" }).permissions).toEqual([]);
  });
});
