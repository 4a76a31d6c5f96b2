import type { z } from "zod";

/** The contract's schemas (and zod), as one chunk the browser loads on first use rather than with every page. */
export type Contract = typeof import("@/contract");

let loaded: Contract | undefined;
let loading: Promise<Contract> | undefined;

export function loadContract(): Promise<Contract> {
  loading ??= import("@/contract").then((contract) => (loaded = contract));
  return loading;
}

/** The contract if its chunk has arrived already (so hot paths can stay synchronous), else undefined. */
export function loadedContract(): Contract | undefined {
  return loaded;
}

/** Picks one schema out of the contract: `(c) => c.InstanceList`. */
export type SchemaPick<T> = (contract: Contract) => z.ZodType<T>;
