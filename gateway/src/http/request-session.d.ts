import type { ApiKeyPrincipal } from "../modules/api-keys/api-key-service";
import type { AuthSession } from "../modules/auth/operator-service";

declare module "fastify" {
  interface FastifyRequest {
    session: AuthSession | null;
    apiKey: ApiKeyPrincipal | null;
  }
}
