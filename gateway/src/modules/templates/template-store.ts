import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from "kysely";
import type { Db, DialectName } from "../../db/database";
import { isUniqueViolation, sameName } from "../../db/database";
import { decodeCursor, encodeCursor } from "../../db/keyset-cursor";
import type { Database, SettingsTemplatesTable } from "../../db/schema";
import { DomainError } from "../../domain-error";

export type TemplateRow = Selectable<SettingsTemplatesTable>;

/** Any key works as long as every node takes the same one: it serializes the writes that move the default. */
const DEFAULT_LOCK_KEY = 0x7e6d_0019;

const noTemplate = (id: string) => new DomainError("not_found", `No template ${id}`);

async function assertNameFree(db: Kysely<Database>, name: string, exceptId?: string): Promise<void> {
  let query = db.selectFrom("settings_templates").select(["id", "name"]).where(sameName(name));
  if (exceptId) query = query.where("id", "!=", exceptId);
  const taken = await query.executeTakeFirst();
  if (taken) throw new DomainError("conflict", `A template named "${taken.name}" already exists (${taken.id}): choose another name`);
}

/**
 * Templates in the database. Names are unique ignoring case and at most one template is the default: both are checked
 * here for a clear 409 and kept by indexes (migration 0019). Moving the default clears the others in the same
 * transaction, under a lock (PostgreSQL: a transaction advisory lock; SQLite runs one transaction at a time), so two
 * concurrent writes that both make theirs the default end with exactly one, the later.
 */
export class TemplateStore {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  async insert(row: Insertable<SettingsTemplatesTable>): Promise<void> {
    await this.write(row.name, undefined, async (trx) => {
      if (row.is_default) await this.clearDefault(trx, row.id);
      await trx.insertInto("settings_templates").values(row).execute();
    });
  }

  async update(id: string, values: Updateable<SettingsTemplatesTable>): Promise<void> {
    await this.write(values.name ?? undefined, id, async (trx) => {
      if (values.is_default) await this.clearDefault(trx, id);
      const result = await trx.updateTable("settings_templates").set(values).where("id", "=", id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw noTemplate(id);
    });
  }

  async remove(id: string): Promise<void> {
    const result = await this.db.deleteFrom("settings_templates").where("id", "=", id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw noTemplate(id);
  }

  /** Inside a transaction, pass it: on SQLite a query outside it would wait for it forever. */
  find(id: string, db: Kysely<Database> = this.db): Promise<TemplateRow | undefined> {
    return db.selectFrom("settings_templates").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async get(id: string): Promise<TemplateRow> {
    const row = await this.find(id);
    if (!row) throw noTemplate(id);
    return row;
  }

  /** The default template, if one is; inside a transaction, pass it. */
  findDefault(db: Kysely<Database> = this.db): Promise<TemplateRow | undefined> {
    return db.selectFrom("settings_templates").selectAll().where("is_default", "=", 1).executeTakeFirst();
  }

  async list(limit: number, cursor?: string): Promise<{ rows: TemplateRow[]; nextCursor: string | null }> {
    let q = this.db.selectFrom("settings_templates").selectAll();
    if (cursor) {
      const c = decodeCursor(cursor);
      q = q.where((eb) => eb.or([eb("created_at", "<", c.v), eb.and([eb("created_at", "=", c.v), eb("id", "<", c.id)])]));
    }
    const rows = await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).execute();
    const kept = rows.slice(0, limit);
    const last = kept.at(-1);
    return { rows: kept, nextCursor: rows.length > limit && last ? encodeCursor({ v: last.created_at, id: last.id }) : null };
  }

  /** A write that may take a name: the name checked in the transaction, and a race lost on the index said as a 409 too. */
  private async write(name: string | undefined, exceptId: string | undefined, work: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        if (name !== undefined) await assertNameFree(trx, name, exceptId);
        await work(trx);
      });
    } catch (error) {
      if (isUniqueViolation(error) && name !== undefined) await assertNameFree(this.db, name, exceptId);
      throw error;
    }
  }

  private async clearDefault(trx: Kysely<Database>, exceptId: string): Promise<void> {
    if (this.dialect === "postgres") await sql`select pg_advisory_xact_lock(${DEFAULT_LOCK_KEY})`.execute(trx);
    await trx.updateTable("settings_templates").set({ is_default: 0 }).where("is_default", "=", 1).where("id", "!=", exceptId).execute();
  }
}
