import type { Selectable } from "kysely";
import type { Message, MessageType, SendMessageContent } from "../../../../contract/messages";
import type { MessageStatus } from "../../../../contract/send-queue";
import type { Db } from "../../db/database";
import type { MessagesTable } from "../../db/schema";

type MessageRow = Selectable<MessagesTable>;

/** A message waiting in the queue, as a worker claimed it. */
export interface QueuedMessage {
  id: string;
  instanceId: string;
  jid: string;
  content: SendMessageContent;
}

/** How far each status is along; a status only ever moves forward (acks may arrive late or twice). */
const RANK: Record<Exclude<MessageStatus, "failed">, number> = { pending: 0, server_ack: 1, delivered: 2, read: 3, played: 4 };
const before = (status: Exclude<MessageStatus, "failed">) => (Object.keys(RANK) as Array<keyof typeof RANK>).filter((s) => RANK[s] < RANK[status]);

const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  instanceId: row.instance_id,
  to: row.to_jid,
  type: row.type as MessageType,
  status: row.status as MessageStatus,
  ...(row.failure_reason ? { failureReason: row.failure_reason } : {}),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  ...(row.sent_at ? { sentAt: row.sent_at } : {}),
  ...(row.edited_at ? { editedAt: row.edited_at } : {}),
  ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
});

/** The outbound messages and their queue (table `messages`), and send idempotency keys. Portable SQL only. */
export class MessageStore {
  constructor(private readonly db: Db) {}

  /**
   * Stores a new queued message; with an idempotency key, only if the key is new (or older than `keyCutoff`), in one
   * transaction with the key. Returns null when it was stored, or the key's first answer and body hash.
   */
  async insert(
    row: { id: string; instanceId: string; jid: string; content: SendMessageContent; at: string },
    idempotency?: { id: string; requestHash: string; response: string; keyCutoff: string },
  ): Promise<{ requestHash: string; response: string } | null> {
    const { type = "text" } = row.content;
    return this.db.transaction().execute(async (trx) => {
      if (idempotency) {
        await trx.deleteFrom("message_idempotency_keys").where("id", "=", idempotency.id).where("created_at", "<", idempotency.keyCutoff).execute();
        const claimed = await trx
          .insertInto("message_idempotency_keys")
          .values({ id: idempotency.id, instance_id: row.instanceId, message_id: row.id, request_hash: idempotency.requestHash, response: idempotency.response, created_at: row.at })
          .onConflict((oc) => oc.column("id").doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
          const first = await trx.selectFrom("message_idempotency_keys").select(["request_hash", "response"]).where("id", "=", idempotency.id).executeTakeFirstOrThrow();
          return { requestHash: first.request_hash, response: first.response };
        }
      }
      await trx
        .insertInto("messages")
        .values({ id: row.id, instance_id: row.instanceId, to_jid: row.jid, type, content: JSON.stringify(row.content), status: "pending", queued: 1, created_at: row.at, updated_at: row.at })
        .execute();
      return null;
    });
  }

  /** An idempotency key's first answer, unless it is older than `cutoff`. */
  async idempotent(id: string, cutoff: string): Promise<{ requestHash: string; response: string } | undefined> {
    const row = await this.db.selectFrom("message_idempotency_keys").select(["request_hash", "response"]).where("id", "=", id).where("created_at", ">=", cutoff).executeTakeFirst();
    return row ? { requestHash: row.request_hash, response: row.response } : undefined;
  }

  async get(instanceId: string, id: string): Promise<Message | undefined> {
    const row = await this.db.selectFrom("messages").selectAll().where("id", "=", id).where("instance_id", "=", instanceId).executeTakeFirst();
    return row ? toMessage(row) : undefined;
  }

  /** Whether `id` is one of this instance's own messages (for replies and reactions: fromMe). */
  async isOwn(instanceId: string, id: string): Promise<boolean> {
    return (await this.db.selectFrom("messages").select("id").where("id", "=", id).where("instance_id", "=", instanceId).executeTakeFirst()) !== undefined;
  }

