import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import { LeaderLease } from "../cluster/leader-lease";
import instanceProxyRoutes from "./instance-proxy-routes";
import { InstanceProxies } from "./instance-proxies";
import { ProxyChecker, whatsappTarget } from "./proxy-checker";
import { ProxyHealthLoop } from "./proxy-health";
import { ProxyPool } from "./proxy-pool";
import proxyRoutes from "./proxy-routes";
import { ProxyStore } from "./proxy-store";

interface Proxies {
  pool: ProxyPool;
  instances: InstanceProxies;
  health: ProxyHealthLoop;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Proxies (docs/proxies.md): the pool with its health, and which proxy each instance goes through. */
    proxies: Proxies;
  }
}

/**
 * Proxies: registered before the instances, the media and the messages modules, which take from it the proxy of each
 * instance (its sessions, its media transfers) and the step that assigns one as an instance is created.
 */
async function proxiesModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const proxyLog = log.child({ component: "proxies" });
  const store = new ProxyStore(app.db, app.dbDialect);
  const checker = new ProxyChecker({
    target: config.proxies.checkTarget ?? whatsappTarget(),
    timeoutMs: config.proxies.checkTimeoutMs,
    ...(config.proxies.exitIpUrl ? { exitIpUrl: config.proxies.exitIpUrl } : {}),
  });
  const instances = new InstanceProxies({ store, secrets: app.secrets, cluster: app.cluster, instances: () => app.instances, log: proxyLog });
  const pool = new ProxyPool({ store, secrets: app.secrets, checker, log: proxyLog, reapply: (ids, authorization) => instances.reapply(ids, authorization) });
  const clusterMode = app.cluster.mode === "postgres";
  const health = new ProxyHealthLoop({
    all: () => store.all(),
    check: (row) => pool.checkRow(row),
    lease: clusterMode ? new LeaderLease(app.db, app.dbDialect, "proxy-health", () => app.cluster.nodeName, Math.max(config.cluster.leaseTtlMs, 3 * config.proxies.checkIntervalMs)) : null,
    intervalMs: config.proxies.checkIntervalMs,
    log: proxyLog,
  });
  app.decorate("proxies", { pool, instances, health });
  // Before the database closes: the round in progress finishes, the leader lease is handed back.
  app.addHook("onClose", () => health.stop());
  await app.register(proxyRoutes);
  await app.register(instanceProxyRoutes);
}

export default fp(proxiesModule, { name: "module-proxies", dependencies: ["db", "module-secrets", "module-cluster"] });
