import { z } from "zod";
import { ApiKey, ApiKeyList, ApiKeyListQuery, CreateApiKeyRequest, CreatedApiKey } from "../../../../contract/api-keys";
import type { GatewayContext } from "../../context";
import { defineRoute, type AnyRoute } from "../../http/route";

export function apiKeyRoutes(ctx: GatewayContext): AnyRoute[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/v1/api-keys",
      operationId: "listApiKeys",
      summary: "API keys and instance tokens (hints only; keys are never shown again)",
      tag: "API keys",
      auth: "operator",
      query: ApiKeyListQuery,
      responses: { 200: { description: "Keys", schema: ApiKeyList } },
      handler: async ({ query }) => ({ items: await ctx.apiKeys.list(query), nextCursor: null }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/api-keys",
      operationId: "createApiKey",
      summary: "Create an admin API key or an instance token; the response is the only time the key is shown",
      tag: "API keys",
      auth: "operator",
      permission: "keys:manage",
      body: CreateApiKeyRequest,
      responses: {
        201: { description: "Created; store the token now", schema: CreatedApiKey },
        403: { description: "An API key without the keys:manage permission" },
      },
      handler: async ({ body, request }, reply) => {
        const created = await ctx.apiKeys.create({ ...body, createdBy: request.session?.operator.id ?? request.apiKey?.keyId });
        ctx.log.info({ keyId: created.key.id, scope: created.key.scope, instanceId: created.key.instanceId, permissions: created.key.permissions }, "API key created");
        ctx.logs.write({
          level: "info",
          source: "auth",
          message: `${created.key.scope === "instance" ? "Instance token" : "API key"} "${created.key.name}" created`,
          ...(created.key.instanceId ? { instanceId: created.key.instanceId } : {}),
          context: { keyId: created.key.id, name: created.key.name, scope: created.key.scope, permissions: created.key.permissions, by: request.session?.operator.username ?? request.apiKey?.keyId },
        });
        return reply.code(201).send(created);
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/v1/api-keys/:keyId",
      operationId: "revokeApiKey",
      summary: "Revoke a key: it stops working at once",
      tag: "API keys",
      auth: "operator",
      permission: "keys:manage",
      params: z.object({ keyId: z.string().regex(/^key_[A-Za-z0-9]{10,40}$/, "must be an API key id like key_…") }),
      responses: {
        200: { description: "Revoked", schema: ApiKey },
        403: { description: "An API key without the keys:manage permission" },
        404: { description: "No such key" },
      },
      handler: async ({ params, request }) => {
        const key = await ctx.apiKeys.revoke(params.keyId);
        ctx.log.info({ keyId: key.id }, "API key revoked");
        ctx.logs.write({
          level: "info",
          source: "auth",
          message: `${key.scope === "instance" ? "Instance token" : "API key"} "${key.name}" revoked`,
          ...(key.instanceId ? { instanceId: key.instanceId } : {}),
          context: { keyId: key.id, name: key.name, scope: key.scope, by: request.session?.operator.username ?? request.apiKey?.keyId },
        });
        return key;
      },
    }),
  ];
}
