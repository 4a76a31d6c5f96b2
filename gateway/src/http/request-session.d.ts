import type { ApiKeyPrincipal } from "../auth/api-key-service";
import type { AuthSession } from "../auth/operator-service";

declare module "fastify" {
  interface FastifyRequest {
    session: AuthSession | null;
    apiKey: ApiKeyPrincipal | null;
  }
}
