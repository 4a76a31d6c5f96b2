import { sql, type Kysely } from "kysely";

/**
 * Instance names are unique ignoring case, enforced by the database itself: the check in the writing transaction
 * only serialises on SQLite (one connection); several PostgreSQL connections, or several nodes, could both pass it.
 * Instances that already share a name (created before names had to be unique) keep the oldest one's name; the
 * others get " 2", " 3", … (within the 64-character limit, in the characters names allow) so the index can be built
 * and nothing is lost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{ id: string; name: string }>`select id, name from instances order by created_at, id`.execute(db);
  const taken = new Set(rows.rows.map((row) => row.name.toLowerCase()));
  const seen = new Set<string>();
  for (const row of rows.rows) {
    const key = row.name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    const numbered = (n: number) => `${row.name.slice(0, 64 - ` ${n}`.length)} ${n}`;
    let n = 2;
    while (taken.has(numbered(n).toLowerCase())) n += 1;
    const name = numbered(n);
    taken.add(name.toLowerCase());
    await sql`update instances set name = ${name} where id = ${row.id}`.execute(db);
  }
  await db.schema.createIndex("instances_name_ci").unique().on("instances").expression(sql`lower(name)`).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("instances_name_ci").execute();
}
