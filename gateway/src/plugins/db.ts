import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { GatewayConfig } from "../config";
import { openDatabase, type Db } from "../db/database";

declare module "fastify" {
  interface FastifyInstance {
    /** The system of record (Kysely over SQLite; PostgreSQL in cluster mode). */
    db: Db;
    dbDialect: string;
  }
}

/** Opens (creating, locking and migrating) the database; closes it last. */
async function db(app: FastifyInstance, { config }: { config: GatewayConfig }) {
  const database = await openDatabase(config.dataDir, app.log.child({ component: "database" }));
  app.decorate("db", database.db);
  app.decorate("dbDialect", database.dialect);
  app.addHook("onClose", () => database.close());
}

export default fp(db, { name: "db" });
