"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type ColumnFiltersState, type OnChangeFn, type Row } from "@tanstack/react-table";
import { Inbox, Loader2, X } from "lucide-react";
import { useCallback, useMemo, useState } from "react";
import { WEBHOOK_EVENT_TYPES, type DeliveryStatus, type Webhook, type WebhookDelivery, type WebhookEventType } from "@/contract/webhooks";
import { DataTable } from "@/shared/components/data-table/data-table";
import { TableOrCards } from "@/shared/components/data-table/table-or-cards";
import { DataTableFacetedFilter } from "@/shared/components/data-table/data-table-faceted-filter";
import { useNow } from "@/shared/hooks/use-now";
import { useGatewaySocket } from "@/shared/lib/realtime/socket-provider";
import { cn } from "@/shared/lib/cn";
import { Button } from "@/shared/ui/button";
import { ALL_INSTANCES, InstanceSelect } from "@/shared/components/instance-select";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import type { DeliveryFilters } from "../../lib/delivery-cache";
import type { InstanceChoice } from "../../api/webhook-form-schema";
import { DELIVERY_PAGE_SIZE, deliveryListOptions, webhookListOptions } from "../../api/webhooks";
import { DELIVERY_STATUS_META, DELIVERY_STATUS_ORDER } from "../delivery-status";
import { deliveryColumns } from "./delivery-columns";
import { DeliveryCardList } from "./delivery-card-list";
import { DeliveryDrawer } from "./delivery-drawer";
import { shortUrl } from "./delivery-cells";
import { InlineLoadError, LoadErrorState, RefreshError } from "@/shared/components/feedback/load-error-state";

const STATUS_OPTIONS = DELIVERY_STATUS_ORDER.map((status) => ({ value: status, label: DELIVERY_STATUS_META[status].label, icon: DELIVERY_STATUS_META[status].icon }));
const EVENT_OPTIONS = WEBHOOK_EVENT_TYPES.map((type) => ({ value: type, label: type }));
const ANY = "__any__";

function valuesOf(filters: ColumnFiltersState, id: string): string[] {
  const value = filters.find((f) => f.id === id)?.value;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Column filters (URL or local state) → the gateway's filters; `fixed` ones (an instance's page) always apply. */
