"use client";

import { WebhooksScreen } from "@/features/webhooks/components/webhooks-screen";
import { useInstanceChoices } from "@/features/instances/components/use-instance-choices";

/** Composes the webhooks feature with the instances it can scope endpoints to. */
export function WebhooksPageClient() {
  return <WebhooksScreen instances={useInstanceChoices()} />;
}