  async queuedCount(instanceId: string): Promise<number> {
    const row = await this.db.selectFrom("messages").select((eb) => eb.fn.countAll().as("n")).where("queued", "=", 1).where("instance_id", "=", instanceId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The instance's messages created since `since`, counted by their status now. */
  async statusCounts(instanceId: string, since: string): Promise<Partial<Record<MessageStatus, number>>> {
    const rows = await this.db
      .selectFrom("messages")
      .select(["status", (eb) => eb.fn.countAll().as("n")])
      .where("instance_id", "=", instanceId)
      .where("created_at", ">=", since)
      .groupBy("status")
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Which of these messages still wait in the queue (their uploaded files are still needed). */
  async queuedAmong(ids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom("messages").select("id").where("queued", "=", 1).where("id", "in", ids.slice(i, i + 500)).execute();
      for (const row of rows) found.add(row.id);
    }
    return found;
  }

  /** Instances with messages waiting (gateway start). */
  async instancesWithQueued(): Promise<string[]> {
    const rows = await this.db.selectFrom("messages").select("instance_id").distinct().where("queued", "=", 1).execute();
    return rows.map((r) => r.instance_id);
  }

  /**
   * Claims the oldest waiting message of an instance for `leaseMs`: a conditional UPDATE that only one worker can win
   * (the row must still be queued and unleased, or its lease expired); a lost race tries the next candidate.
   */
  async claimNext(instanceId: string, leaseMs: number): Promise<QueuedMessage | null> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const now = new Date().toISOString();
      const candidate = await this.db
        .selectFrom("messages")
        .select(["id", "to_jid", "content"])
        .where("queued", "=", 1)
        .where("instance_id", "=", instanceId)
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
        .orderBy("created_at")
        .orderBy("id")
        .limit(1)
        .executeTakeFirst();
      if (!candidate) return null;
      const won = await this.db
        .updateTable("messages")
        .set({ lease_until: new Date(Date.now() + leaseMs).toISOString() })
        .where("id", "=", candidate.id)
        .where("queued", "=", 1)
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
        .executeTakeFirst();
      if (Number(won.numUpdatedRows) === 1) {
        return { id: candidate.id, instanceId, jid: candidate.to_jid, content: JSON.parse(candidate.content) as SendMessageContent };
      }
    }
    return null;
  }

  /** Gives a claimed message back to the queue (the instance is not connected): it is sent later, in order. */
  async release(id: string): Promise<void> {
    await this.db.updateTable("messages").set({ lease_until: null }).where("id", "=", id).where("queued", "=", 1).execute();
  }

  async markSent(id: string): Promise<void> {
    const at = new Date().toISOString();
    await this.db.updateTable("messages").set({ queued: 0, lease_until: null, sent_at: at, updated_at: at }).where("id", "=", id).execute();
  }

  /** Fails a message that has not got further than pending; true when it did (so the caller announces it once). */
  async markFailed(id: string, reason: string): Promise<boolean> {
    const at = new Date().toISOString();
    const result = await this.db
      .updateTable("messages")
      .set({ queued: 0, lease_until: null, status: "failed", failure_reason: reason.slice(0, 1000), updated_at: at })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Moves a message forward to `status` (never back); true when it moved. */
  async advance(instanceId: string, id: string, status: Exclude<MessageStatus, "failed" | "pending">): Promise<boolean> {
    const result = await this.db
      .updateTable("messages")
      .set({ status, updated_at: new Date().toISOString() })
      .where("id", "=", id)
      .where("instance_id", "=", instanceId)
      .where("status", "in", before(status))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markEdited(id: string, content: SendMessageContent): Promise<void> {
    const at = new Date().toISOString();
    await this.db.updateTable("messages").set({ content: JSON.stringify(content), edited_at: at, updated_at: at }).where("id", "=", id).execute();
  }

  async markRevoked(id: string): Promise<void> {
    const at = new Date().toISOString();
    await this.db.updateTable("messages").set({ revoked_at: at, updated_at: at }).where("id", "=", id).execute();
  }

  async content(id: string): Promise<SendMessageContent | undefined> {
    const row = await this.db.selectFrom("messages").select("content").where("id", "=", id).executeTakeFirst();
    return row ? (JSON.parse(row.content) as SendMessageContent) : undefined;
  }

  /** The instance's own send rate (messages per second), or null for the gateway default. */
  async rateOf(instanceId: string): Promise<number | null> {
    const row = await this.db.selectFrom("instances").select("send_rate_per_second").where("id", "=", instanceId).executeTakeFirst();
    return row?.send_rate_per_second ?? null;
  }

  async setRate(instanceId: string, rate: number | null): Promise<void> {
    await this.db.updateTable("instances").set({ send_rate_per_second: rate }).where("id", "=", instanceId).execute();
  }

  /** Forgets idempotency keys older than `cutoff`. */
  /** Deletes the records of messages created before `cutoff` that are no longer queued; returns how many. */
  async deleteOlderThan(cutoff: string): Promise<number> {
    const result = await this.db.deleteFrom("messages").where("created_at", "<", cutoff).where("queued", "=", 0).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async expireKeys(cutoff: string): Promise<void> {
    await this.db.deleteFrom("message_idempotency_keys").where("created_at", "<", cutoff).execute();
  }
}