function toDeliveryFilters(columnFilters: ColumnFiltersState, fixed: { instanceId?: string; webhookId?: string } = {}): DeliveryFilters {
  const status = valuesOf(columnFilters, "status").filter((s): s is DeliveryStatus => (DELIVERY_STATUS_ORDER as string[]).includes(s));
  const event = valuesOf(columnFilters, "event").filter((e): e is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
  const webhookId = fixed.webhookId ?? valuesOf(columnFilters, "webhook")[0];
  const instanceId = fixed.instanceId ?? valuesOf(columnFilters, "instance")[0];
  return { ...(webhookId ? { webhookId } : {}), ...(instanceId ? { instanceId } : {}), status, event, limit: DELIVERY_PAGE_SIZE };
}

function SingleFilter({ label, value, options, onChange }: { label: string; value: string | undefined; options: Array<{ value: string; label: string }>; onChange: (value: string | undefined) => void }) {
  return (
    <Select value={value ?? ANY} onValueChange={(v) => onChange(v === ANY ? undefined : v)}>
      <SelectTrigger size="sm" className={cn("h-8 max-w-56 border-dashed", value && "border-solid")} aria-label={label}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={ANY}>Any {label.toLowerCase()}</SelectItem>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value}>
            <span className="truncate">{o.label}</span>
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/**
 * The live delivery log: the gateway filters and pages (newest first), socket events update rows and add new ones
 * in place. A row opens the drawer with the request, every attempt and replay.
 */
export function DeliveriesTable({
  columnFilters,
  onColumnFiltersChange,
  instances,
  fixedInstanceId,
}: {
  columnFilters: ColumnFiltersState;
  onColumnFiltersChange: OnChangeFn<ColumnFiltersState>;
  instances: readonly InstanceChoice[];
  /** On an instance's page: only its deliveries, and no instance filter or column. */
  fixedInstanceId?: string;
}) {
  const filters = toDeliveryFilters(columnFilters, { instanceId: fixedInstanceId });
  const list = useInfiniteQuery(deliveryListOptions(filters));
  const endpoints = useQuery(webhookListOptions());
  const { state: socketState } = useGatewaySocket();
  const now = useNow(5_000);
  const [openId, setOpenId] = useState<string | null>(null);
  const openRow = useCallback((row: Row<WebhookDelivery>) => setOpenId(row.original.id), []);

  const webhooks = useMemo(() => new Map<string, Webhook>((endpoints.data ?? []).map((w) => [w.id, w])), [endpoints.data]);
  const instanceNames = useMemo(() => Object.fromEntries(instances.map((i) => [i.id, i.name])), [instances]);
  const columns = useMemo(() => deliveryColumns({ now, webhooks, instanceNames, onOpen: setOpenId, showInstance: !fixedInstanceId }), [now, webhooks, instanceNames, fixedInstanceId]);
  const data = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const columnVisibility = useMemo(() => ({ instance: false }), []);

  // TanStack Table v8 is not React Compiler-safe; the compiler skips this component, which is what we want.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    getRowId: (row) => row.id,
    state: { columnFilters, columnVisibility },
    onColumnFiltersChange,
    manualFiltering: true,
    manualPagination: true,
    manualSorting: true,
    getCoreRowModel: getCoreRowModel(),
  });

  const setSingle = (id: string, value: string | undefined) =>
    onColumnFiltersChange((old) => [...old.filter((f) => f.id !== id), ...(value ? [{ id, value: [value] }] : [])]);
  const chooseInstance = useCallback(
    (value: string) => onColumnFiltersChange((old) => [...old.filter((f) => f.id !== "instance"), ...(value === ALL_INSTANCES ? [] : [{ id: "instance", value: [value] }])]),
    [onColumnFiltersChange],
  );
  const filtered = columnFilters.some((f) => f.id !== "instance" || !fixedInstanceId);
  const live = socketState === "connected";

  const empty = filtered ? (
    <div className="flex flex-col items-center gap-2 py-6">
      <p className="text-muted-foreground">No deliveries match these filters.</p>
      <Button variant="outline" size="sm" onClick={() => onColumnFiltersChange([])}>
        Clear filters
      </Button>
    </div>
  ) : (
    <div className="flex flex-col items-center gap-1 py-6 text-muted-foreground">
      <Inbox className="size-5" aria-hidden />
      <p>No deliveries yet. They appear here live as events are sent; try the test tool.</p>
    </div>
  );

  if (list.isError && !list.data) {
    return <LoadErrorState title="Could not load deliveries" error={list.error} onRetry={() => void list.refetch()} />;
  }

  return (
    <div className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Delivery filters">
        <DataTableFacetedFilter column={table.getColumn("status")} title="Status" options={STATUS_OPTIONS} />
        <DataTableFacetedFilter column={table.getColumn("event")} title="Event" options={EVENT_OPTIONS} />
        <SingleFilter label="Endpoint" value={filters.webhookId} options={[...webhooks.values()].map((w) => ({ value: w.id, label: shortUrl(w.url) }))} onChange={(v) => setSingle("webhook", v)} />
        {fixedInstanceId ? null : (
          <InstanceSelect
            instances={instances}
            value={filters.instanceId ?? ALL_INSTANCES}
            onValueChange={chooseInstance}
            allLabel="Any instance"
            size="sm"
            className={cn("h-8 max-w-56 border-dashed", filters.instanceId && "border-solid")}
            aria-label="Instance"
          />
        )}
        {filtered ? (
          <Button variant="ghost" size="sm" className="h-8 px-2 lg:px-3" onClick={() => onColumnFiltersChange([])}>
            Reset <X aria-hidden />
          </Button>
        ) : null}
        <span className="ml-auto flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="deliveries-live" data-live={live}>
          <span className={cn("size-2 rounded-full", live ? "bg-success motion-safe:animate-pulse" : "bg-muted-foreground")} aria-hidden />
          {live ? "Live" : "Paused: reconnecting"}
        </span>
      </div>

      {list.isFetchNextPageError ? null : <RefreshError what="deliveries" query={list} />}
      <TableOrCards
        table={<DataTable table={table} isLoading={list.isPending} aria-label="Deliveries" empty={empty} onRowOpen={openRow} />}
        cards={<DeliveryCardList deliveries={data} isLoading={list.isPending} empty={empty} now={now} webhooks={webhooks} onOpen={setOpenId} />}
      />

      {list.hasNextPage ? (
        <div className="flex flex-col items-center gap-2">
          {list.isFetchNextPageError ? <InlineLoadError what="Could not load older deliveries" error={list.error} /> : null}
          <Button variant="outline" size="sm" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
            Load older deliveries
          </Button>
        </div>
      ) : null}

      <DeliveryDrawer deliveryId={openId} onOpenChange={(open) => !open && setOpenId(null)} onSelect={setOpenId} webhooks={webhooks} />
    </div>
  );
}
