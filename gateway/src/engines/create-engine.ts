import type { Logger } from "pino";
import type { GatewayConfig } from "../config";
import { createBaileysEngine } from "./baileys/baileys-engine";
import type { Engine } from "./engine";
import { SandboxEngine } from "./sandbox/sandbox-engine";

export function createEngine(config: GatewayConfig, log: Logger): Engine {
  if (config.engine === "sandbox") {
    log.debug({ timing: config.sandbox }, "sandbox engine");
    return new SandboxEngine({ ...config.sandbox, handshakeMs: 150 });
  }
  return createBaileysEngine({ logLevel: config.logs.baileysLevel });
}
