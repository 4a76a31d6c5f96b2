import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import apiKeyRoutes from "./api-key-routes";
import { ApiKeyService } from "./api-key-service";

declare module "fastify" {
  interface FastifyInstance {
    apiKeys: ApiKeyService;
  }
}

async function apiKeysModule(app: FastifyInstance) {
  app.decorate("apiKeys", new ApiKeyService(app.db));
  await app.register(apiKeyRoutes);
}

export default fp(apiKeysModule, { name: "module-api-keys", dependencies: ["db", "module-logs"] });
