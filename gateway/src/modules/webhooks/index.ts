import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import webhookRoutes from "./webhook-routes";
import { WebhookService } from "./webhook-service";

declare module "fastify" {
  interface FastifyInstance {
    webhooks: WebhookService;
  }
}

/** Signed, durable webhooks: endpoints, the outbox and its worker, the test tool and replays. */
async function webhooksModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const webhooks = new WebhookService({ db: app.db, dialect: app.dbDialect, config, events: app.events, instances: app.instances.repo, log: log.child({ component: "webhooks" }) });
  app.decorate("webhooks", webhooks);
  // After the instances stopped (their last events are stored), before the database closes.
  app.addHook("onClose", () => webhooks.stop());
  await app.register(webhookRoutes);
}

export default fp(webhooksModule, { name: "module-webhooks", dependencies: ["db", "events", "module-instances"] });
