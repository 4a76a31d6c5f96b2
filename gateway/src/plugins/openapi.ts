import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { jsonSchemaTransform, jsonSchemaTransformObject, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { OpenAPIV3_1 } from "openapi-types";
import { z } from "zod";
import { ErrorBody } from "../../../contract/errors";
import { GATEWAY_VERSION } from "../version";
import type { RouteAuth } from "./auth";

const CREDENTIALS: Record<Exclude<RouteAuth, "public">, string> = {
  session: "An operator session (sign in first); API keys are refused",
  operator: "An operator session or an admin API key",
  instance: "An operator session, an admin API key, or an instance token for this instance",
  credential: "Any valid credential: an operator session, an admin API key or an instance token",
};

type OpenApiDocument = OpenAPIV3_1.Document;

const REF = /"#\/components\/schemas\/([A-Za-z0-9_]+)"/g;

/**
 * fastify-type-provider-zod emits every registered schema twice: `X` as the server sends it (output) and `XInput`
 * as it accepts it (input). Keep what the operations use, and where only one of the two is used, its plain name,
 * so a generated client gets one type per shape (`LoginRequest`, not `LoginRequestInput`).
 */
function tidyComponents(doc: OpenApiDocument): OpenApiDocument {
  const schemas: Record<string, unknown> = doc.components?.schemas ?? {};
  const { components, ...rest } = doc;
  const used = new Set<string>();
  const visit = (value: unknown) => {
    for (const [, name] of JSON.stringify(value).matchAll(REF)) {
      if (name && !used.has(name)) {
        used.add(name);
        visit(schemas[name]);
      }
    }
  };
  visit(rest);
  const same = (n: string) => JSON.stringify(schemas[n]) === JSON.stringify(schemas[n.slice(0, -5)]);
  const rename = new Map([...used].filter((n) => n.endsWith("Input") && (!used.has(n.slice(0, -5)) || same(n))).map((n) => [n, n.slice(0, -5)]));
  const kept = Object.fromEntries([...used].sort().filter((n) => !(rename.has(n) && used.has(rename.get(n)!))).map((n) => [rename.get(n) ?? n, schemas[n]]));
  const text = JSON.stringify({ ...rest, components: { ...components, schemas: kept } }).replace(REF, (ref, name: string) => (rename.has(name) ? `"#/components/schemas/${rename.get(name)}"` : ref));
  return JSON.parse(text) as OpenApiDocument;
}

/** A JSON response with its description, keeping the schema's component reference in the document. */
export function json<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { "application/json": { schema } } };
}

/** An error response in the one error shape, for statuses a route returns beyond the common ones. */
export function problem(description: string) {
  return json(description, ErrorBody);
}

/**
 * The OpenAPI 3.1 document at GET /openapi.json, made by @fastify/swagger from the routes' zod schemas (the
 * contract), and Swagger UI at /docs from its npm package (no CDN, a strict CSP).
 */
async function openapi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "WhatsApp API Manager gateway",
        version: GATEWAY_VERSION,
        description: "HTTP API of the WhatsApp gateway. Credentials travel only as `Authorization: Bearer <token>`.",
      },
      security: [{ bearerAuth: [] }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: "http",
            scheme: "bearer",
            description: "An operator session token (POST /api/v1/auth/login), an admin API key, or an instance token (`wam_…`). Never put it in a URL.",
          },
        },
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const { auth, permission } = input.route.config ?? {};
      const extra = auth === "public" ? { security: [] } : auth ? { "x-credentials": permission ? `${CREDENTIALS[auth]} created with the ${permission} permission` : CREDENTIALS[auth] } : {};
      return { ...out, schema: { ...out.schema, ...extra } };
    },
    transformObject: (input) => tidyComponents(jsonSchemaTransformObject(input) as OpenApiDocument),
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    staticCSP: true,
    uiConfig: { deepLinking: true, persistAuthorization: false, tryItOutEnabled: false },
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    "/openapi.json",
    {
      config: { auth: "public" },
      schema: {
        operationId: "getOpenApi",
        summary: "This API as an OpenAPI 3.1 document",
        tags: ["System"],
        response: { 200: z.record(z.string(), z.unknown()).describe("OpenAPI 3.1 document") },
      },
    },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
}

export default fp(openapi, { name: "openapi" });
