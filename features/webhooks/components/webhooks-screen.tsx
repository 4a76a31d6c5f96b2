"use client";

import { X } from "lucide-react";
import { useCallback } from "react";
import { PageHeader } from "@/shared/components/layout/page-header";
import { useUrlTableState } from "@/shared/hooks/use-url-table-state";
import { Button } from "@/shared/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import type { InstanceChoice } from "../api/webhook-form-schema";
import { CreateWebhookButton } from "./create-webhook-button";
import { DeliveriesTable } from "./deliveries/deliveries-table";
import { WebhooksTable } from "./endpoints/webhooks-table";

const FILTER_COLUMNS = ["status", "event", "webhook", "instance"];

/**
 * The webhooks page: endpoints with health, then the live delivery log. `?filter.instance=<id>` (the link from an
 * instance's page) narrows both to that instance.
 */
export function WebhooksScreen({ instances }: { instances: readonly InstanceChoice[] }) {
  const url = useUrlTableState({ columnIds: FILTER_COLUMNS });
  const { setColumnFilters } = url;
  const instanceFilter = url.columnFilters.find((f) => f.id === "instance")?.value;
  const instanceId = Array.isArray(instanceFilter) && typeof instanceFilter[0] === "string" ? instanceFilter[0] : undefined;
  const instanceName = instanceId ? (instances.find((i) => i.id === instanceId)?.name ?? instanceId) : undefined;

  const showDeliveries = useCallback(
    (webhookId: string) => {
      setColumnFilters((old) => [...old.filter((f) => f.id !== "webhook"), { id: "webhook", value: [webhookId] }]);
      document.getElementById("deliveries")?.scrollIntoView({ behavior: "smooth", block: "start" });
    },
    [setColumnFilters],
  );

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Signed, retried delivery of events to your endpoints, with a test tool and a live delivery log."
        actions={<CreateWebhookButton instances={instances} defaultInstanceId={instanceId} />}
      />
      <div className="flex flex-col gap-6">
        {instanceId ? (
          <div className="flex flex-wrap items-center gap-2 rounded-lg border bg-muted/50 px-3 py-2 text-sm" role="status">
            Showing what instance <span className="font-medium">{instanceName}</span> sends: its own endpoints, global ones, and its deliveries.
            <Button variant="ghost" size="sm" className="ml-auto h-7" onClick={() => setColumnFilters((old) => old.filter((f) => f.id !== "instance"))}>
              Show all <X aria-hidden />
            </Button>
          </div>
        ) : null}
        <Card className="gap-4">
          <CardHeader>
            <CardTitle>
              <h2>Endpoints</h2>
            </CardTitle>
            <CardDescription>Where events go. Disabled endpoints hold their deliveries; endpoints failing for days are disabled by the gateway.</CardDescription>
          </CardHeader>
          <CardContent>
            <WebhooksTable instances={instances} instanceId={instanceId} onShowDeliveries={showDeliveries} />
          </CardContent>
        </Card>
        <Card className="scroll-mt-20 gap-4" id="deliveries">
          <CardHeader>
            <CardTitle>
              <h2>Deliveries</h2>
            </CardTitle>
            <CardDescription>Every event sent to every endpoint, newest first, with each attempt. Open one to see the request and replay it.</CardDescription>
          </CardHeader>
          <CardContent>
            <DeliveriesTable columnFilters={url.columnFilters} onColumnFiltersChange={url.setColumnFilters} instances={instances} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
