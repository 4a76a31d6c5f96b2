import type { Instance } from "@/contract/instances";

const indexes = new WeakMap<readonly Instance[], ReadonlyMap<string, number>>();

function build(list: readonly Instance[]): ReadonlyMap<string, number> {
  const index = new Map(list.map((instance, n) => [instance.id, n]));
  indexes.set(list, index);
  return index;
}

/** id → position in one version of the cached list; built once per list version and shared by every reader. */
export function instanceIndexOf(list: readonly Instance[]): ReadonlyMap<string, number> {
  return indexes.get(list) ?? build(list);
}

export function findInstance(list: readonly Instance[], id: string): Instance | undefined {
  const n = instanceIndexOf(list).get(id);
  if (n === undefined) return undefined;
  const found = list[n];
  if (found?.id === id) return found;
  // A shared index that no longer fits (see shareInstanceIndex): rebuild it for this list.
  const m = build(list).get(id);
  return m === undefined ? undefined : list[m];
}

/**
 * `next` holds the same ids at the same positions as `previous` (rows were replaced in place): let it reuse the
 * index instead of building a 5,000-entry map for every live batch. `findInstance` checks each hit anyway.
 */
export function shareInstanceIndex(previous: readonly Instance[], next: readonly Instance[] | undefined): void {
  const index = indexes.get(previous);
  if (index && next && next !== previous && next.length === previous.length && !indexes.has(next)) indexes.set(next, index);
}
