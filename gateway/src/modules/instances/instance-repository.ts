import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { EngineName, Instance, InstanceSortField, InstanceStatus, StatusHistoryEntry } from "../../../../contract/instances";
import type { WatchdogPolicy } from "../../../../contract/watchdog";
import { dbTime } from "../../db/clock";
import { isUniqueViolation, sameName, type Db, type DialectName } from "../../db/database";
import type { Database, InstancesTable } from "../../db/schema";
import { DomainError } from "../../domain-error";
import { decodeCursor, encodeCursor } from "../../db/keyset-cursor";

type Row = Selectable<InstancesTable> & { owner_node: string | null };

function toInstance(row: Row): Instance {
  return {
    id: row.id,
    name: row.name,
    node: row.owner_node,
    status: row.status as InstanceStatus,
    ...(row.status_reason ? { statusReason: row.status_reason } : {}),
    ...(row.status_code !== null ? { statusCode: row.status_code } : {}),
    seq: row.seq,
    engine: row.engine as EngineName,
    ...(row.number ? { number: row.number } : {}),
    ...(row.push_name ? { pushName: row.push_name } : {}),
    ...(row.platform ? { platform: row.platform } : {}),
    ...(row.browser ? { browser: JSON.parse(row.browser) as [string, string, string] } : {}),
    ...(row.connected_at ? { connectedAt: row.connected_at } : {}),
    ...(row.last_error_reason && row.last_error_at
      ? { lastError: { reason: row.last_error_reason, at: row.last_error_at, ...(row.last_error_code !== null ? { statusCode: row.last_error_code } : {}) } }
      : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const SORT_COLUMNS: Record<InstanceSortField, keyof Row> = {
  name: "name",
  status: "status",
  number: "number",
  pushName: "push_name",
  createdAt: "created_at",
  updatedAt: "updated_at",
  connectedAt: "connected_at",
};


export interface StatusChange {
  status: InstanceStatus;
  code?: number;
  reason?: string;
}

/**
 * Names tell instances apart in the panel, in logs and in webhook payloads: two with the same name (ignoring case)
 * are refused, with the one that has it. Checked in the writing transaction for the message; the unique index on
 * lower(name) (migration 0009) is what stops two concurrent requests, on any database and any node.
 */
async function assertNameFree(trx: Kysely<Database>, name: string, exceptId?: string) {
  let query = trx.selectFrom("instances").select(["id", "name"]).where(sameName(name));
  if (exceptId) query = query.where("id", "!=", exceptId);
  const taken = await query.executeTakeFirst();
  if (!taken) return;
  const message = `An instance named "${taken.name}" already exists (${taken.id}): choose another name`;
  throw new DomainError("conflict", message, { issues: [{ path: "body.name", message }] });
}

/** The history's reason for the time no gateway node ran an instance (recordSessionEnd). */
const SESSION_ENDED_REASON = "The gateway node running it stopped; not connected until it was restored";

export class InstanceRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  /** Instances with the node that runs each (the holder of an unexpired lease), or null. */
  private select() {
    return this.db
      .selectFrom("instances")
      .selectAll("instances")
      .select((eb) =>
        eb
          .selectFrom("instance_leases")
          .select("instance_leases.node")
          .whereRef("instance_leases.instance_id", "=", "instances.id")
          .where("instance_leases.expires_at", ">", dbTime(this.dialect))
          .as("owner_node"),
      );
  }

  /** Runs a write that may set a name; a concurrent write that took the name first answers as the check does. */
  private async naming<T>(name: string | undefined, exceptId: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (name !== undefined && isUniqueViolation(error)) await assertNameFree(this.db, name, exceptId);
      throw error;
    }
  }

  /** Inserts an instance; `within` runs in the same transaction after the insert (a throw there creates nothing). */
  async insert(
    values: { id: string; name: string; engine: EngineName; browser: [string, string, string]; desired: "running" | "stopped"; node: string; at: string },
    within?: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<Instance> {
    await this.naming(values.name, undefined, () => this.db.transaction().execute(async (trx) => {
      await assertNameFree(trx, values.name);
      await trx
        .insertInto("instances")
        .values({
          id: values.id,
          name: values.name,
          engine: values.engine,
          status: "INIT",
          status_code: null,
          status_reason: "Created",
          seq: 1,
          number: null,
          push_name: null,
          platform: null,
          browser: JSON.stringify(values.browser),
          connected_at: null,
          last_error_code: null,
          last_error_reason: null,
          last_error_at: null,
          desired_state: values.desired,
          assigned_node: values.node,
          created_at: values.at,
          updated_at: values.at,
        })
        .execute();
      await trx
        .insertInto("instance_status_history")
        .values({ instance_id: values.id, seq: 1, status: "INIT", status_code: null, status_reason: "Created", at: values.at })
        .execute();
      await within?.(trx);
    }));
    return this.get(values.id);
  }

  async find(id: string): Promise<Row | undefined> {
    return this.select().where("instances.id", "=", id).executeTakeFirst();
  }

  async get(id: string): Promise<Instance> {
    const row = await this.find(id);
    if (!row) throw new DomainError("not_found", `No instance ${id}`);
    return toInstance(row);
  }

  async allRows(): Promise<Row[]> {
    return this.select().execute();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom("instances").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Records a status change: bumps seq, stores it in the history, returns the new instance and seq. */
  /** The watchdog settings instances set for themselves (null: the gateway default), keyed by id; only those with any. */
  async watchdogOverrides(): Promise<Map<string, { policy: WatchdogPolicy | null; silenceSeconds: number | null }>> {
    const rows = await this.db
      .selectFrom("instances")
      .select(["id", "watchdog_policy", "watchdog_silence_seconds"])
      .where((eb) => eb.or([eb("watchdog_policy", "is not", null), eb("watchdog_silence_seconds", "is not", null)]))
      .execute();
    return new Map(rows.map((row) => [row.id, { policy: row.watchdog_policy as WatchdogPolicy | null, silenceSeconds: row.watchdog_silence_seconds }]));
  }

  /** One instance's own watchdog settings (404 when unknown). */
  async watchdogOf(id: string): Promise<{ policy: WatchdogPolicy | null; silenceSeconds: number | null }> {
    const row = await this.db.selectFrom("instances").select(["watchdog_policy", "watchdog_silence_seconds"]).where("id", "=", id).executeTakeFirst();
    if (!row) throw new DomainError("not_found", `No instance ${id}`);
    return { policy: row.watchdog_policy as WatchdogPolicy | null, silenceSeconds: row.watchdog_silence_seconds };
  }

  /** Sets what is given (null: back to the gateway default); 404 when unknown. */
  async setWatchdog(id: string, patch: { policy?: WatchdogPolicy | null; silenceSeconds?: number | null }): Promise<void> {
    const result = await this.db
      .updateTable("instances")
      .set({
        ...(patch.policy !== undefined ? { watchdog_policy: patch.policy } : {}),
        ...(patch.silenceSeconds !== undefined ? { watchdog_silence_seconds: patch.silenceSeconds } : {}),
      })
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new DomainError("not_found", `No instance ${id}`);
  }

  async changeStatus(
    id: string,
    change: StatusChange,
    extra: Partial<Pick<Row, "number" | "push_name" | "platform" | "connected_at" | "desired_state">> & { lastError?: boolean } = {},
  ): Promise<Instance> {
    const at = new Date().toISOString();
    // seq moves in the UPDATE itself, as in nextSeq: on PostgreSQL the row stays locked until the history row is
    // written, so status changes and QR rotations written at the same time each get their own seq (reading it first
    // and writing seq + 1 let concurrent writers take the same one, and lost their updates).
    await this.db.transaction().execute(async (trx) => {
      const { lastError, ...columns } = extra;
      const row = await trx
        .updateTable("instances")
        .set((eb) => ({
          ...columns,
          status: change.status,
          status_code: change.code ?? null,
          status_reason: change.reason ?? null,
          seq: eb("seq", "+", 1),
          updated_at: at,
          ...(lastError ? { last_error_code: change.code ?? null, last_error_reason: change.reason ?? null, last_error_at: at } : {}),
        }))
        .where("id", "=", id)
        .returning("seq")
        .executeTakeFirst();
      if (!row) return;
      const { seq } = row;
      await trx
        .insertInto("instance_status_history")
        .values({ instance_id: id, seq, status: change.status, status_code: change.code ?? null, status_reason: change.reason ?? null, at })
        .execute();
    });
    return this.get(id);
  }

  /**
   * Records in the status history that the instance's session ended at `at`, in the past (its gateway node stopped or
   * went silent then), unless its last recorded status already says it was not running (DISCONNECTED, ERROR) or is
   * later. Uptime then counts the time no gateway ran it as down, not as the status it had before. The instance's own
   * status is left to the restart that follows; the history row takes the next seq.
   */
  async recordSessionEnd(id: string, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const last = await trx.selectFrom("instance_status_history").select(["status", "at"]).where("instance_id", "=", id).orderBy("seq", "desc").limit(1).executeTakeFirst();
      if (!last || last.status === "DISCONNECTED" || last.status === "ERROR" || last.at >= at) return;
      const row = await trx
        .updateTable("instances")
        .set((eb) => ({ seq: eb("seq", "+", 1) }))
        .where("id", "=", id)
        .returning("seq")
        .executeTakeFirst();
      if (!row) return;
      await trx
        .insertInto("instance_status_history")
        .values({ instance_id: id, seq: row.seq, status: "DISCONNECTED", status_code: null, status_reason: SESSION_ENDED_REASON, at })
        .execute();
    });
  }

  /** Bumps seq for an event that is not a status change (a QR rotation); returns the new seq. */
  async nextSeq(id: string): Promise<number> {
    const row = await this.db
      .updateTable("instances")
      .set((eb) => ({ seq: eb("seq", "+", 1) }))
      .where("id", "=", id)
      .returning("seq")
      .executeTakeFirst();
    if (!row) throw new DomainError("not_found", `No instance ${id}`);
    return row.seq;
  }

  async update(id: string, values: Partial<Pick<Row, "name" | "desired_state" | "push_name">>, bumpSeq: boolean): Promise<Instance> {
    await this.naming(values.name, id, () => this.db.transaction().execute(async (trx) => {
      if (values.name !== undefined) await assertNameFree(trx, values.name, id);
      await trx
        .updateTable("instances")
        .set((eb) => ({ ...values, updated_at: new Date().toISOString(), ...(bumpSeq ? { seq: eb("seq", "+", 1) } : {}) }))
        .where("id", "=", id)
        .execute();
    }));
    return this.get(id);
  }

  async delete(id: string): Promise<number> {
    const row = await this.db.deleteFrom("instances").where("id", "=", id).returning("seq").executeTakeFirst();
    if (!row) throw new DomainError("not_found", `No instance ${id}`);
    return row.seq + 1;
  }

  async list(query: ListParams): Promise<{ items: Instance[]; nextCursor: string | null }> {
    const column = SORT_COLUMNS[query.sort];
    // Nullable columns sort as empty strings so the keyset cursor stays total.
    const sortExpr = sql<string>`coalesce(${sql.ref(column)}, '')`;
    let q = this.select();
    if (query.status && query.status.length > 0) q = q.where("status", "in", query.status);
    if (query.search) {
      const like = `%${query.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb(sql`lower(name)`, "like", sql`${like} escape '\\'`), eb(sql`coalesce(number, '')`, "like", sql`${like} escape '\\'`)]));
    }
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      const op = query.order === "asc" ? ">" : "<";
      q = q.where((eb) => eb.or([eb(sortExpr, op, cursor.v), eb.and([eb(sortExpr, "=", cursor.v), eb("id", op, cursor.id)])]));
    }
    const rows = await q
      .orderBy(sortExpr, query.order)
      .orderBy("id", query.order)
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCursor({ v: String(last[column] ?? ""), id: last.id }) : null;
    return { items: page.map(toInstance), nextCursor };
  }

  async history(id: string, limit: number, before?: number): Promise<{ items: StatusHistoryEntry[]; nextCursor: string | null }> {
    let q = this.db.selectFrom("instance_status_history").selectAll().where("instance_id", "=", id);
    if (before !== undefined) q = q.where("seq", "<", before);
    const rows = await q.orderBy("seq", "desc").limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        seq: r.seq,
        status: r.status as InstanceStatus,
        ...(r.status_code !== null ? { statusCode: r.status_code } : {}),
        ...(r.status_reason ? { statusReason: r.status_reason } : {}),
        at: r.at,
      })),
      nextCursor: rows.length > limit && page.length ? String(page.at(-1)!.seq) : null,
    };
  }
}

type ListParams = {
  status?: InstanceStatus[];
  search?: string;
  sort: InstanceSortField;
  order: "asc" | "desc";
  limit: number;
  cursor?: string;
};
