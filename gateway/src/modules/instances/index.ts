import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import { instanceLoggerFactory } from "../logs/instance-logger";
import { InstanceManager } from "./instance-manager";
import instanceRoutes from "./instance-routes";
import settingsRoutes from "./settings-routes";
import { InstanceSettingsService } from "./settings-service";
import { Watchdog } from "./watchdog";

declare module "fastify" {
  interface FastifyInstance {
    /** Every instance's runtime on this node, and the repository of all of them. */
    instances: InstanceManager;
    /** Finds CONNECTED sessions that went silent and probes, restarts or marks them (docs/operations.md). */
    watchdog: Watchdog;
    /** Each instance's behaviour settings, applied to its session (docs/instance-settings.md). */
    instanceSettings: InstanceSettingsService;
    /** Once listening: joins the cluster, starts what is placed on this node, then keeps doing so (placement loop). */
    startInstances(port: number): Promise<void>;
  }
}

async function instancesModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const instanceLog = log.child({ component: "instances" });
  const instances = new InstanceManager(app.db, app.engine, app.events, instanceLog, app.cluster, instanceLoggerFactory(instanceLog, app.logs, config.logs.baileysLevel), {
    media: app.inboundMedia,
    // ---- proxies (docs/proxies.md): chosen in the creating transaction, read for every runtime made ----
    createSteps: [app.proxies.instances.createStep],
    proxyFor: (id) => app.proxies.instances.resolve(id),
  });
  app.decorate("instances", instances);
  const watchdog = new Watchdog(instances, config.watchdog, instanceLog.child({ component: "watchdog" }));
  app.decorate("watchdog", watchdog);
  app.decorate("instanceSettings", new InstanceSettingsService(app.db, app.cluster.dialect, instances, app.events));
  let loop: NodeJS.Timeout | undefined;
  let fenceCheck: NodeJS.Timeout | undefined;
  let renewLoop: NodeJS.Timeout | undefined;
  let round: Promise<unknown> = Promise.resolve();
  let renewal: Promise<unknown> = Promise.resolve();
  app.decorate("startInstances", async (port: number) => {
    app.settleNodeAddress(port);
    await app.cluster.register();
    await instances.reconcile();
    // Every third of the lease TTL: renewals (twice before a lease could expire), and, in a loop of its own so a long
    // round of starting sessions never delays a renewal, placement (new placements start this soon).
    const every = config.cluster.leaseTtlMs / 3;
    renewLoop = setInterval(() => {
      renewal = renewal.then(() => instances.renew()).catch((error: unknown) => instanceLog.error({ err: error }, "lease renewal failed"));
    }, every);
    renewLoop.unref();
    loop = setInterval(() => {
      round = round.then(() => instances.place()).catch((error: unknown) => instanceLog.error({ err: error }, "placement round failed"));
    }, every);
    loop.unref();
    // The fence does not wait for the loop: a round stuck on an unreachable database must not keep sessions alive.
    fenceCheck = setInterval(() => {
      if (app.cluster.fenced && app.cluster.heldCount > 0) void instances.fence().catch((error: unknown) => instanceLog.error({ err: error }, "fencing failed"));
    }, config.cluster.leaseTtlMs / 6);
    fenceCheck.unref();
    watchdog.start();
  });
  // End WhatsApp sockets without logging out (the next start, or another node, resumes them without a QR), and
  // hand the leases back so another node need not wait for them to expire; before anything else closes.
  app.addHook("preClose", async () => {
    clearInterval(loop);
    clearInterval(fenceCheck);
    clearInterval(renewLoop);
    await Promise.all([round, renewal, watchdog.stop()]);
    await instances.shutdown();
    await app.cluster.leave().catch((error: unknown) => instanceLog.warn({ err: error }, "handing leases back failed; they expire by themselves"));
  });
  await app.register(instanceRoutes);
  await app.register(settingsRoutes);
}

export default fp(instancesModule, { name: "module-instances", dependencies: ["db", "events", "engine", "module-logs", "module-cluster", "module-media", "module-proxies"] });
