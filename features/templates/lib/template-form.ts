import * as z from "zod/mini";
import { CreateTemplateRequest, UpdateTemplateRequest, type SettingsTemplate, type TemplateProxyPolicy, type TemplateSettings } from "@/contract/templates";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/contract/webhooks";
import type { WatchdogPolicy } from "@/contract/watchdog";
import { TEMPLATE_FLAGS, type TemplateFlag } from "./template-words";

// The template form: every setting as "leave as is" or a value, the proxy policy as a mode and its field, webhooks as
// rows. Checked by mapping to the contract's request and validating that, so the form and the gateway never disagree.

/** A flag the template leaves as each instance has it, or sets. */
export type FlagChoice = "keep" | "on" | "off";
/** The watchdog policy: left as is, back to the gateway's default (null), or one policy. */
export type WatchdogChoice = "keep" | "default" | WatchdogPolicy;
export type ProxyChoice = "keep" | TemplateProxyPolicy["mode"];

export type TemplateFormValues = {
  name: string;
  description: string;
  isDefault: boolean;
  flags: Record<TemplateFlag, FlagChoice>;
  /** Set the reply (empty: no reply) or leave it as is. */
  setRejectCallMessage: boolean;
  rejectCallMessage: string;
  setDeviceName: boolean;
  deviceName: string;
  watchdogPolicy: WatchdogChoice;
  proxyMode: ProxyChoice;
  proxyId: string;
  webhooks: Array<{ url: string; events: WebhookEventType[] }>;
};

const DEFAULT_EVENTS: WebhookEventType[] = ["instance.status", "message.received"];
export const emptyTemplateWebhook = () => ({ url: "", events: [...DEFAULT_EVENTS] });

export const emptyTemplateForm = (): TemplateFormValues => ({
  name: "",
  description: "",
  isDefault: false,
  flags: Object.fromEntries(TEMPLATE_FLAGS.map((flag) => [flag, "keep"])) as Record<TemplateFlag, FlagChoice>,
  setRejectCallMessage: false,
  rejectCallMessage: "",
  setDeviceName: false,
  deviceName: "",
  watchdogPolicy: "keep",
  proxyMode: "keep",
  proxyId: "",
  webhooks: [],
});

/** A saved template as form values. */
export function templateToForm(template: SettingsTemplate): TemplateFormValues {
  const { settings, proxy } = template;
  const empty = emptyTemplateForm();
  return {
    ...empty,
    name: template.name,
    description: template.description ?? "",
    isDefault: template.isDefault,
    flags: Object.fromEntries(TEMPLATE_FLAGS.map((flag) => [flag, settings[flag] === undefined ? "keep" : settings[flag] ? "on" : "off"])) as Record<TemplateFlag, FlagChoice>,
    setRejectCallMessage: settings.rejectCallMessage !== undefined,
    rejectCallMessage: settings.rejectCallMessage ?? "",
    setDeviceName: settings.deviceName !== undefined,
    deviceName: settings.deviceName ?? "",
    watchdogPolicy: settings.watchdogPolicy === undefined ? "keep" : settings.watchdogPolicy === null ? "default" : settings.watchdogPolicy,
    proxyMode: proxy === null ? "keep" : proxy.mode,
    proxyId: proxy?.mode === "pool" ? proxy.proxyId : "",
    webhooks: template.webhooks.map((hook) => ({ url: hook.url, events: [...hook.events] })),
  };
}

/**
 * The settings the form sets. What the form does not edit (the watchdog's silence threshold, set through the API) is
 * kept from the saved template, since an update replaces the settings as a whole.
 */
function settingsOf(values: TemplateFormValues, saved?: SettingsTemplate): TemplateSettings {
  const settings: TemplateSettings = {};
  for (const flag of TEMPLATE_FLAGS) if (values.flags[flag] !== "keep") settings[flag] = values.flags[flag] === "on";
  if (values.setRejectCallMessage) settings.rejectCallMessage = values.rejectCallMessage.trim() === "" ? null : values.rejectCallMessage;
  if (values.setDeviceName) settings.deviceName = values.deviceName;
  if (values.watchdogPolicy !== "keep") settings.watchdogPolicy = values.watchdogPolicy === "default" ? null : values.watchdogPolicy;
  if (saved?.settings.watchdogSilenceSeconds !== undefined) settings.watchdogSilenceSeconds = saved.settings.watchdogSilenceSeconds;
  return settings;
}

