import type { Transaction } from "kysely";
import type { Db } from "../../db/database";
import type { Database } from "../../db/schema";

export interface JsonCodec {
  stringify(value: unknown): string;
  parse(text: string): unknown;
}

const plainJson: JsonCodec = { stringify: (v) => JSON.stringify(v), parse: (t) => JSON.parse(t) as unknown };
const CREDS = "creds";

/** Checks, inside a writing transaction, that this node may still write the instance's state (its lease). */
export type Fence = (trx: Transaction<Database>) => Promise<void>;

/**
 * One instance's WhatsApp auth state in the database (never files): the creds object and the signal keys,
 * one row per key. The shape matches Baileys' SignalKeyStore (`get(type, ids)`, `set({ type: { id: value|null } })`).
 * Every write runs the fence first in the same transaction: a node that lost the instance's lease cannot overwrite
 * the credentials the new owner uses (docs/architecture.md, "Several nodes").
 */
export class AuthStateStore {
  constructor(
    private readonly db: Db,
    readonly instanceId: string,
    private readonly codec: JsonCodec = plainJson,
    private readonly fence?: Fence,
  ) {}

  private write(work: (trx: Transaction<Database>) => Promise<unknown>): Promise<void> {
    return this.db.transaction().execute(async (trx) => {
      await this.fence?.(trx);
      await work(trx);
    });
  }

  async loadCreds<T>(): Promise<T | null> {
    const row = await this.db
      .selectFrom("instance_auth")
      .select("value")
      .where("instance_id", "=", this.instanceId)
      .where("category", "=", CREDS)
      .where("key_id", "=", "")
      .executeTakeFirst();
    return row ? (this.codec.parse(row.value) as T) : null;
  }

  async saveCreds(creds: unknown): Promise<void> {
    const value = this.codec.stringify(creds);
    await this.write((trx) =>
      trx
        .insertInto("instance_auth")
        .values({ instance_id: this.instanceId, category: CREDS, key_id: "", value })
        .onConflict((oc) => oc.columns(["instance_id", "category", "key_id"]).doUpdateSet({ value }))
        .execute(),
    );
  }

  async hasCreds(): Promise<boolean> {
    return (await this.loadCreds()) !== null;
  }

  /** Baileys SignalKeyStore: returns only the ids that exist. */
  async getKeys(type: string, ids: string[]): Promise<Record<string, unknown>> {
    if (ids.length === 0) return {};
    const out: Record<string, unknown> = {};
    // Chunked to stay under SQLite's bound-parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom("instance_auth")
        .select(["key_id", "value"])
        .where("instance_id", "=", this.instanceId)
        .where("category", "=", type)
        .where("key_id", "in", ids.slice(i, i + 500))
        .execute();
      for (const row of rows) out[row.key_id] = this.codec.parse(row.value);
    }
    return out;
  }

  /** Baileys SignalKeyStore: writes and deletes (null) in one transaction. */
  async setKeys(data: Record<string, Record<string, unknown> | undefined>): Promise<void> {
    await this.write(async (trx) => {
      for (const [category, entries] of Object.entries(data)) {
        for (const [keyId, value] of Object.entries(entries ?? {})) {
          if (value === null || value === undefined) {
            await trx.deleteFrom("instance_auth").where("instance_id", "=", this.instanceId).where("category", "=", category).where("key_id", "=", keyId).execute();
          } else {
            const text = this.codec.stringify(value);
            await trx
              .insertInto("instance_auth")
              .values({ instance_id: this.instanceId, category, key_id: keyId, value: text })
              .onConflict((oc) => oc.columns(["instance_id", "category", "key_id"]).doUpdateSet({ value: text }))
              .execute();
          }
        }
      }
    });
  }

  /** Removes every key but keeps the creds (Baileys' `clear`). */
  async clearKeys(): Promise<void> {
    await this.write((trx) => trx.deleteFrom("instance_auth").where("instance_id", "=", this.instanceId).where("category", "!=", CREDS).execute());
  }

  /** Forgets the device entirely: the next connection needs a new QR. */
  async wipe(): Promise<void> {
    await this.write((trx) => trx.deleteFrom("instance_auth").where("instance_id", "=", this.instanceId).execute());
  }
}
