import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { ErrorBody } from "../../../../contract/errors";
import type { AssignProxiesResult, InstanceProxy, InstanceProxyChange, ProxyErrorCode } from "../../../../contract/proxies";
import type { InstanceProxySpec } from "../../../../contract/proxy-url";
import type { Database } from "../../db/schema";
import { DomainError, invalidInput } from "../../domain-error";
import { errorCodeOf } from "../../plugins/errors";
import type { Cluster } from "../cluster/cluster";
import { callOwner } from "../cluster/forward";
import type { InstanceManager } from "../instances/instance-manager";
import type { ResolvedProxy } from "../instances/instance-runtime";
import { SecretUnreadableError, type Secrets } from "../secrets/secret-box";
import { instanceContext, loadProxy, poolContext, proxyFromRequest, storeProxy } from "./proxy-codec";
import type { Assignment, ProxyStore } from "./proxy-store";

export interface InstanceProxiesDeps {
  store: ProxyStore;
  secrets: Secrets;
  cluster: Pick<Cluster, "remoteOwner" | "nodeName">;
  /** The instances module (registered after this one; used at request time). */
  instances: () => Pick<InstanceManager, "localRuntime" | "repo">;
  log: Logger;
}

/** How many rows of a bulk assignment are worked on at once. */
const BULK_CONCURRENCY = 8;

type Row = AssignProxiesResult["items"][number];

/**
 * Which proxy each instance goes through: assigned at creation (in the creating transaction), changed one by one or in
 * bulk, and resolved (credentials opened) for every new runtime. A change reaches the session on the node that runs it:
 * the per-instance route is forwarded there, and a bulk row or a pool proxy's new address is sent there as that call.
 */
export class InstanceProxies {
  constructor(private readonly deps: InstanceProxiesDeps) {}

  /** The instances module's create step: the request's `proxy`, in the creating transaction (409 there creates nothing). */
  readonly createStep = async (trx: Kysely<Database>, instanceId: string, request: { proxy?: InstanceProxySpec }): Promise<void> => {
    if (!request.proxy || request.proxy.mode === "none") return;
    await this.requirePoolProxy(request.proxy, "body.proxy.proxyId", trx);
    await this.deps.store.assignIn(trx, instanceId, this.assignmentOf(instanceId, request.proxy, "body.proxy.url"));
  };

  /** A pool proxy named in a request must exist: a 400 naming the field otherwise (the instance is what a 404 means). */
  private async requirePoolProxy(spec: InstanceProxySpec, field: string, trx?: Kysely<Database>): Promise<void> {
    if (spec.mode !== "pool") return;
    if (!(await this.deps.store.exists(spec.proxyId, trx))) throw invalidInput(field, `names no proxy (${spec.proxyId})`);
  }

  private assignmentOf(instanceId: string, spec: InstanceProxySpec, field: string): Assignment {
    switch (spec.mode) {
      case "none":
      case "auto":
        return { kind: spec.mode };
      case "pool":
        return { kind: "pool", proxyId: spec.proxyId };
      case "custom":
        return { kind: "custom", ...storeProxy(proxyFromRequest(spec.url, field), this.deps.secrets, instanceContext(instanceId)) };
    }
  }

  /** The proxy an instance's next connection goes through, credentials opened; or why it cannot be used here. */
  async resolve(instanceId: string): Promise<ResolvedProxy> {
    const found = await this.deps.store.ofInstance(instanceId);
    if (!found) return { proxy: null };
    const { assignment, proxy } = found;
    try {
      if (proxy) {
        return { proxy: { url: loadProxy(proxy, this.deps.secrets, poolContext(proxy.id)), display: proxy.masked_url } };
      }
      const custom = { protocol: assignment.custom_protocol!, host: assignment.custom_host!, port: assignment.custom_port!, credentials: assignment.custom_credentials };
      return { proxy: { url: loadProxy(custom, this.deps.secrets, instanceContext(instanceId)), display: assignment.custom_masked_url! } };
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      this.deps.log.error({ instanceId, err: error }, "the instance's proxy credentials cannot be read here");
      return { proxy: null, problem: `its proxy's credentials cannot be read on this node (${error.message})` };
    }
  }