function proxyOf(values: TemplateFormValues): TemplateProxyPolicy | null {
  switch (values.proxyMode) {
    case "keep":
      return null;
    case "none":
    case "auto":
      return { mode: values.proxyMode };
    case "pool":
      return { mode: "pool", proxyId: values.proxyId };
  }
}

const webhooksOf = (values: TemplateFormValues) => values.webhooks.map((hook) => ({ url: hook.url, events: WEBHOOK_EVENT_TYPES.filter((t) => hook.events.includes(t)) }));

export function toCreateTemplateRequest(values: TemplateFormValues): CreateTemplateRequest {
  return {
    name: values.name,
    description: values.description.trim() === "" ? null : values.description,
    isDefault: values.isDefault,
    settings: settingsOf(values),
    proxy: proxyOf(values),
    webhooks: webhooksOf(values),
  };
}

/** Every field of the form (an update replaces settings and webhooks as a whole). */
export function toUpdateTemplateRequest(values: TemplateFormValues, saved: SettingsTemplate): UpdateTemplateRequest {
  return { ...toCreateTemplateRequest(values), settings: settingsOf(values, saved) };
}

/** An issue path of the request (`settings.deviceName`, or the gateway's `body.webhooks.0.url`) as the form field it belongs to. */
export function templateFieldOf(path: readonly PropertyKey[] | string): string | null {
  const parts = typeof path === "string" ? path.replace(/^body\.?/, "").split(".").filter(Boolean) : path.map(String);
  const [first, second, third] = parts;
  if (first === "name" || first === "description" || first === "isDefault") return first;
  if (first === "settings") {
    if (second === "rejectCallMessage" || second === "deviceName" || second === "watchdogPolicy") return second;
    if ((TEMPLATE_FLAGS as readonly string[]).includes(second ?? "")) return `flags.${second}`;
    return null;
  }
  if (first === "proxy") return second === "proxyId" ? "proxyId" : "proxyMode";
  if (first === "webhooks") {
    if (second === undefined || !/^\d+$/.test(second)) return "webhooks";
    return third === "url" || third === "events" ? `webhooks.${second}.${third}` : "webhooks";
  }
  return null;
}

const FlagChoiceSchema = z.enum(["keep", "on", "off"]);

/** The form's schema: for a new template the create request must be valid, for a saved one the update request. */
export function templateFormSchema(saved?: SettingsTemplate) {
  return z
    .object({
      name: z.string(),
      description: z.string(),
      isDefault: z.boolean(),
      flags: z.object(Object.fromEntries(TEMPLATE_FLAGS.map((flag) => [flag, FlagChoiceSchema])) as Record<TemplateFlag, typeof FlagChoiceSchema>),
      setRejectCallMessage: z.boolean(),
      rejectCallMessage: z.string(),
      setDeviceName: z.boolean(),
      deviceName: z.string(),
      watchdogPolicy: z.enum(["keep", "default", "restart", "alert", "off"]),
      proxyMode: z.enum(["keep", "none", "auto", "pool"]),
      proxyId: z.string(),
      webhooks: z.array(z.object({ url: z.string(), events: z.array(z.enum(WEBHOOK_EVENT_TYPES)) })),
    })
    .check(
      z.superRefine((values, ctx) => {
        if (values.proxyMode === "pool" && values.proxyId === "") ctx.addIssue({ code: "custom", path: ["proxyId"], message: "Choose a proxy from the pool." });
        const result = saved ? UpdateTemplateRequest.safeParse(toUpdateTemplateRequest(values, saved)) : CreateTemplateRequest.safeParse(toCreateTemplateRequest(values));
        if (result.success) return;
        for (const issue of result.error.issues) {
          if (values.proxyMode === "pool" && issue.path[0] === "proxy") continue;
          const field = templateFieldOf(issue.path);
          ctx.addIssue({ code: "custom", path: field ? field.split(".") : [], message: issue.message });
        }
      }),
    );
}
