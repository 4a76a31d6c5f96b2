import type { Logger } from "pino";
import type { OperatorService } from "./auth/operator-service";
import type { GatewayConfig } from "./config";
import type { Db } from "./db/database";

/** What route modules and services share; built once in app.ts. */
export interface GatewayContext {
  config: GatewayConfig;
  db: Db;
  dbDialect: string;
  log: Logger;
  operators: OperatorService;
  openApi: () => unknown;
  /** Disconnects the live sockets opened under these sessions. */
  endSessions: (sessionIds: string[]) => void;
}
