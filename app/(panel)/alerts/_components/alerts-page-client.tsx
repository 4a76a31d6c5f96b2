"use client";

import { AlertsScreen } from "@/features/alerts/components/alerts-screen";
import { useInstanceChoices } from "@/features/instances/components/use-instance-choices";

/** Composes the alerts feature with the instances a rule can be limited to. */
export function AlertsPageClient() {
  return <AlertsScreen instances={useInstanceChoices()} />;
}
