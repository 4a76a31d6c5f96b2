import os from "node:os";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import { GATEWAY_VERSION } from "../../version";
import { Cluster } from "./cluster";
import clusterRoutes from "./cluster-routes";

declare module "fastify" {
  interface FastifyInstance {
    /** This node, its leases and the other nodes (one node on SQLite, several on PostgreSQL). */
    cluster: Cluster;
  }
}

/** The node's name: NODE_NAME, else hostname:port (the port is known once listening). */
export function defaultNodeName(port: number): string {
  return `${os.hostname()}:${port}`;
}

async function clusterModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const cluster = new Cluster(app.db, app.dbDialect, { nodeName: config.cluster.nodeName ?? defaultNodeName(config.port), version: GATEWAY_VERSION, leaseTtlMs: config.cluster.leaseTtlMs }, log.child({ component: "cluster" }));
  app.decorate("cluster", cluster);
  await app.register(clusterRoutes);
}

export default fp(clusterModule, { name: "module-cluster", dependencies: ["db"] });
