import os from "node:os";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import { GATEWAY_VERSION } from "../../version";
import { Cluster } from "./cluster";
import clusterRoutes from "./cluster-routes";
import { forwardToOwner } from "./forward";

declare module "fastify" {
  interface FastifyInstance {
    /** This node, its leases and the other nodes (one node on SQLite, several on PostgreSQL). */
    cluster: Cluster;
    /** Once listening: settles the node's name and URL from the bound port unless configured. */
    settleNodeAddress(port: number): void;
  }
  interface FastifyContextConfig {
    /** The route acts on the instance `:id` through its session: in cluster mode it runs on the node holding it. */
    instanceAction?: boolean;
  }
}

/** How other nodes reach this one by default: the bound host, or the machine's name when bound to every interface. */
function defaultNodeUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" ? os.hostname() : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

async function clusterModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const cluster = new Cluster(
    app.db,
    app.dbDialect,
    {
      nodeName: config.cluster.nodeName ?? `${os.hostname()}:${config.port}`,
      url: config.cluster.nodeUrl ?? defaultNodeUrl(config.host, config.port),
      version: GATEWAY_VERSION,
      leaseTtlMs: config.cluster.leaseTtlMs,
    },
    log.child({ component: "cluster" }),
  );
  app.decorate("cluster", cluster);
  app.decorate("settleNodeAddress", (port: number) => {
    if (!config.cluster.nodeName) cluster.nodeName = `${os.hostname()}:${port}`;
    if (!config.cluster.nodeUrl) cluster.url = defaultNodeUrl(config.host, port);
  });
  if (cluster.mode === "postgres") app.addHook("preHandler", forwardToOwner(app));
  await app.register(clusterRoutes);
}

export default fp(clusterModule, { name: "module-cluster", dependencies: ["db"] });
