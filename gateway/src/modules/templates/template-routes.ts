import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  ApplyTemplateRequest,
  CreateTemplateRequest,
  ListTemplatesQuery,
  SettingsTemplate,
  SettingsTemplateWithSecret,
  TemplateApplyResult,
  TemplateIdParams,
  TemplateList,
  UpdateTemplateRequest,
} from "../../../../contract/templates";
import { json, problem } from "../../plugins/openapi";
import { isForwarded } from "../cluster/forward";

const TAGS = ["Templates"];
// Operators and admin API keys; an instance token gets 403 (plugins/auth.ts).
const operator = { auth: "operator" } as const;
const notFound = problem("No such template");
const nameTaken = problem("Another template has this name (names are unique, ignoring case)");

/** Settings templates (docs/templates.md): CRUD, and applying one to many instances. */
export default async function templateRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { service, applier } = app.templates;

  r.get(
    "/api/v1/templates",
    {
      config: operator,
      schema: {
        operationId: "listTemplates",
        summary: "The settings templates, newest first",
        description: "Every template with its settings, proxy policy, webhooks and which one is the default; the signing secret only as a hint. Cursor paging.",
        tags: TAGS,
        querystring: ListTemplatesQuery,
        response: { 200: json("A page of templates", TemplateList) },
      },
    },
    async (request) => service.list(request.query),
  );

  r.post(
    "/api/v1/templates",
    {
      config: operator,
      schema: {
        operationId: "createTemplate",
        summary: "Create a settings template (its webhooks' signing secret is in this answer only)",
        description:
          "A named set of instance settings (the PATCH …/settings fields it sets), a proxy policy and webhook subscriptions. The answer carries the signing secret of the webhooks it creates, shown this once. `isDefault: true` makes it the template every new instance gets (the previous default stops being one). Names are unique, ignoring case (409).",
        tags: TAGS,
        body: CreateTemplateRequest,
        response: { 201: json("Created, with the secret", SettingsTemplateWithSecret), 409: nameTaken },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(request.body)),
  );

  r.get(
    "/api/v1/templates/:id",
    {
      config: operator,
      schema: { operationId: "getTemplate", summary: "One settings template", description: "The template, its secret only as a hint.", tags: TAGS, params: TemplateIdParams, response: { 200: json("The template", SettingsTemplate), 404: notFound } },
    },
    async (request) => service.get(request.params.id),
  );

  r.patch(
    "/api/v1/templates/:id",
    {
      config: operator,
      schema: {
        operationId: "updateTemplate",
        summary: "Change a settings template (instances it was applied to keep what they have)",
        description:
          "`settings` and `webhooks` replace the template's as a whole. `isDefault: true` makes it the default (the previous one stops being it); `false` leaves no default. Nothing changes on instances until it is applied again.",
        tags: TAGS,
        params: TemplateIdParams,
        body: UpdateTemplateRequest,
        response: { 200: json("Updated", SettingsTemplate), 404: notFound, 409: nameTaken },
      },
    },
    async (request) => service.update(request.params.id, request.body),
  );

  r.delete(
    "/api/v1/templates/:id",
    {
      config: operator,
      schema: {
        operationId: "deleteTemplate",
        summary: "Delete a settings template (instances keep what it applied; deleting the default leaves none)",
        description: "The instances it was applied to keep their settings, proxy and the webhooks it created (those keep signing with its secret).",
        tags: TAGS,
        params: TemplateIdParams,
        response: { 204: z.undefined().describe("Deleted"), 404: notFound },
      },
    },
    async (request, reply) => {
      await service.remove(request.params.id);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/v1/templates/:id/apply",
    {
      config: operator,
      schema: {
        operationId: "applyTemplate",
        summary: "Apply a template to up to 500 instances; one result per instance",
        description:
          "For each instance (4 at a time), on whichever node runs it: the template's settings as PATCH …/settings does (a running session restarts for `deviceName` or `syncFullHistory`, no QR), its proxy policy as PUT …/proxy does (an instance already meeting it is left alone; a new proxy restarts a running session through it), then its webhooks (created bound to the instance and signed with the template's secret, or, where the instance has an endpoint at that URL, its events updated). A running session restarts at most once for both the settings and the proxy (`restart: true`). One result per distinct instance, in order: `changed` lists what changed; on the first failure the row stops with `error` (not_found, conflict when no proxy has room, unavailable when its node did not answer) and `changed` tells what was applied before it. A bad body is a 400 and applies nothing.",
        tags: TAGS,
        params: TemplateIdParams,
        body: ApplyTemplateRequest,
        response: { 200: json("One result per instance, in the order given", TemplateApplyResult), 404: notFound },
      },
    },
    async (request) => applier.applyMany(request.params.id, request.body.instanceIds, { authorization: request.headers.authorization, forwarded: isForwarded(request) }),
  );
}
