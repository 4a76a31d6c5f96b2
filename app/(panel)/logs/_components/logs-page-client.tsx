"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { instanceListOptions } from "@/features/instances/api/instances";
import { LogsWorkspace } from "@/features/logs/components/logs-workspace";

/** The logs feature knows instances only by id: the app layer hands it their names for filters and rows. */
export function LogsPageClient() {
  const list = useQuery(instanceListOptions());
  const instances = useMemo(
    () => (list.data ?? []).map((i) => ({ id: i.id, name: i.name })).sort((a, b) => a.name.localeCompare(b.name)),
    [list.data],
  );
  return <LogsWorkspace instances={instances} />;
}
