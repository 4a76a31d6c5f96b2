"use client";

import { useInstanceChoices } from "@/features/instances/components/use-instance-choices";
import { LogsWorkspace } from "@/features/logs/components/logs-workspace";

/** The logs feature knows instances only by id: the app layer hands it their names for filters and rows. */
export function LogsPageClient() {
  return <LogsWorkspace instances={useInstanceChoices()} />;
}
