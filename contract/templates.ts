import * as z from "zod/mini";
import { pageLimit } from "./query-params";
import { ErrorCode } from "./errors";
import { InstanceId } from "./instances";
import { UpdateInstanceSettingsRequest } from "./instance-settings";
import { ProxyId } from "./proxy-url";
import { TemplateId } from "./template-id";
import { WebhookEventType, WebhookEvents, WebhookSecret, WebhookUrl } from "./webhooks";

// Settings templates (docs/templates.md): named sets of behaviour settings, a proxy policy and webhook subscriptions,
// applied to an instance when it is created (the default template, or the one the create names) or to many
// instances at once (POST /api/v1/templates/{id}/apply, one result per instance).

const iso = z.iso.datetime();

/**
 * The proxy policy a template applies: `none`, `auto` or a named pool proxy. Not a `custom` URL: a template is read
 * back whole (GET), and a proxy password must never be returned; a proxy many instances share belongs in the pool.
 */
export const TemplateProxyPolicy = z
  .discriminatedUnion(
    "mode",
    [z.strictObject({ mode: z.literal("none") }), z.strictObject({ mode: z.literal("auto") }), z.strictObject({ mode: z.literal("pool"), proxyId: ProxyId })],
    { error: (issue) => (issue.code === "invalid_union" ? "mode must be one of: none, auto, pool (a template cannot hold a custom proxy URL: add it to the pool)" : undefined) },
  )
  .register(z.globalRegistry, {
    id: "TemplateProxyPolicy",
    description:
      "`none`: connect directly. `auto`: the pool proxy with the fewest instances among those with room and not failing their checks (no room: creating fails with 409, an apply row fails). `pool`: this pool proxy. A custom proxy URL cannot be part of a template.",
  });
export type TemplateProxyPolicy = z.infer<typeof TemplateProxyPolicy>;

/**
 * The settings a template sets: any of the instance settings (the same names and rules as PATCH …/settings), none
 * required. Those it leaves out are left as each instance has them.
 */
export const TemplateSettings = z.strictObject(UpdateInstanceSettingsRequest.shape).register(z.globalRegistry, {
  id: "TemplateSettings",
  description: "The instance settings the template sets (names and rules as PATCH /api/v1/instances/{id}/settings); a setting left out is left as each instance has it",
});
export type TemplateSettings = z.infer<typeof TemplateSettings>;

/** One webhook the template gives each instance: an endpoint bound to that instance, signed with the template's secret. */
export const TemplateWebhook = z
  .strictObject({
    url: WebhookUrl,
    events: WebhookEvents,
  })
  .register(z.globalRegistry, { id: "TemplateWebhook" });
export type TemplateWebhook = z.infer<typeof TemplateWebhook>;

/** A template webhook as responses show it (the request's shape dedupes events with a transform, which cannot encode). */
const TemplateWebhookEntry = z
  .object({ url: z.string(), events: z.array(WebhookEventType) })
  .register(z.globalRegistry, { id: "TemplateWebhookEntry", description: "One webhook the template gives each instance" });

const MAX_TEMPLATE_WEBHOOKS = 10;
const templateName = () => z.string().check(z.trim(), z.minLength(1, "is required"), z.maxLength(100, "must be at most 100 characters"));
const templateDescription = () => z.nullable(z.string().check(z.trim(), z.maxLength(500, "must be at most 500 characters")));
const templateWebhooks = () =>
  z.array(TemplateWebhook).check(
    z.maxLength(MAX_TEMPLATE_WEBHOOKS, `must have at most ${MAX_TEMPLATE_WEBHOOKS} webhooks`),
    z.refine((hooks: Array<{ url: string }>) => new Set(hooks.map((h) => h.url)).size === hooks.length, { message: "must not list the same URL twice" }),
  );

export const SettingsTemplate = z
  .object({
    id: TemplateId,
    name: z.string(),
    description: z.nullable(z.string()),
    isDefault: z.boolean().register(z.globalRegistry, { description: "Applied to every instance created without naming a template (at most one template is the default)" }),
    settings: TemplateSettings,
    proxy: z.nullable(TemplateProxyPolicy).register(z.globalRegistry, { description: "The proxy policy applied; null: each instance keeps its proxy" }),
    webhooks: z.array(TemplateWebhookEntry).register(z.globalRegistry, {
      description: "Webhooks each instance gets, bound to it and signed with the template's secret (an instance that already has an endpoint at that URL gets its events updated)",
    }),
    secretHint: z.string().register(z.globalRegistry, { description: "The first characters of the template's signing secret", example: "whsec_AbCd…" }),
    createdAt: iso,
    updatedAt: iso,
  })
  .register(z.globalRegistry, { id: "SettingsTemplate" });
