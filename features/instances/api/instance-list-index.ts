import type { Instance } from "@/contract/instances";

const indexes = new WeakMap<readonly Instance[], ReadonlyMap<string, number>>();

/** id → position in one version of the cached list; built once per list version and shared by every reader. */
export function instanceIndexOf(list: readonly Instance[]): ReadonlyMap<string, number> {
  let index = indexes.get(list);
  if (!index) {
    index = new Map(list.map((instance, n) => [instance.id, n]));
    indexes.set(list, index);
  }
  return index;
}

export function findInstance(list: readonly Instance[], id: string): Instance | undefined {
  const n = instanceIndexOf(list).get(id);
  return n === undefined ? undefined : list[n];
}
