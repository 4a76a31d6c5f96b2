import type { Updateable } from "kysely";
import type { Logger } from "pino";
import type { PoolProxy, ProxyErrorCode, ProxyList, ProxyTestResult, UpdateProxyRequest } from "../../../../contract/proxies";
import type { ProxiesTable } from "../../db/schema";
import { newId } from "../auth/tokens";
import { SecretUnreadableError, type Secrets } from "../secrets/secret-box";
import type { ProxyChecker } from "./proxy-checker";
import { loadProxy, poolContext, proxyFromRequest, storeProxy } from "./proxy-codec";
import type { ProxyRow, ProxyStore, ProxyWithUsage } from "./proxy-store";

/** A pool proxy as the API shows it: the URL masked, never its credentials. */
function toPoolProxy(row: ProxyWithUsage): PoolProxy {
  return {
    id: row.id,
    name: row.name,
    url: row.masked_url,
    protocol: row.protocol as PoolProxy["protocol"],
    host: row.host,
    port: row.port,
    hasCredentials: row.credentials !== null,
    maxInstances: row.max_instances,
    instances: row.instances,
    health: {
      state: row.health_state as PoolProxy["health"]["state"],
      checkedAt: row.health_checked_at,
      latencyMs: row.health_latency_ms,
      exitIp: row.health_exit_ip,
      error: row.health_error,
      errorCode: row.health_error_code as ProxyErrorCode | null,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface ProxyPoolDeps {
  store: ProxyStore;
  secrets: Secrets;
  checker: ProxyChecker;
  log: Logger;
  /** Running instances on a proxy whose address changed restart through the new one, wherever they run. */
  reapply: (instanceIds: string[], authorization: string | undefined) => Promise<void>;
}

/** The pool: named proxies with caps, their checks, and the test tool for any proxy URL. */
export class ProxyPool {
  constructor(private readonly deps: ProxyPoolDeps) {}

  async list(query: { limit: number; cursor?: string }): Promise<ProxyList> {
    const { rows, nextCursor } = await this.deps.store.list(query.limit, query.cursor);
    return { items: rows.map(toPoolProxy), nextCursor };
  }

  async get(id: string): Promise<PoolProxy> {
    return toPoolProxy(await this.deps.store.get(id));
  }

  async create(input: { name: string; url: string; maxInstances: number | null }): Promise<PoolProxy> {
    const id = newId("prx");
    const stored = storeProxy(proxyFromRequest(input.url, "body.url"), this.deps.secrets, poolContext(id));
    const at = new Date().toISOString();
    await this.deps.store.insert({
      id,
      name: input.name,
      protocol: stored.protocol,
      host: stored.host,
      port: stored.port,
      masked_url: stored.maskedUrl,
      credentials: stored.credentials,
      max_instances: input.maxInstances,
      health_checked_at: null,
      health_latency_ms: null,
      health_exit_ip: null,
      health_error: null,
      health_error_code: null,
      created_at: at,
      updated_at: at,
    });
    this.deps.log.info({ proxyId: id, proxy: stored.maskedUrl }, "pool proxy created");
    return this.get(id);
  }

  /** Changes name, cap or address; a new address starts unchecked and the running instances on it restart through it. */
  async update(id: string, input: UpdateProxyRequest, authorization: string | undefined): Promise<PoolProxy> {
    await this.deps.store.get(id);
    const values: Updateable<ProxiesTable> = { updated_at: new Date().toISOString() };
    if (input.name !== undefined) values.name = input.name;
    if (input.maxInstances !== undefined) values.max_instances = input.maxInstances;
    if (input.url !== undefined) {
      const stored = storeProxy(proxyFromRequest(input.url, "body.url"), this.deps.secrets, poolContext(id));
      Object.assign(values, {
        protocol: stored.protocol,
        host: stored.host,
        port: stored.port,
        masked_url: stored.maskedUrl,
        credentials: stored.credentials,
        health_state: "unknown",
        health_checked_at: null,
        health_latency_ms: null,
        health_exit_ip: null,
        health_error: null,
        health_error_code: null,
      });
    }
    await this.deps.store.update(id, values);
    if (input.url !== undefined) {
      this.deps.log.info({ proxyId: id, proxy: values.masked_url }, "pool proxy address changed: its instances restart through it");
      await this.deps.reapply(await this.deps.store.instancesUsing(id), authorization);
    }
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.deps.store.remove(id);
    this.deps.log.info({ proxyId: id }, "pool proxy deleted");
  }

  /** Checks a pool proxy now and records the outcome as its health. */
  async check(id: string): Promise<PoolProxy> {
    await this.checkRow(await this.deps.store.get(id));
    return this.get(id);
  }

  /** One proxy's check (the health loop's unit of work); a proxy whose credentials do not open here is failing. */
  async checkRow(row: ProxyRow): Promise<void> {
    let result: ProxyTestResult;
    try {
      result = await this.deps.checker.run(loadProxy(row, this.deps.secrets, poolContext(row.id)));
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      result = { ok: false, target: this.deps.checker.target, error: `Its credentials cannot be read here: ${error.message}` };
    }
    await this.deps.store.setHealth(row, {
      health_state: result.ok ? "ok" : "failing",
      health_checked_at: new Date().toISOString(),
      health_latency_ms: result.latencyMs ?? null,
      health_exit_ip: result.exitIp ?? null,
      health_error: result.error ?? null,
      health_error_code: result.errorCode ?? null,
    });
  }

  /** The test tool: any proxy URL, checked like a pool proxy, nothing stored. */
  async test(url: string): Promise<ProxyTestResult> {
    return this.deps.checker.run(proxyFromRequest(url, "body.url"));
  }
}
