import type { TestProject } from "vitest/node";
// A plain .mjs script, shared with .ci/run.
import { dropTestDatabase, provideTestDatabase } from "../../../scripts/test-postgres.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's throwaway PostgreSQL database (the `gateway-postgres` project only). */
    postgresUrl: string;
  }
}

/**
 * Global setup of the `gateway-postgres` project: one throwaway database for the run (TEST_DATABASE_URL, or a
 * fresh one on the local cluster), dropped at the end. Each gateway a test starts gets its own schema in it.
 */
export default async function setup(project: TestProject) {
  const { url, created } = await provideTestDatabase();
  project.provide("postgresUrl", url);
  return () => {
    if (created) dropTestDatabase(url);
  };
}
