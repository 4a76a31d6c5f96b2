import type { Logger } from "pino";
import type { ApiKeyService } from "./modules/api-keys/api-key-service";
import type { OperatorService } from "./modules/auth/operator-service";
import type { GatewayConfig } from "./config";
import type { Db } from "./db/database";
import type { GatewayEvents } from "./events/gateway-events";
import type { InstanceManager } from "./modules/instances/instance-manager";
import type { LogStore } from "./modules/logs/log-store";
import type { WebhookService } from "./modules/webhooks/webhook-service";

/** What route modules and services share; built once in app.ts. */
export interface GatewayContext {
  config: GatewayConfig;
  db: Db;
  dbDialect: string;
  log: Logger;
  operators: OperatorService;
  apiKeys: ApiKeyService;
  events: GatewayEvents;
  instances: InstanceManager;
  webhooks: WebhookService;
  /** The structured log: `logs.write({ level, source, message, instanceId?, context? })` never blocks. */
  logs: LogStore;
  openApi: () => unknown;
  /** Disconnects the live sockets opened under these sessions. */
  endSessions: (sessionIds: string[]) => void;
}
