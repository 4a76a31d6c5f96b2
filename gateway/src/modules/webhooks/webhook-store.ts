import type { ExpressionBuilder, Selectable, Transaction } from "kysely";
import {
  MASKED_VALUE,
  type DeliveryStatus,
  type Webhook,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookEventType,
} from "../../../../contract/webhooks";
import type { Db, DialectName } from "../../db/database";
import type { Database, WebhookAttemptsTable, WebhookDeliveriesTable, WebhooksTable } from "../../db/schema";
import { DomainError } from "../../domain-error";
import { newId } from "../auth/tokens";
import { decodeCursor, encodeCursor } from "../../db/keyset-cursor";

export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type AttemptRow = Selectable<WebhookAttemptsTable>;
export type StoredHeader = { name: string; value: string };

/** A due delivery joined with what is needed to send it. */
export type DueDelivery = DeliveryRow & Pick<WebhookRow, "url" | "headers" | "secret" | "previous_secret" | "previous_secret_expires_at">;

const ACTIVE_STATUSES = ["pending", "retrying"] as const;
const FINISHED_STATUSES = ["succeeded", "failed"] as const;

// ---- row → contract ----------------------------------------------------------------------------

export interface Health {
  attempts: number;
  ok: number;
}

export function toWebhook(row: WebhookRow, health: Health | undefined, hint: (secret: string) => string, now = Date.now()): Webhook {
  const headers = JSON.parse(row.headers) as StoredHeader[];
  const graceActive = row.previous_secret && row.previous_secret_expires_at && Date.parse(row.previous_secret_expires_at) > now;
  return {
    id: row.id,
    url: row.url,
    enabled: row.enabled === 1,
    ...(row.description ? { description: row.description } : {}),
    events: JSON.parse(row.events) as WebhookEventType[],
    instanceId: row.instance_id,
    headers: headers.map((h) => ({ name: h.name, value: MASKED_VALUE })),
    secretHint: hint(row.secret),
    ...(graceActive ? { previousSecretExpiresAt: row.previous_secret_expires_at! } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.disabled_reason ? { disabledReason: row.disabled_reason } : {}),
    ...(row.disabled_at ? { disabledAt: row.disabled_at } : {}),
    health: {
      successRate24h: health && health.attempts > 0 ? Math.round((health.ok / health.attempts) * 1000) / 1000 : null,
      attempts24h: health?.attempts ?? 0,
      ...(row.last_attempt_at ? { lastDeliveryAt: row.last_attempt_at, lastStatus: row.last_attempt_ok === 1 ? ("succeeded" as const) : ("failed" as const) } : {}),
      ...(row.last_status_code !== null ? { lastStatusCode: row.last_status_code } : {}),
      ...(row.failing_since ? { failingSince: row.failing_since } : {}),
    },
  };
}

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    event: row.event_type as WebhookEventType,
    ...(row.instance_id ? { instanceId: row.instance_id } : {}),
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    ...(row.next_attempt_at && (row.status === "pending" || row.status === "retrying") ? { nextAttemptAt: row.next_attempt_at } : {}),
    ...(row.last_status_code !== null ? { lastStatusCode: row.last_status_code } : {}),
    ...(row.last_latency_ms !== null ? { lastLatencyMs: row.last_latency_ms } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    test: row.is_test === 1,
    ...(row.replay_of ? { replayOf: row.replay_of } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toAttempt(row: AttemptRow): WebhookAttempt {
  return {
    n: row.n,
    at: row.at,
    url: row.url,
    ...(row.status_code !== null ? { statusCode: row.status_code } : {}),
    latencyMs: row.latency_ms,
    ...(row.error ? { error: row.error } : {}),
    responseExcerpt: row.response_excerpt,
    responseHeaders: JSON.parse(row.response_headers) as Record<string, string>,
    requestHeaders: JSON.parse(row.request_headers) as Record<string, string>,
  };
}


function page<T extends { created_at: string; id: string }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { rows: kept, nextCursor: more && last ? encodeCursor({ v: last.created_at, id: last.id }) : null };
}

// ---- the store ---------------------------------------------------------------------------------

export interface DeliveryFilter {
  webhookId?: string;
  instanceId?: string;
  status?: DeliveryStatus[];
  event?: WebhookEventType[];
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export interface RecordedAttempt {
  delivery: DeliveryRow;
  /** The endpoint's failure streak start after this attempt (null: it is not failing). */
  failingSince: string | null;
}

export interface AttemptRecord {
  delivery: DeliveryRow;
  n: number;
  at: string;
  url: string;
  ok: boolean;
  statusCode?: number;
  latencyMs: number;
  error?: string;
  responseExcerpt: string;
  responseHeaders: Record<string, string>;
  requestHeaders: Record<string, string>;
  /** The delivery's state after this attempt. */
  status: DeliveryStatus;
  nextAttemptAt: string | null;
  /** Count towards the endpoint's health (test sends do not). */
  countsForHealth: boolean;
}

/** A new outbox row, due now. */
export function newDeliveryRow(v: { webhookId: string; eventId: string; type: string; instanceId?: string | null; body: string; at: string; test?: boolean; replayOf?: string }): DeliveryRow {
  return {
    id: newId("whd"),
    webhook_id: v.webhookId,
    event_id: v.eventId,
    event_type: v.type,
    instance_id: v.instanceId ?? null,
    body: v.body,
    status: "pending",
    attempts: 0,
    next_attempt_at: v.at,
    lease_until: null,
    last_status_code: null,
    last_latency_ms: null,
    last_error: null,
    is_test: v.test ? 1 : 0,
    replay_of: v.replayOf ?? null,
    created_at: v.at,
    updated_at: v.at,
  };
}

export class WebhookStore {
  private readonly recordQueue: Array<{ a: AttemptRecord; resolve: (r: RecordedAttempt | null) => void; reject: (e: unknown) => void }> = [];

  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName = "sqlite",
  ) {}

  // -- endpoints --

  async insertWebhook(row: WebhookRow): Promise<void> {
    await this.db.insertInto("webhooks").values(row).execute();
  }

  /** Settings templates (docs/templates.md): the endpoint bound to an instance at a URL, the oldest first. */
  boundAt(instanceId: string, url: string): Promise<WebhookRow | undefined> {
    return this.db.selectFrom("webhooks").selectAll().where("instance_id", "=", instanceId).where("url", "=", url).orderBy("created_at").orderBy("id").executeTakeFirst();
  }

  findWebhook(id: string): Promise<WebhookRow | undefined> {
    return this.db.selectFrom("webhooks").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async getWebhook(id: string): Promise<WebhookRow> {
    const row = await this.findWebhook(id);
    if (!row) throw new DomainError("not_found", `No webhook ${id}`);
    return row;
  }

  async listWebhooks(query: { instanceId?: string; limit: number; cursor?: string }): Promise<{ rows: WebhookRow[]; nextCursor: string | null }> {
    let q = this.db.selectFrom("webhooks").selectAll();
    if (query.instanceId) {
      const instanceId = query.instanceId;
      q = q.where((eb) => eb.or([eb("instance_id", "is", null), eb("instance_id", "=", instanceId)]));
    }
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      q = q.where((eb) => eb.or([eb("created_at", "<", c.v), eb.and([eb("created_at", "=", c.v), eb("id", "<", c.id)])]));
    }
    const rows = await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(query.limit + 1).execute();
    return page(rows, query.limit);
  }

  enabledWebhooks(): Promise<WebhookRow[]> {
    return this.db.selectFrom("webhooks").selectAll().where("enabled", "=", 1).execute();
  }

  async updateWebhook(id: string, values: Partial<Omit<WebhookRow, "id" | "created_at">>): Promise<void> {
    await this.db.updateTable("webhooks").set(values).where("id", "=", id).execute();
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.db.deleteFrom("webhooks").where("id", "=", id).execute();
  }

  /** Attempts and 2xx answers in the window, per endpoint (test sends excluded). */
  async health(ids: string[], since: string): Promise<Map<string, Health>> {
    const out = new Map<string, Health>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom("webhook_attempts as a")
      .innerJoin("webhook_deliveries as d", "d.id", "a.delivery_id")
      .select((eb) => ["a.webhook_id", eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("a.ok").as("ok")])
      .where("a.webhook_id", "in", ids)
      .where("a.at", ">=", since)
      .where("d.is_test", "=", 0)
      .groupBy("a.webhook_id")
      .execute();
    for (const row of rows) out.set(row.webhook_id, { attempts: Number(row.n), ok: Number(row.ok ?? 0) });
    return out;
  }

  /** Endpoint switched off: hold its queued deliveries (they resume if it is enabled again). */
  async holdDeliveries(webhookId: string, at: string): Promise<void> {
    await this.db
      .updateTable("webhook_deliveries")
      .set({ status: "disabled", next_attempt_at: null, updated_at: at })
      .where("webhook_id", "=", webhookId)
      .where("status", "in", ACTIVE_STATUSES)
      .execute();
  }

  /** Endpoint enabled again: what was held is queued again, due now. */
  async resumeDeliveries(webhookId: string, at: string): Promise<number> {
    const result = await this.db
      .updateTable("webhook_deliveries")
      .set({ status: "pending", next_attempt_at: at, lease_until: null, updated_at: at })
      .where("webhook_id", "=", webhookId)
      .where("status", "=", "disabled")
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  // -- the outbox --

  async insertDeliveries(rows: DeliveryRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insertInto("webhook_deliveries").values(rows).execute();
  }

  findDelivery(id: string): Promise<DeliveryRow | undefined> {
    return this.db.selectFrom("webhook_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async getDelivery(id: string): Promise<DeliveryRow> {
    const row = await this.findDelivery(id);
    if (!row) throw new DomainError("not_found", `No webhook delivery ${id}`);
    return row;
  }

  attempts(deliveryId: string): Promise<AttemptRow[]> {
    return this.db.selectFrom("webhook_attempts").selectAll().where("delivery_id", "=", deliveryId).orderBy("id", "asc").execute();
  }

  async listDeliveries(filter: DeliveryFilter): Promise<{ rows: DeliveryRow[]; nextCursor: string | null }> {
    let q = this.db.selectFrom("webhook_deliveries").selectAll();
    if (filter.webhookId) q = q.where("webhook_id", "=", filter.webhookId);
    if (filter.instanceId) q = q.where("instance_id", "=", filter.instanceId);
    if (filter.status?.length) q = q.where("status", "in", filter.status);
    if (filter.event?.length) q = q.where("event_type", "in", filter.event);
    if (filter.from) q = q.where("created_at", ">=", new Date(filter.from).toISOString());
    if (filter.to) q = q.where("created_at", "<", new Date(filter.to).toISOString());
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      q = q.where((eb) => eb.or([eb("created_at", "<", c.v), eb.and([eb("created_at", "=", c.v), eb("id", "<", c.id)])]));
    }
    const rows = await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(filter.limit + 1).execute();
    return page(rows, filter.limit);
  }

  // Invariant: next_attempt_at is set exactly while a delivery is queued (pending/retrying), so "due" is just
  // next_attempt_at <= now, served by the (next_attempt_at) and (webhook_id, next_attempt_at) indexes.

  /** Endpoints (enabled) with at least one due, unleased delivery. */
  async dueEndpoints(now: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhooks as w", "w.id", "d.webhook_id")
      .select("d.webhook_id")
      .distinct()
      .where("d.next_attempt_at", "<=", now)
      .where((eb) => eb.or([eb("d.lease_until", "is", null), eb("d.lease_until", "<", now)]))
      .where("w.enabled", "=", 1)
      .execute();
    return rows.map((r) => r.webhook_id);
  }

  /** One endpoint's due, unleased deliveries, oldest due first, with what is needed to send them. */
  dueFor(webhookId: string, now: string, limit: number): Promise<DueDelivery[]> {
    return this.db
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhooks as w", "w.id", "d.webhook_id")
      .selectAll("d")
      .select(["w.url", "w.headers", "w.secret", "w.previous_secret", "w.previous_secret_expires_at"])
      .where("d.webhook_id", "=", webhookId)
      .where("d.next_attempt_at", "<=", now)
      .where((eb) => eb.or([eb("d.lease_until", "is", null), eb("d.lease_until", "<", now)]))
      .where("w.enabled", "=", 1)
      .orderBy("d.next_attempt_at", "asc")
      .limit(limit)
      .execute();
  }

  /** The earliest retry still in the future (null: none), to sleep until then. */
  async nextDueAfter(now: string): Promise<string | null> {
    const row = await this.db
      .selectFrom("webhook_deliveries")
      .select("next_attempt_at")
      .where("next_attempt_at", ">", now)
      .orderBy("next_attempt_at", "asc")
      .limit(1)
      .executeTakeFirst();
    return row?.next_attempt_at ?? null;
  }

  /**
   * Takes deliveries for one attempt each; returns those taken (another worker may hold some, or they left the
   * queue). The update only takes rows whose lease is free or expired, so no two workers ever hold one; on
   * PostgreSQL the rows are picked `FOR UPDATE SKIP LOCKED`, so nodes claiming at the same moment skip each other's
   * rows instead of waiting for them.
   */
  async claim(ids: string[], now: string, leaseUntil: string): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const free = (eb: ExpressionBuilder<Database, "webhook_deliveries">) => eb.and([eb("next_attempt_at", "is not", null), eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)])]);
    let update = this.db.updateTable("webhook_deliveries").set({ lease_until: leaseUntil });
    update =
      this.dialect === "postgres"
        ? update.where("id", "in", (eb) => eb.selectFrom("webhook_deliveries").select("id").where("id", "in", ids).where(free).forUpdate().skipLocked())
        : update.where("id", "in", ids);
    const rows = await update.where(free).returning("id").execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Gives deliveries back without recording anything (shutdown mid-attempt): they are sent again later. */
  async release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable("webhook_deliveries").set({ lease_until: null }).where("id", "in", ids).execute();
  }

  /** On a single-node start every lease belongs to a process that no longer runs. */
  async releaseAll(): Promise<void> {
    await this.db.updateTable("webhook_deliveries").set({ lease_until: null }).where("lease_until", "is not", null).execute();
  }

  /**
   * Deletes up to `limit` finished deliveries (succeeded or failed) last changed before `cutoff`, their attempts with
   * them (the foreign key cascades). Queued and held deliveries are never deleted. Returns how many went.
   */
  async deleteFinishedBefore(cutoff: string, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom("webhook_deliveries")
      .where("id", "in", (eb) => eb.selectFrom("webhook_deliveries").select("id").where("status", "in", FINISHED_STATUSES).where("updated_at", "<", cutoff).limit(limit))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Records one attempt, the delivery's new state and the endpoint's last-attempt facts atomically (attempts that finish
   * together share one transaction).
   * Returns the updated delivery row, and the endpoint's failing-since time after this attempt.
   */
  recordAttempt(a: AttemptRecord): Promise<RecordedAttempt | null> {
    // Attempts finishing together are written in one transaction (one commit instead of one each).
    return new Promise((resolve, reject) => {
      this.recordQueue.push({ a, resolve, reject });
      if (this.recordQueue.length === 1) setImmediate(() => void this.flushRecords());
    });
  }

  private async flushRecords(): Promise<void> {
    const batch = this.recordQueue.splice(0);
    try {
      const results = await this.db.transaction().execute(async (trx) => {
        const out: Array<RecordedAttempt | null> = [];
        for (const { a } of batch) out.push(await this.writeAttempt(trx, a));
        return out;
      });
      batch.forEach((item, i) => item.resolve(results[i]!));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  private async writeAttempt(trx: Transaction<Database>, a: AttemptRecord): Promise<RecordedAttempt | null> {
    // The endpoint's last-attempt facts and failure streak first: whether it is still enabled decides whether a
    // failed delivery is queued again or held.
    let endpoint: { enabled: number; failing_since: string | null } | undefined;
    if (a.countsForHealth) {
      endpoint = await trx
        .updateTable("webhooks")
        .set((eb) => ({
          last_attempt_at: a.at,
          last_attempt_ok: a.ok ? 1 : 0,
          last_status_code: a.statusCode ?? null,
          failing_since: a.ok ? null : eb.fn.coalesce("failing_since", eb.val(a.at)),
        }))
        .where("id", "=", a.delivery.webhook_id)
        .returning(["enabled", "failing_since"])
        .executeTakeFirst();
    } else {
      endpoint = await trx.selectFrom("webhooks").select(["enabled", "failing_since"]).where("id", "=", a.delivery.webhook_id).executeTakeFirst();
    }
    // The endpoint (and with it the delivery) may have been deleted while the attempt was in flight.
    if (!endpoint) return null;
    const held = endpoint.enabled === 0 && (a.status === "retrying" || a.status === "pending");
    const delivery: DeliveryRow = {
      ...a.delivery,
      attempts: a.n,
      status: held ? "disabled" : a.status,
      next_attempt_at: held ? null : a.nextAttemptAt,
      lease_until: null,
      last_status_code: a.statusCode ?? null,
      last_latency_ms: a.latencyMs,
      last_error: a.error ?? null,
      updated_at: a.at,
    };
    const updated = await trx
      .updateTable("webhook_deliveries")
      .set({
        attempts: delivery.attempts,
        status: delivery.status,
        next_attempt_at: delivery.next_attempt_at,
        lease_until: null,
        last_status_code: delivery.last_status_code,
        last_latency_ms: delivery.last_latency_ms,
        last_error: delivery.last_error,
        updated_at: delivery.updated_at,
      })
      .where("id", "=", a.delivery.id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return null;
    await trx
      .insertInto("webhook_attempts")
      .values({
        delivery_id: a.delivery.id,
        webhook_id: a.delivery.webhook_id,
        n: a.n,
        at: a.at,
        url: a.url,
        ok: a.ok ? 1 : 0,
        status_code: a.statusCode ?? null,
        latency_ms: a.latencyMs,
        error: a.error ?? null,
        response_excerpt: a.responseExcerpt,
        response_headers: JSON.stringify(a.responseHeaders),
        request_headers: JSON.stringify(a.requestHeaders),
      })
      .execute();
    return { delivery, failingSince: endpoint.failing_since };
  }
}
