import type { Migration } from "kysely";
import * as m0001 from "./0001-initial";
import * as m0002 from "./0002-operators";

/** Every migration, in order. Names are stable: they are recorded in the database. */
export const migrations: Record<string, Migration> = {
  "0001-initial": m0001,
  "0002-operators": m0002,
};