  async get(instanceId: string): Promise<InstanceProxy> {
    await this.deps.instances().repo.get(instanceId);
    const found = await this.deps.store.ofInstance(instanceId);
    if (!found) return { instanceId, mode: "none", proxyId: null, proxyName: null, url: null, health: null };
    const { assignment, proxy } = found;
    if (!proxy) return { instanceId, mode: "custom", proxyId: null, proxyName: null, url: assignment.custom_masked_url, health: null };
    return {
      instanceId,
      mode: "pool",
      proxyId: proxy.id,
      proxyName: proxy.name,
      url: proxy.masked_url,
      health: {
        state: proxy.health_state as "ok" | "failing" | "unknown",
        checkedAt: proxy.health_checked_at,
        latencyMs: proxy.health_latency_ms,
        exitIp: proxy.health_exit_ip,
        error: proxy.health_error,
        errorCode: proxy.health_error_code as ProxyErrorCode | null,
      },
    };
  }

  /**
   * Sets an instance's proxy and applies it to its session here (the route runs on the node that holds the instance):
   * a running session restarts through the new proxy with the same credentials. Naming the pool proxy it already has
   * changes nothing and never fails for room (it keeps its place), but still restarts it when the address changed.
   */
  async set(instanceId: string, spec: InstanceProxySpec, fields = { proxyId: "body.proxyId", url: "body.url" }): Promise<InstanceProxyChange> {
    await this.deps.instances().repo.get(instanceId);
    await this.requirePoolProxy(spec, fields.proxyId);
    const current = await this.deps.store.ofInstance(instanceId);
    const keeps = spec.mode === "pool" && current?.assignment.proxy_id === spec.proxyId;
    if (!keeps) await this.deps.store.assign(instanceId, this.assignmentOf(instanceId, spec, fields.url));
    const runtime = this.deps.instances().localRuntime(instanceId);
    const restart = runtime ? await runtime.useProxy(await this.resolve(instanceId)) : false;
    const result = await this.get(instanceId);
    this.deps.log.info({ instanceId, mode: result.mode, proxyId: result.proxyId, restart }, "instance proxy set");
    return { ...result, restart };
  }

  /** `set` for many instances, each on the node that runs it; one result per instance, in the order asked. */
  async assignMany(instanceIds: string[], spec: InstanceProxySpec, authorization: string | undefined): Promise<AssignProxiesResult> {
    // What the request itself gets wrong is a 400 before any row changes.
    await this.requirePoolProxy(spec, "body.proxy.proxyId");
    if (spec.mode === "custom") proxyFromRequest(spec.url, "body.proxy.url");
    // Rows that compete for room (auto, a pool proxy) go one at a time, in the order given: the first ones get the
    // room there is, and auto spreads them as evenly as it can. The others need no order.
    const concurrency = spec.mode === "auto" || spec.mode === "pool" ? 1 : BULK_CONCURRENCY;
    return { items: await inTurns(instanceIds, concurrency, (id) => this.setOnOwner(id, spec, authorization)) };
  }

  /** After a pool proxy's address changed: its running instances restart through it, wherever they run. */
  async reapply(instanceIds: string[], authorization: string | undefined): Promise<void> {
    const rows = await inTurns(instanceIds, BULK_CONCURRENCY, async (id) => {
      const proxyId = (await this.deps.store.ofInstance(id))?.assignment.proxy_id;
      return proxyId ? this.setOnOwner(id, { mode: "pool", proxyId }, authorization) : null;
    });
    for (const row of rows) if (row && !row.ok) this.deps.log.warn({ instanceId: row.instanceId, error: row.error }, "restarting an instance through its proxy's new address failed");
  }

  private async setOnOwner(instanceId: string, spec: InstanceProxySpec, authorization: string | undefined): Promise<Row> {
    try {
      const owner = await this.deps.cluster.remoteOwner(instanceId);
      if (!owner) {
        const change = await this.set(instanceId, spec, { proxyId: "body.proxy.proxyId", url: "body.proxy.url" });
        return { instanceId, ok: true, mode: change.mode, proxyId: change.proxyId, restart: change.restart };
      }
      const answer = await callOwner(owner, this.deps.cluster.nodeName, { method: "PUT", path: `/api/v1/instances/${instanceId}/proxy`, body: spec, ...(authorization ? { authorization } : {}) });
      const body = answer.body as Partial<InstanceProxyChange> & Partial<ErrorBody>;
      if (answer.status === 200) return { instanceId, ok: true, mode: body.mode!, proxyId: body.proxyId ?? null, restart: body.restart ?? false };
      const error = body.error ? { code: body.error.code, message: body.error.message } : { code: "unavailable" as const, message: `Gateway node "${owner.name}" answered ${answer.status}` };
      return { instanceId, ok: false, error };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { instanceId, ok: false, error: { code: errorCodeOf(error.kind), message: error.message } };
    }
  }
}

/** `work` for every item, at most `concurrency` at once; the results in the items' order. */
export async function inTurns<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
