import * as z from "zod/mini";
import {
  MASKED_VALUE,
  WebhookEventType,
  WebhookHeaderName,
  WebhookHeaderValue,
  WebhookUrl,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  type Webhook,
} from "@/contract/webhooks";

/** A header row; `savedName` marks a header whose value is stored on the gateway and only shown masked. */
const headerRow = z.object({ name: WebhookHeaderName, value: z.string(), savedName: z.optional(z.string()) }).check(
  z.superRefine((row, ctx) => {
    const sameName = row.savedName !== undefined && row.savedName.toLowerCase() === row.name.trim().toLowerCase();
    if (row.value === "") {
      // An empty value on a saved header keeps what is stored; anywhere else it is a mistake.
      if (!sameName) ctx.addIssue({ code: "custom", path: ["value"], message: row.savedName !== undefined ? "is required: the saved value belongs to the old name" : "is required" });
      return;
    }
    const parsed = WebhookHeaderValue.safeParse(row.value);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["value"], message: issue.message });
  }),
);

export const webhookFormSchema = z.object({
  url: WebhookUrl,
  description: z.string().check(z.trim(), z.maxLength(200, "must be at most 200 characters")),
  enabled: z.boolean(),
  /** "" means every instance. */
  instanceId: z.string(),
  events: z.array(WebhookEventType).check(z.minLength(1, "must include at least one event")),
  headers: z.array(headerRow).check(
    z.maxLength(20, "must be at most 20"),
    z.superRefine((rows, ctx) => {
      const seen = new Set<string>();
      rows.forEach((row, i) => {
        const key = row.name.trim().toLowerCase();
        if (key && seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "name"], message: "is listed twice" });
        seen.add(key);
      });
    }),
  ),
});
export type WebhookFormValues = z.input<typeof webhookFormSchema>;
export type WebhookFormOutput = z.output<typeof webhookFormSchema>;

export function emptyWebhookForm(instanceId = ""): WebhookFormValues {
  return { url: "", description: "", enabled: true, instanceId, events: [], headers: [] };
}

export function webhookToForm(webhook: Webhook): WebhookFormValues {
  return {
    url: webhook.url,
    description: webhook.description ?? "",
    enabled: webhook.enabled,
    instanceId: webhook.instanceId ?? "",
    events: [...webhook.events],
    headers: webhook.headers.map((h) => ({ name: h.name, value: "", savedName: h.name })),
  };
}

export function toCreateRequest(values: WebhookFormOutput): CreateWebhookRequest {
  return {
    url: values.url,
    ...(values.description ? { description: values.description } : {}),
    events: values.events,
    instanceId: values.instanceId || null,
    enabled: values.enabled,
    headers: values.headers.map((h) => ({ name: h.name, value: h.value })),
  };
}

/** Sends every field; a saved header left empty goes without a value, which tells the gateway to keep it. */
export function toUpdateRequest(values: WebhookFormOutput): UpdateWebhookRequest {
  return {
    url: values.url,
    description: values.description || null,
    events: values.events,
    instanceId: values.instanceId || null,
    enabled: values.enabled,
    headers: values.headers.map((h) => (h.value === "" || h.value === MASKED_VALUE ? { name: h.name } : { name: h.name, value: h.value })),
  };
}

/** Field names in the gateway's issue paths (`body.url`, `body.headers.2.value`) → form paths. */
export function formPathOf(issuePath: string): string | null {
  const path = issuePath.replace(/^body\./, "");
  return /^(url|description|instanceId|events|enabled)$/.test(path) || /^headers\.\d+\.(name|value)$/.test(path) ? path : null;
}

/** An instance the form can bind an endpoint to; the app layer supplies the list. */
export type InstanceChoice = { id: string; name: string };
