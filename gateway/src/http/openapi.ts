import { z } from "zod";
import { ErrorBody } from "../../../contract/errors";
import type { AnyRoute } from "./route";

type JsonSchema = Record<string, unknown>;

/** Converts one zod schema, moving named (`.meta({ id })`) schemas into components. */
function toSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any", reused: "inline" }) as JsonSchema;
  const { $defs, $schema: _ignored, ...rest } = json as JsonSchema & { $defs?: Record<string, JsonSchema> };
  const rewrite = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  for (const [name, def] of Object.entries($defs ?? {})) components[name] = rewrite(def);
  // A top-level schema with an id comes back as its own definition plus an `id` keyword: reference it instead.
  const id = (rest as { id?: string }).id;
  if (typeof id === "string") {
    const { id: _id, ...definition } = rest as JsonSchema & { id: string };
    components[id] = rewrite(definition);
    return { $ref: `#/components/schemas/${id}` };
  }
  return rewrite(rest);
}

function parameters(route: AnyRoute, where: "path" | "query", components: Record<string, JsonSchema>) {
  const schema = (where === "path" ? route.params : route.query) as z.ZodObject | undefined;
  if (!schema) return [];
  const objectSchema = toSchema(schema, "input", components) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(objectSchema.properties ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === "path" ? true : (objectSchema.required ?? []).includes(name),
    ...(typeof prop.description === "string" ? { description: prop.description } : {}),
    schema: prop,
  }));
}

const CREDENTIALS: Record<Exclude<AnyRoute["auth"], "public">, string> = {
  session: "An operator session (sign in first); API keys are refused",
  operator: "An operator session or an admin API key",
  instance: "An operator session, an admin API key, or an instance token for this instance",
};

/** Builds the OpenAPI 3.1 document from the registered routes' zod schemas. */
export function buildOpenApi(routes: readonly AnyRoute[], info: { version: string; serverUrl?: string }) {
  const components: Record<string, JsonSchema> = {};
  const errorRef = toSchema(ErrorBody, "output", components);
  const paths: Record<string, Record<string, unknown>> = {};

  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? { content: { "application/json": { schema: toSchema(response.schema, "output", components) } } }
          : {}),
      };
    }
    responses["400"] ??= { description: "Invalid input", content: { "application/json": { schema: errorRef } } };
    if (route.auth !== "public") {
      responses["401"] ??= { description: "Missing or invalid credentials", content: { "application/json": { schema: errorRef } } };
    }
    responses["default"] = { description: "Error", content: { "application/json": { schema: errorRef } } };

    const params = [...parameters(route, "path", components), ...parameters(route, "query", components)];
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth === "public" ? { security: [] } : {}),
      ...(route.auth !== "public"
        ? { "x-credentials": route.permission ? `${CREDENTIALS[route.auth]} created with the ${route.permission} permission` : CREDENTIALS[route.auth] }
        : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: toSchema(route.body, "input", components) } },
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "WhatsApp API Manager gateway",
      version: info.version,
      description: "HTTP API of the WhatsApp gateway. Credentials travel only as `Authorization: Bearer <token>`.",
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An operator session token (POST /api/v1/auth/login), an admin API key, or an instance token (`wam_…`). Never put it in a URL.",
        },
      },
    },
  };
}
