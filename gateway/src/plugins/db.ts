import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { GatewayConfig } from "../config";
import { openDatabase, type Db, type DialectName, type OpenedDatabase } from "../db/database";

declare module "fastify" {
  interface FastifyInstance {
    /** The system of record (Kysely over SQLite; PostgreSQL in cluster mode). */
    db: Db;
    dbDialect: DialectName;
    /** The SQLite file, or postgres://host:port/database (no credentials): for the start-up line. */
    dbLocation: string;
    /** PostgreSQL only: the pool and the gateway's schema (socket.io's cluster adapter uses both). */
    dbPostgres: OpenedDatabase["postgres"];
  }
}

/** Opens (creating, locking and migrating) the database; closes it last. */
async function db(app: FastifyInstance, { config }: { config: GatewayConfig }) {
  const database = await openDatabase(config, app.log.child({ component: "database" }));
  app.decorate("db", database.db);
  app.decorate("dbDialect", database.dialect);
  app.decorate("dbLocation", database.location);
  app.decorate("dbPostgres", database.postgres);
  app.addHook("onClose", () => database.close());
}

export default fp(db, { name: "db" });
