import type { Kysely } from "kysely";

/** Extra rights of an admin key (a JSON array, e.g. ["keys:manage"]); every existing key gets none. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("api_keys")
    .addColumn("permissions", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("api_keys").dropColumn("permissions").execute();
}
