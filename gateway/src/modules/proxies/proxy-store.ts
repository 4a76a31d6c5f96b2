import { type Insertable, type Kysely, type Selectable, type Updateable } from "kysely";
import type { Db, DialectName } from "../../db/database";
import { isUniqueViolation, sameName } from "../../db/database";
import { decodeCursor, encodeCursor } from "../../db/keyset-cursor";
import type { Database, InstanceProxiesTable, ProxiesTable } from "../../db/schema";
import { DomainError } from "../../domain-error";

export type ProxyRow = Selectable<ProxiesTable>;
export type InstanceProxyRow = Selectable<InstanceProxiesTable>;
/** A pool proxy with how many instances use it now. */
export type ProxyWithUsage = ProxyRow & { instances: number };

/** What an instance's proxy row becomes: none (no row), a pool proxy (`auto`: the least used with room), or its own. */
export type Assignment =
  | { kind: "none" }
  | { kind: "auto" }
  | { kind: "pool"; proxyId: string }
  | { kind: "custom"; protocol: string; host: string; port: number; maskedUrl: string; credentials: string | null };

async function assertNameFree(db: Kysely<Database>, name: string, exceptId?: string): Promise<void> {
  let query = db.selectFrom("proxies").select(["id", "name"]).where(sameName(name));
  if (exceptId) query = query.where("id", "!=", exceptId);
  const taken = await query.executeTakeFirst();
  if (taken) throw new DomainError("conflict", `A proxy named "${taken.name}" already exists (${taken.id}): choose another name`);
}

const noProxy = (id: string) => new DomainError("not_found", `No proxy ${id}`);

/**
 * The pool and the instances' proxies, in the database. A pool proxy's cap is kept by counting the instances that use
 * it while its row is locked (PostgreSQL: `FOR UPDATE`; SQLite runs one transaction at a time anyway), so concurrent
 * assignments on any number of nodes never overfill it.
 */
export class ProxyStore {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  private withUsage() {
    return this.db
      .selectFrom("proxies")
      .selectAll("proxies")
      .select((eb) =>
        eb.selectFrom("instance_proxies").select((e) => e.fn.countAll<number>().as("n")).whereRef("instance_proxies.proxy_id", "=", "proxies.id").as("instances"),
      );
  }

  private static usage<T extends { instances: number | string | null }>(row: T): T & { instances: number } {
    return { ...row, instances: Number(row.instances ?? 0) };
  }

