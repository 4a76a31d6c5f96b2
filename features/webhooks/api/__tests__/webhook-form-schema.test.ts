import { describe, expect, it } from "vitest";
import { CreateWebhookRequest, MASKED_VALUE, UpdateWebhookRequest, type Webhook } from "@/contract/webhooks";
import { emptyWebhookForm, toCreateRequest, toUpdateRequest, webhookFormSchema, webhookToForm } from "../webhook-form-schema";

const messages = (input: unknown) => {
  const result = webhookFormSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

const saved: Webhook = {
  id: "whk_aaaaaaaaaaaa",
  url: "https://example.com/hooks",
  enabled: true,
  events: ["instance.status"],
  instanceId: null,
  headers: [{ name: "Authorization", value: MASKED_VALUE }],
  secretHint: "whsec_AbCd…",
  createdAt: "2026-01-15T10:30:00.000Z",
  updatedAt: "2026-01-15T10:30:00.000Z",
  health: { successRate24h: null, attempts24h: 0 },
};

describe("webhook form schema", () => {
  it("explains what is wrong with the URL, the events and the headers", () => {
    expect(messages({ ...emptyWebhookForm(), url: "ftp://example.com", events: ["instance.qr"] })).toEqual(["url: must use https:// or http://"]);
    expect(messages({ ...emptyWebhookForm(), url: "example.com", events: ["instance.qr"] })[0]).toMatch(/^url: must be an absolute URL/);
    expect(messages({ ...emptyWebhookForm(), url: "https://example.com" })).toEqual(["events: must include at least one event"]);
    expect(
      messages({
        ...emptyWebhookForm(),
        url: "https://example.com",
        events: ["instance.qr"],
        headers: [
          { name: "X-Token", value: "" },
          { name: "x-token", value: "a" },
          { name: "Content-Type", value: "a" },
          { name: "X-Ok", value: "line\nbreak" },
        ],
      }),
    ).toEqual([
      "headers.0.value: is required",
      "headers.2.name: is set by the gateway and cannot be overridden",
      "headers.3.value: may only use visible ASCII characters, spaces and tabs",
      "headers.1.name: is listed twice",
    ]);
  });

  it("keeps a saved header's value when left empty, and needs a new one when it is renamed", () => {
    const form = webhookToForm(saved);
    const kept = webhookFormSchema.parse(form);
    expect(toUpdateRequest(kept).headers).toEqual([{ name: "Authorization" }]);
    expect(UpdateWebhookRequest.safeParse(toUpdateRequest(kept)).success).toBe(true);
    expect(messages({ ...form, headers: [{ name: "X-Auth", value: "", savedName: "Authorization" }] })).toEqual([
      "headers.0.value: is required: the saved value belongs to the old name",
    ]);
    const replaced = webhookFormSchema.parse({ ...form, headers: [{ name: "Authorization", value: "Bearer new", savedName: "Authorization" }] });
    expect(toUpdateRequest(replaced).headers).toEqual([{ name: "Authorization", value: "Bearer new" }]);
  });

  it("maps to requests the contract accepts", () => {
    const values = webhookFormSchema.parse({ ...emptyWebhookForm("ins_aaaaaaaaaaaa"), url: " https://example.com/h ", events: ["message.received"], headers: [{ name: "X-Env", value: "prod" }] });
    const body = toCreateRequest(values);
    expect(body).toMatchObject({ url: "https://example.com/h", instanceId: "ins_aaaaaaaaaaaa", headers: [{ name: "X-Env", value: "prod" }] });
    expect(CreateWebhookRequest.safeParse(body).success).toBe(true);
    expect(toCreateRequest(webhookFormSchema.parse({ ...values, instanceId: "" })).instanceId).toBeNull();
  });
});
