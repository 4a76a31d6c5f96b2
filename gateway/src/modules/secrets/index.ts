import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import type { DialectName } from "../../db/database";
import { SecretBox, Secrets } from "./secret-box";

declare module "fastify" {
  interface FastifyInstance {
    /** Seals and opens secrets stored in the database (proxy credentials). */
    secrets: Secrets;
  }
}

const KEY_FILE = "secrets.key";

/** Thrown at start when DATA_DIR/secrets.key is not a key: starting would make every stored secret unreadable. */
class SecretsKeyFileError extends Error {
  constructor(file: string) {
    super(`${file} is not a secrets key (32 bytes, base64): restore it from your backup, or set SECRETS_KEY`);
    this.name = "SecretsKeyFileError";
  }
}

/**
 * The key: SECRETS_KEY; or, on SQLite without it, DATA_DIR/secrets.key, generated (0600) on first start and read on
 * every start after (it belongs with the database in backups); or, on PostgreSQL without it, none (several nodes
 * must share one key, which only the operator can hand them: credentials are then refused, nothing else changes).
 */
function loadKey(config: GatewayConfig, dialect: DialectName, log: Logger): Buffer | null {
  if (config.secrets.key) return config.secrets.key;
  if (dialect === "postgres") {
    log.info("No SECRETS_KEY: proxies with credentials cannot be saved until the same SECRETS_KEY is set on every node (docs/proxies.md)");
    return null;
  }
  const file = path.join(config.dataDir, KEY_FILE);
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    log.info({ file }, "Generated the key that encrypts stored credentials: keep DATA_DIR/secrets.key with the database's backups");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (process.platform !== "win32" && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new SecretsKeyFileError(file);
  return key;
}

async function secretsModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const key = loadKey(config, app.dbDialect, log.child({ component: "secrets" }));
  app.decorate("secrets", new Secrets(key ? new SecretBox(key) : null));
}

export default fp(secretsModule, { name: "module-secrets", dependencies: ["db"] });