  async insert(row: Insertable<ProxiesTable>): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await assertNameFree(trx, row.name);
        await trx.insertInto("proxies").values(row).execute();
      });
    } catch (error) {
      if (isUniqueViolation(error)) await assertNameFree(this.db, row.name);
      throw error;
    }
  }

  async get(id: string): Promise<ProxyWithUsage> {
    const row = await this.withUsage().where("proxies.id", "=", id).executeTakeFirst();
    if (!row) throw noProxy(id);
    return ProxyStore.usage(row);
  }

  async list(limit: number, cursor?: string): Promise<{ rows: ProxyWithUsage[]; nextCursor: string | null }> {
    let q = this.withUsage();
    if (cursor) {
      const c = decodeCursor(cursor);
      q = q.where((eb) => eb.or([eb("proxies.created_at", "<", c.v), eb.and([eb("proxies.created_at", "=", c.v), eb("proxies.id", "<", c.id)])]));
    }
    const rows = (await q.orderBy("proxies.created_at", "desc").orderBy("proxies.id", "desc").limit(limit + 1).execute()).map(ProxyStore.usage);
    const kept = rows.slice(0, limit);
    const last = kept.at(-1);
    return { rows: kept, nextCursor: rows.length > limit && last ? encodeCursor({ v: last.created_at, id: last.id }) : null };
  }

  /** Inside a transaction, pass it: on SQLite a query outside it would wait for it forever. */
  async exists(id: string, db: Kysely<Database> = this.db): Promise<boolean> {
    return (await db.selectFrom("proxies").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
  }

  /** Every pool proxy (a health round). */
  all(): Promise<ProxyRow[]> {
    return this.db.selectFrom("proxies").selectAll().orderBy("id").execute();
  }

  async update(id: string, values: Updateable<ProxiesTable>): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        if (values.name !== undefined) await assertNameFree(trx, values.name, id);
        const result = await trx.updateTable("proxies").set(values).where("id", "=", id).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw noProxy(id);
      });
    } catch (error) {
      if (isUniqueViolation(error) && values.name !== undefined) await assertNameFree(this.db, values.name, id);
      throw error;
    }
  }

  /**
   * Records a check's outcome, unless the proxy was deleted or its address changed while it ran (the address it checked
   * is `checked`'s): a new address starts unchecked, and an old address's result must not say otherwise.
   */
  async setHealth(checked: ProxyRow, values: Pick<Updateable<ProxiesTable>, "health_state" | "health_checked_at" | "health_latency_ms" | "health_exit_ip" | "health_error" | "health_error_code">): Promise<void> {
    await this.db
      .updateTable("proxies")
      .set(values)
      .where("id", "=", checked.id)
      .where("protocol", "=", checked.protocol)
      .where("host", "=", checked.host)
      .where("port", "=", checked.port)
      // Sealed anew (a fresh nonce) whenever the URL is set, so new credentials for the same host differ here too.
      .where("credentials", checked.credentials === null ? "is" : "=", checked.credentials)
      .execute();
  }

  /**
   * Deletes an unused proxy; one that instances use is a 409 saying how many (under the row lock, so none joins
   * meanwhile), one that settings templates name a 409 naming them.
   */
  async remove(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.lock(trx, [id])).length) throw noProxy(id);
      const used = await this.counts(trx, [id]);
      const n = used.get(id) ?? 0;
      if (n > 0) {
        throw new DomainError(
          "conflict",
          `${n} instance${n === 1 ? " uses" : "s use"} this proxy: assign ${n === 1 ? "it" : "them"} another proxy (or none) first, e.g. POST /api/v1/proxies/assign`,
          { instances: n },
        );
      }
      // A settings template that names it would fail every instance it creates or is applied to (docs/templates.md).
      const templates = (await trx.selectFrom("settings_templates").select(["name", "proxy"]).where("proxy", "is not", null).orderBy("name").execute())
        .filter((t) => (JSON.parse(t.proxy!) as { proxyId?: string }).proxyId === id)
        .map((t) => t.name);
      if (templates.length > 0) {
        const names = templates.map((name) => `"${name}"`).join(", ");
        throw new DomainError("conflict", `The settings template${templates.length === 1 ? "" : "s"} ${names} name${templates.length === 1 ? "s" : ""} this proxy: change ${templates.length === 1 ? "its" : "their"} proxy policy first`, { templates });
      }
      await trx.deleteFrom("proxies").where("id", "=", id).execute();
    });
  }

  /** The ids of the instances that use a pool proxy. */
  async instancesUsing(proxyId: string): Promise<string[]> {
    return (await this.db.selectFrom("instance_proxies").select("instance_id").where("proxy_id", "=", proxyId).orderBy("instance_id").execute()).map((r) => r.instance_id);
  }

  /** An instance's proxy row with its pool proxy (if any); undefined: direct. */
  async ofInstance(instanceId: string): Promise<{ assignment: InstanceProxyRow; proxy: ProxyRow | null } | undefined> {
    const assignment = await this.db.selectFrom("instance_proxies").selectAll().where("instance_id", "=", instanceId).executeTakeFirst();
    if (!assignment) return undefined;
    const proxy = assignment.proxy_id ? ((await this.db.selectFrom("proxies").selectAll().where("id", "=", assignment.proxy_id).executeTakeFirst()) ?? null) : null;
    return { assignment, proxy };
  }

  /** Assigns in a transaction of its own. */
  assign(instanceId: string, assignment: Assignment): Promise<string | null> {
    return this.db.transaction().execute((trx) => this.assignIn(trx, instanceId, assignment));
  }

  /**
   * Gives an instance its proxy inside `trx` (the instance's own creation, or an assignment): a pool proxy only while it
   * has room for one more (the instance itself not counted), `auto` the least used proxy that is not failing its
   * checks and has room (ties: checked-ok first, then by name). A full pool is a 409 and changes nothing. Returns the
   * pool proxy's id, or null.
   */
  async assignIn(trx: Kysely<Database>, instanceId: string, assignment: Assignment): Promise<string | null> {
    if (assignment.kind === "none") {
      await trx.deleteFrom("instance_proxies").where("instance_id", "=", instanceId).execute();
      return null;
    }
    if (assignment.kind === "custom") {
      await this.upsert(trx, instanceId, {
        proxy_id: null,
        custom_protocol: assignment.protocol,
        custom_host: assignment.host,
        custom_port: assignment.port,
        custom_masked_url: assignment.maskedUrl,
        custom_credentials: assignment.credentials,
      });
      return null;
    }
    const candidates = assignment.kind === "pool" ? await this.lock(trx, [assignment.proxyId]) : await this.lock(trx, null);
    if (assignment.kind === "pool" && candidates.length === 0) throw noProxy(assignment.proxyId);
    const used = await this.counts(trx, candidates.map((c) => c.id), instanceId);
    const withRoom = candidates.filter((c) => c.max_instances === null || (used.get(c.id) ?? 0) < c.max_instances);
    const chosen = withRoom.sort((a, b) => (used.get(a.id) ?? 0) - (used.get(b.id) ?? 0) || healthRank(a) - healthRank(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))[0];
    if (!chosen) {
      if (assignment.kind === "pool") {
        const proxy = candidates[0]!;
        throw new DomainError("conflict", `Proxy "${proxy.name}" has no room: ${used.get(proxy.id) ?? 0} of ${proxy.max_instances} instances use it`, { proxyId: proxy.id });
      }
      throw new DomainError("conflict", "No proxy in the pool has room: every one is at its maxInstances or failing its health check");
    }
    await this.upsert(trx, instanceId, { proxy_id: chosen.id, custom_protocol: null, custom_host: null, custom_port: null, custom_masked_url: null, custom_credentials: null });
    return chosen.id;
  }

  private async upsert(trx: Kysely<Database>, instanceId: string, values: Omit<InstanceProxiesTable, "instance_id" | "assigned_at">): Promise<void> {
    const assigned_at = new Date().toISOString();
    await trx
      .insertInto("instance_proxies")
      .values({ instance_id: instanceId, ...values, assigned_at })
      .onConflict((oc) => oc.column("instance_id").doUpdateSet({ ...values, assigned_at }))
      .execute();
  }

  /**
   * Locks pool proxy rows until the transaction ends (in id order, so two lockers never deadlock): these ids, or
   * (null) every proxy not failing its checks, `auto`'s candidates. SQLite needs no lock: one writer at a time.
   */
  private async lock(trx: Kysely<Database>, ids: string[] | null): Promise<Array<Pick<ProxyRow, "id" | "name" | "max_instances" | "health_state">>> {
    let q = trx.selectFrom("proxies").select(["id", "name", "max_instances", "health_state"]).orderBy("id");
    q = ids ? q.where("id", "in", ids) : q.where("health_state", "!=", "failing");
    if (this.dialect === "postgres") q = q.forUpdate();
    return q.execute();
  }

  private async counts(trx: Kysely<Database>, ids: string[], exceptInstance?: string): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    let q = trx.selectFrom("instance_proxies").select(["proxy_id", (eb) => eb.fn.countAll<number>().as("n")]).where("proxy_id", "in", ids).groupBy("proxy_id");
    if (exceptInstance) q = q.where("instance_id", "!=", exceptInstance);
    return new Map((await q.execute()).map((r) => [r.proxy_id!, Number(r.n)]));
  }
}

/** `auto` prefers a proxy whose last check passed over one never checked. */
const healthRank = (proxy: Pick<ProxyRow, "health_state">) => (proxy.health_state === "ok" ? 0 : 1);
