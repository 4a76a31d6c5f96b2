"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { instanceListOptions } from "@/features/instances/api/instances";

/** The instances an endpoint can be bound to, by name (read here so features/webhooks never imports instances). */
export function useInstanceChoices() {
  const list = useQuery(instanceListOptions());
  return useMemo(() => (list.data ?? []).map((i) => ({ id: i.id, name: i.name })).sort((a, b) => a.name.localeCompare(b.name)), [list.data]);
}
