import type { AuthSession } from "../auth/operator-service";

declare module "fastify" {
  interface FastifyRequest {
    session: AuthSession | null;
  }
}
