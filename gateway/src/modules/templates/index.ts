import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import { DomainError } from "../../domain-error";
import { TemplateApplier } from "./template-apply";
import { templateCreateStep } from "./template-create-step";
import templateRoutes from "./template-routes";
import { TemplateService } from "./template-service";
import { TemplateStore } from "./template-store";

declare module "fastify" {
  interface FastifyInstance {
    /** Settings templates (docs/templates.md): CRUD, applying one to many instances, and the default at create. */
    templates: { service: TemplateService; applier: TemplateApplier };
  }
}

/** Settings templates: after the instances, proxies and webhooks modules, whose paths applying a template takes. */
async function templatesModule(app: FastifyInstance, { log }: { log: Logger }) {
  const templateLog = log.child({ component: "templates" });
  const store = new TemplateStore(app.db, app.dbDialect);
  const { endpoints } = app.webhooks;
  const service = new TemplateService({
    store,
    refuseUrl: (url) => app.webhooks.client.refuse(url),
    proxyExists: (id) => proxyFound(app, id),
    log: templateLog,
  });
  const applier = new TemplateApplier({
    store,
    cluster: app.cluster,
    instanceExists: async (id) => (await app.instances.repo.find(id)) !== undefined,
    settings: app.instanceSettings,
    proxies: app.proxies.instances,
    endpoints,
    settingsChanged: (instanceId, changed, restart) =>
      app.logs.write({
        level: "info",
        source: "gateway",
        instanceId,
        message: `Settings changed by a template: ${changed.join(", ")}${restart ? "; restarting the session" : ""}`,
        context: { changed, restart },
      }),
    log: templateLog,
  });
  app.instances.addCreateStep(templateCreateStep({ store, assignProxy: app.proxies.instances.createStep, endpoints }));
  app.decorate("templates", { service, applier });
  await app.register(templateRoutes);
}

async function proxyFound(app: FastifyInstance, id: string): Promise<boolean> {
  try {
    await app.proxies.pool.get(id);
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.kind === "not_found") return false;
    throw error;
  }
}

export default fp(templatesModule, { name: "module-templates", dependencies: ["db", "module-instances", "module-proxies", "module-webhooks", "module-logs", "module-cluster"] });
