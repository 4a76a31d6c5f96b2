"use client";

import { useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { Webhook as WebhookIcon } from "lucide-react";
import { useMemo } from "react";
import { DataTable } from "@/shared/components/data-table/data-table";
import { TableOrCards } from "@/shared/components/data-table/table-or-cards";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { useNow } from "@/shared/hooks/use-now";
import type { InstanceChoice } from "../../api/webhook-form-schema";
import { webhookListOptions } from "../../api/webhooks";
import { CreateWebhookButton } from "../create-webhook-button";
import { WebhookCardList } from "./webhook-card-list";
import { WEBHOOK_COLUMNS, WebhookColumnsProvider } from "./webhook-columns";
import { WebhookRowDialogs } from "./webhook-row-actions";
import { LoadErrorState, RefreshError } from "@/shared/components/feedback/load-error-state";

/** Every endpoint (or those that receive one instance's events) with health, a switch and its actions. */
export function WebhooksTable({
  instances,
  instanceId,
  onShowDeliveries,
}: {
  instances: readonly InstanceChoice[];
  instanceId?: string;
  onShowDeliveries?: (webhookId: string) => void;
}) {
  const list = useQuery(webhookListOptions({ instanceId }));
  const now = useNow(30_000);
  const instanceNames = useMemo(() => Object.fromEntries(instances.map((i) => [i.id, i.name])), [instances]);
  const context = useMemo(() => ({ now, instances, instanceNames, onShowDeliveries }), [now, instances, instanceNames, onShowDeliveries]);
  const data = useMemo(() => list.data ?? [], [list.data]);

  // TanStack Table v8 is not React Compiler-safe; the compiler skips this component, which is what we want.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns: WEBHOOK_COLUMNS, getRowId: (row) => row.id, getCoreRowModel: getCoreRowModel() });

  if (list.isError && !list.data) {
    return <LoadErrorState title="Could not load the endpoints" error={list.error} onRetry={() => void list.refetch()} />;
  }
  if (list.isSuccess && data.length === 0) {
    return (
      <EmptyState
        icon={WebhookIcon}
        title={instanceId ? "No endpoint receives this instance's events" : "No webhook endpoints yet"}
        description="An endpoint is a URL of yours that receives signed events (messages, statuses, QR codes…) as they happen, retried until it answers 2xx."
        action={<CreateWebhookButton instances={instances} defaultInstanceId={instanceId} />}
      />
    );
  }
  return (
    <WebhookColumnsProvider value={context}>
      <WebhookRowDialogs webhooks={data} instances={instances}>
        <RefreshError what="endpoints" query={list} />
        <TableOrCards
          table={<DataTable table={table} isLoading={list.isPending} aria-label="Endpoints" />}
          cards={<WebhookCardList webhooks={data} isLoading={list.isPending} context={context} />}
        />
      </WebhookRowDialogs>
    </WebhookColumnsProvider>
  );
}
