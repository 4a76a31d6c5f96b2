import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ApiKey, ApiKeyList, ApiKeyListQuery, CreateApiKeyRequest, CreatedApiKey } from "../../../../contract/api-keys";
import { actorOf } from "../../plugins/auth";
import { json, problem } from "../../plugins/openapi";

const TAGS = ["API keys"];
const ApiKeyIdParams = z.object({ keyId: z.string().regex(/^key_[A-Za-z0-9]{10,40}$/, "must be an API key id like key_…") });
const noRight = problem("An API key without the keys:manage permission");

/** API keys and instance tokens for integrators; only hashes are stored, a key is shown once. */
export default async function apiKeyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { apiKeys, logs } = app;
  const label = (key: ApiKey) => `${key.scope === "instance" ? "Instance token" : key.scope === "metrics" ? "Metrics key" : "API key"} "${key.name}"`;

  r.get(
    "/api/v1/api-keys",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "listApiKeys",
        summary: "API keys and instance tokens (hints only; keys are never shown again)",
        description: "Admin API keys and instance tokens, newest first, with a hint (prefix and last 4 characters) instead of the key. Filter by instance; revoked keys only with `includeRevoked=true`. Cursor paging with `limit` and `cursor`.",
        tags: TAGS,
        querystring: ApiKeyListQuery,
        response: { 200: json("Keys", ApiKeyList) },
      },
    },
    async (request) => apiKeys.list(request.query),
  );

  r.post(
    "/api/v1/api-keys",
    {
      config: { auth: "operator", permission: "keys:manage" },
      schema: {
        operationId: "createApiKey",
        summary: "Create an admin API key, an instance token or a metrics key; the response is the only time the key is shown",
        description: "An admin key may call every operator route; an instance token only its own instance's routes; a metrics key only `GET /metrics` (for a Prometheus scraper). The key is in this response and nowhere else: the gateway keeps only its hash. An API key needs the keys:manage permission to create keys.",
        tags: TAGS,
        body: CreateApiKeyRequest,
        response: { 201: json("Created; store the token now", CreatedApiKey), 403: noRight },
      },
    },
    async (request, reply) => {
      const created = await apiKeys.create({ ...request.body, createdBy: request.session?.operator.id ?? request.apiKey?.keyId });
      const { key } = created;
      request.log.info({ keyId: key.id, scope: key.scope, instanceId: key.instanceId, permissions: key.permissions }, "API key created");
      logs.write({
        level: "info",
        source: "auth",
        message: `${label(key)} created`,
        ...(key.instanceId ? { instanceId: key.instanceId } : {}),
        context: { keyId: key.id, name: key.name, scope: key.scope, permissions: key.permissions, by: actorOf(request) },
      });
      return reply.code(201).send(created);
    },
  );

  r.delete(
    "/api/v1/api-keys/:keyId",
    {
      config: { auth: "operator", permission: "keys:manage" },
      schema: {
        operationId: "revokeApiKey",
        summary: "Revoke a key: it stops working at once",
        description: "The key stops working at once. Revoking an already revoked key returns it unchanged. An API key needs the keys:manage permission to revoke keys.",
        tags: TAGS,
        params: ApiKeyIdParams,
        response: { 200: json("Revoked", ApiKey), 403: noRight, 404: problem("No such key") },
      },
    },
    async (request) => {
      const key = await apiKeys.revoke(request.params.keyId);
      request.log.info({ keyId: key.id }, "API key revoked");
      logs.write({
        level: "info",
        source: "auth",
        message: `${label(key)} revoked`,
        ...(key.instanceId ? { instanceId: key.instanceId } : {}),
        context: { keyId: key.id, name: key.name, scope: key.scope, by: actorOf(request) },
      });
      return key;
    },
  );
}