export type SettingsTemplate = z.infer<typeof SettingsTemplate>;

/** Creating a template answers with its signing secret, shown this once (the webhooks it creates sign with it). */
export const SettingsTemplateWithSecret = z.extend(SettingsTemplate, { secret: WebhookSecret }).register(z.globalRegistry, { id: "SettingsTemplateWithSecret" });
export type SettingsTemplateWithSecret = z.infer<typeof SettingsTemplateWithSecret>;

export const CreateTemplateRequest = z
  .strictObject({
    name: templateName().register(z.globalRegistry, { description: "Unique, ignoring case" }),
    description: z._default(templateDescription(), null),
    isDefault: z._default(z.boolean(), false),
    settings: z._default(TemplateSettings, {}),
    proxy: z._default(z.nullable(TemplateProxyPolicy), null),
    webhooks: z._default(templateWebhooks(), []),
  })
  .register(z.globalRegistry, { id: "CreateTemplateRequest" });
export type CreateTemplateRequest = z.input<typeof CreateTemplateRequest>;

export const UpdateTemplateRequest = z
  .strictObject({
    name: z.optional(templateName()),
    description: z.optional(templateDescription()),
    isDefault: z.optional(z.boolean()),
    settings: z.optional(TemplateSettings).register(z.globalRegistry, { description: "Replaces the template's settings as a whole" }),
    proxy: z.optional(z.nullable(TemplateProxyPolicy)),
    webhooks: z.optional(templateWebhooks()).register(z.globalRegistry, { description: "Replaces the template's webhooks as a whole (webhooks already created for instances are left as they are)" }),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, "must change at least one field"))
  .register(z.globalRegistry, { id: "UpdateTemplateRequest" });
export type UpdateTemplateRequest = z.input<typeof UpdateTemplateRequest>;

export const TemplateIdParams = z.object({ id: TemplateId });

export const ListTemplatesQuery = z.strictObject({
  limit: pageLimit(500, 100),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
});
export const TemplateList = z.object({ items: z.array(SettingsTemplate), nextCursor: z.nullable(z.string()) }).register(z.globalRegistry, { id: "TemplateList" });
export type TemplateList = z.infer<typeof TemplateList>;

export const ApplyTemplateRequest = z
  .strictObject({
    instanceIds: z
      .pipe(
        z.array(InstanceId).check(z.minLength(1, "must list at least one instance"), z.maxLength(500, "must list at most 500 instances")),
        z.transform((ids: string[]) => [...new Set(ids)]),
      )
      .register(z.globalRegistry, { description: "The instances to apply it to (duplicates count once)" }),
  })
  .register(z.globalRegistry, { id: "ApplyTemplateRequest" });
export type ApplyTemplateRequest = z.input<typeof ApplyTemplateRequest>;

/** What applying a template did to one instance. */
export const TemplateApplyItem = z
  .object({
    instanceId: InstanceId,
    ok: z.boolean(),
    changed: z.array(z.string()).register(z.globalRegistry, { description: "What changed: setting names, `proxy`, and `webhook:<url>` for each endpoint created or updated" }),
    restart: z.boolean().register(z.globalRegistry, { description: "The session is restarting to apply a change (same credentials, no QR)" }),
    error: z.optional(z.object({ code: ErrorCode, message: z.string() })).register(z.globalRegistry, {
      description: "Why this instance was not (fully) updated: what `changed` lists was applied before the failure",
    }),
  })
  .register(z.globalRegistry, { id: "TemplateApplyItem" });
export type TemplateApplyItem = z.infer<typeof TemplateApplyItem>;

export const TemplateApplyResult = z.object({ items: z.array(TemplateApplyItem) }).register(z.globalRegistry, { id: "TemplateApplyResult" });
export type TemplateApplyResult = z.infer<typeof TemplateApplyResult>;
