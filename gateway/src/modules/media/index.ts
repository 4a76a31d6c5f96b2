import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import { InboundMediaService } from "./inbound-media";
import mediaRoutes from "./media-routes";

declare module "fastify" {
  interface FastifyInstance {
    /** Received media files: kept on arrival, downloaded on demand, cleared after MEDIA_RETENTION_HOURS. */
    inboundMedia: InboundMediaService;
  }
}

/** Received media (issue 19): the engines keep each file through it; integrators download it by its id. */
async function mediaModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const media = new InboundMediaService(app.db, app.engine, config.inboundMedia.retentionMs, log.child({ component: "media" }), (id) => app.proxies.instances.resolve(id));
  app.decorate("inboundMedia", media);
  media.start();
  app.addHook("onClose", () => media.stop());
  await app.register(mediaRoutes);
}

export default fp(mediaModule, { name: "module-media", dependencies: ["db", "engine", "module-proxies"] });
