import { describe, expect, it } from "vitest";
import type { SettingsTemplate } from "@/contract/templates";
import { emptyTemplateForm, templateFieldOf, templateFormSchema, templateToForm, toCreateTemplateRequest, toUpdateTemplateRequest, type TemplateFormValues } from "../template-form";

const saved: SettingsTemplate = {
  id: "tpl_aaaaaaaaaaaa",
  name: "Support desks",
  description: null,
  isDefault: false,
  settings: { rejectCalls: true, ignoreGroups: false, rejectCallMessage: null, watchdogPolicy: null, watchdogSilenceSeconds: 600 },
  proxy: { mode: "pool", proxyId: "prx_aaaaaaaaaaaa" },
  webhooks: [{ url: "https://example.com/hooks", events: ["message.received"] }],
  secretHint: "whsec_AbCd…",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

const form = (values: Partial<TemplateFormValues>): TemplateFormValues => ({ ...emptyTemplateForm(), ...values });
const issues = (values: TemplateFormValues, template?: SettingsTemplate) => {
  const result = templateFormSchema(template).safeParse(values);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("template form → request", () => {
  it("sends only the settings that are not left as they are, and the proxy policy and webhooks", () => {
    const values = form({
      name: "Direct, calls rejected",
      flags: { ...emptyTemplateForm().flags, rejectCalls: "on", readMessages: "off" },
      setDeviceName: true,
      deviceName: "Support",
      watchdogPolicy: "default",
      proxyMode: "none",
      webhooks: [{ url: "https://example.com/h", events: ["message.received", "instance.status"] }],
    });
    expect(toCreateTemplateRequest(values)).toEqual({
      name: "Direct, calls rejected",
      description: null,
      isDefault: false,
      settings: { rejectCalls: true, readMessages: false, deviceName: "Support", watchdogPolicy: null },
      proxy: { mode: "none" },
      // In the contract's order of events.
      webhooks: [{ url: "https://example.com/h", events: ["instance.status", "message.received"] }],
    });
    expect(toCreateTemplateRequest(emptyTemplateForm())).toMatchObject({ settings: {}, proxy: null, webhooks: [] });
  });

  it("sets an empty call reply as no reply (null), and leaves it out unless it is set", () => {
    expect(toCreateTemplateRequest(form({ setRejectCallMessage: true, rejectCallMessage: "  " })).settings).toEqual({ rejectCallMessage: null });
    expect(toCreateTemplateRequest(form({ rejectCallMessage: "Please write" })).settings).toEqual({});
  });

  it("turns each proxy mode into the contract's policy", () => {
    expect(toCreateTemplateRequest(form({ proxyMode: "auto" })).proxy).toEqual({ mode: "auto" });
    expect(toCreateTemplateRequest(form({ proxyMode: "pool", proxyId: "prx_aaaaaaaaaaaa" })).proxy).toEqual({ mode: "pool", proxyId: "prx_aaaaaaaaaaaa" });
  });

  it("reads a saved template back as the same values", () => {
    const values = templateToForm(saved);
    expect(values).toMatchObject({ name: "Support desks", setRejectCallMessage: true, rejectCallMessage: "", watchdogPolicy: "default", proxyMode: "pool", proxyId: "prx_aaaaaaaaaaaa" });
    expect(values.flags).toMatchObject({ rejectCalls: "on", ignoreGroups: "off", alwaysOnline: "keep" });
  });

  it("keeps the silence threshold the form does not edit", () => {
    const update = toUpdateTemplateRequest(templateToForm(saved), saved);
    expect(update.proxy).toEqual(saved.proxy);
    expect(update.settings).toEqual(saved.settings);
    expect(toUpdateTemplateRequest({ ...templateToForm(saved), proxyMode: "none" }, saved).proxy).toEqual({ mode: "none" });
    expect(issues(templateToForm(saved), saved)).toEqual([]);
  });
});

describe("templateFormSchema", () => {
  it("checks the request with the contract, under the form's fields", () => {
    expect(issues(form({ name: " " }))).toEqual(["name: is required"]);
    expect(issues(form({ name: "T", setDeviceName: true, deviceName: "" }))).toEqual(["deviceName: must not be empty"]);
    expect(issues(form({ name: "T", proxyMode: "pool" }))).toEqual(["proxyId: Choose a proxy from the pool."]);
    expect(issues(form({ name: "T", webhooks: [{ url: "https://example.com/h", events: [] }] }))).toEqual(["webhooks.0.events: must list at least one event type"]);
    const twice = { url: "https://example.com/h", events: ["message.received" as const] };
    expect(issues(form({ name: "T", webhooks: [twice, twice] }))).toEqual(["webhooks: must not list the same URL twice"]);
  });

  it("maps the gateway's issue paths to fields", () => {
    expect(templateFieldOf("body.settings.deviceName")).toBe("deviceName");
    expect(templateFieldOf("body.settings.ignoreGroups")).toBe("flags.ignoreGroups");
    expect(templateFieldOf("body.proxy.proxyId")).toBe("proxyId");
    expect(templateFieldOf("body.proxy")).toBe("proxyMode");
    expect(templateFieldOf("body.webhooks.1.url")).toBe("webhooks.1.url");
    expect(templateFieldOf("body.webhooks")).toBe("webhooks");
    expect(templateFieldOf("body")).toBeNull();
  });
});
