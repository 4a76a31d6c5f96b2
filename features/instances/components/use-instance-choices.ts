"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Instance } from "@/contract/instances";
import { instanceListOptions } from "../api/instances";

type InstanceChoice = { id: string; name: string };

const byName = new Intl.Collator().compare;
const NONE: Instance[] = [];

function toChoices(list: readonly Instance[]): InstanceChoice[] {
  return list.map(({ id, name }) => ({ id, name })).sort((a, b) => byName(a.name, b.name));
}

/**
 * Every instance as `{id, name}`, by name: what other features offer in filters, scopes and bindings (the app layer
 * hands it to them; features never import each other). Re-sorted only when an instance is added, removed or
 * renamed, not on every live status change.
 */
export function useInstanceChoices(): InstanceChoice[] {
  const list = useQuery(instanceListOptions()).data ?? NONE;
  const [seen, setSeen] = useState(() => ({ list, choices: toChoices(list) }));
  if (seen.list !== list && !(seen.list.length === list.length && seen.list.every((instance, n) => instance.id === list[n]!.id && instance.name === list[n]!.name))) {
    setSeen({ list, choices: toChoices(list) });
  }
  return seen.choices;
}
