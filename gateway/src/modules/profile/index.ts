import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { GatewayConfig } from "../../config";
import { ProfilePictures } from "./profile-picture";
import profileRoutes from "./profile-routes";
import { ProfileService } from "./profile-service";

declare module "fastify" {
  interface FastifyInstance {
    /** The linked account's own WhatsApp profile (name, about, picture) and privacy settings. */
    profiles: ProfileService;
  }
}

/** The linked number's own profile and privacy (issue 21; docs/profile.md). */
async function profileModule(app: FastifyInstance, { config }: { config: GatewayConfig }) {
  const pictures = new ProfilePictures(config.profile.pictureMaxBytes);
  app.decorate("profiles", new ProfileService(app.instances, pictures));
  await app.register(profileRoutes, { pictures });
}

export default fp(profileModule, { name: "module-profile", dependencies: ["module-instances"] });
