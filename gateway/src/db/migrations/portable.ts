import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from "kysely";

/** Whether a migration runs on PostgreSQL (cluster mode) rather than SQLite. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * An auto-numbered integer primary key on either database: SQLite's `integer primary key autoincrement`,
 * PostgreSQL's `serial primary key` (Kysely's `autoIncrement()` is SQLite and MySQL syntax only).
 */
export function autoIncrementId(db: Kysely<unknown>): { type: "integer" | "serial"; build: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder } {
  return isPostgres(db)
    ? { type: "serial", build: (column) => column.primaryKey() }
    : { type: "integer", build: (column) => column.primaryKey().autoIncrement() };
}

/** A column of raw bytes on either database: SQLite's `blob`, PostgreSQL's `bytea` (both read back as a Buffer). */
export function binaryType(db: Kysely<unknown>): "blob" | "bytea" {
  return isPostgres(db) ? "bytea" : "blob";
}
