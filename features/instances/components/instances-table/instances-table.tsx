"use client";

import { useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type RowSelectionState } from "@tanstack/react-table";
import { LogOut, Plug, RefreshCw, Smartphone, Trash2 } from "lucide-react";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import type { Instance } from "@/contract/instances";
import { DataTable } from "@/shared/components/data-table/data-table";
import { TableOrCards } from "@/shared/components/data-table/table-or-cards";
import { DataTableFacetedFilter } from "@/shared/components/data-table/data-table-faceted-filter";
import { DataTablePagination } from "@/shared/components/data-table/data-table-pagination";
import { DataTableToolbar } from "@/shared/components/data-table/data-table-toolbar";
import { DataTableViewOptions } from "@/shared/components/data-table/data-table-view-options";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { LoadErrorState, RefreshError } from "@/shared/components/feedback/load-error-state";
import { useUrlTableState } from "@/shared/hooks/use-url-table-state";
import { Button } from "@/shared/ui/button";
import { instanceListOptions } from "../../api/instances";
import { STATUS_ORDER } from "../../lib/instance-status";
import { deriveInstanceTable } from "../../lib/instance-table-view";
import { CreateInstanceDialog } from "../create-instance-dialog";
import type { CreateSetupFields } from "../create-instance-form";
import { STATUS_META } from "../instance-status-meta";
import { BulkActionDialog, type BulkAction } from "./bulk-action-dialog";
import { instanceColumns } from "./columns";
import { InstanceCardList } from "./instance-card-list";
import { InstanceRowActionsProvider } from "./instance-row-actions";

const COLUMN_IDS = ["name", "status", "number", "pushName", "node", "lastChange"];
const STATUS_OPTIONS = STATUS_ORDER.map((status) => ({ value: status, label: STATUS_META[status].label, icon: STATUS_META[status].icon }));

/** Debounced so typing does not rewrite the URL (and re-render the page) on every keystroke. */
function useDebouncedSearch(search: string, setSearch: (value: string) => void) {
  const [draft, setDraft] = useState(search);
  const [seen, setSeen] = useState(search);
  // The URL changed from elsewhere (reset, back button): show that instead of the draft.
  if (search !== seen) {
    setSeen(search);
    setDraft(search);
  }
  useEffect(() => {
    if (draft === search) return;
    const timer = setTimeout(() => setSearch(draft), 250);
    return () => clearTimeout(timer);
  }, [draft, search, setSearch]);
  return [draft, setDraft] as const;
}

const sameRow = (a: Instance, b: Instance) => a.id === b.id && a.name === b.name && a.number === b.number && a.pushName === b.pushName && a.node === b.node;

/**
 * The page as it was while it shows the same instances in the same order with the same names, numbers and nodes: a live
 * status change then leaves the table's rows alone (their status and time cells read the instance's own live entry)
 * and repaints only the cells of the instance that changed.
 */
function useSteadyPage(page: Instance[]): Instance[] {
  const [kept, setKept] = useState(page);
  const same = kept.length === page.length && kept.every((instance, n) => sameRow(instance, page[n]!));
  if (!same) setKept(page);
  return same ? kept : page;
}

const NO_INSTANCES: Instance[] = [];

/**
 * `clusterMode`: the gateway runs several nodes (the app layer knows), so each row says which one runs it.
 * `bulkActionsSlot`: other features' bulk actions over the selection (a button and its dialog each), composed in by
 * the app layer; `clearSelection` ends a finished run as the instances' own bulk actions do.
 * `createSetupFields`: the template and proxy choices the empty state's New instance form offers (as on the page).
 */
export function InstancesTable({
  clusterMode = false,
  bulkActionsSlot,
  createSetupFields,
}: {
  clusterMode?: boolean;
  bulkActionsSlot?: (selected: Instance[], clearSelection: () => void) => ReactNode;
  createSetupFields?: CreateSetupFields;
}) {
  // The one place the list's order, filters and facet counts are recomputed: at most once per animation frame, when
  // live events have changed the list (the socket bridge sends the cache's notifications once per frame).
  const list = useQuery(instanceListOptions());
  const url = useUrlTableState({ defaultSorting: [{ id: "name", desc: false }], defaultPageSize: 50, columnIds: COLUMN_IDS });
  const [draft, setDraft] = useDebouncedSearch(url.search, url.setSearch);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const columns = useMemo(() => instanceColumns({ clusterMode }), [clusterMode]);
  const data = list.data ?? NO_INSTANCES;
  const { sorting, columnFilters, search, pagination } = url;
  const view = useMemo(() => deriveInstanceTable(data, { sorting, columnFilters, search, pagination }), [data, sorting, columnFilters, search, pagination]);
  const page = useSteadyPage(view.page);

  // The table holds only the page (sorting, filtering and paging are done by deriveInstanceTable); it still owns the
  // header sort toggles, the filter values and the selection, all of which write the URL state or rowSelection.
  // TanStack Table v8 is not React Compiler-safe; the compiler skips this component, which is what we want.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: page,
    columns,
    getRowId: (row) => row.id,
    state: { sorting, columnFilters, globalFilter: search, pagination: view.pageIndex === pagination.pageIndex ? pagination : { ...pagination, pageIndex: view.pageIndex }, rowSelection },
    onSortingChange: url.setSorting,
    onColumnFiltersChange: url.setColumnFilters,
    onGlobalFilterChange: (value: unknown) => url.setSearch(typeof value === "string" ? value : ""),
    onPaginationChange: url.setPagination,
    onRowSelectionChange: setRowSelection,
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    rowCount: view.rows.length,
    autoResetPageIndex: false,
    enableRowSelection: true,
    getCoreRowModel: getCoreRowModel(),
  });

  // Selection is kept by id across pages and filters: bulk actions act on every selected instance, in list order.
  const selected = useMemo(() => (Object.values(rowSelection).some(Boolean) ? data.filter((instance) => rowSelection[instance.id]) : NO_INSTANCES), [data, rowSelection]);
  const selectedShown = useMemo(() => (selected.length === 0 ? 0 : view.rows.filter((instance) => rowSelection[instance.id]).length), [selected, view.rows, rowSelection]);
  const filtered = url.columnFilters.length > 0 || url.search !== "";

  if (list.isError && !list.data) {
    return <LoadErrorState title="Could not load instances" error={list.error} onRetry={() => void list.refetch()} />;
  }
  // Rendered whatever the list shows, in the same place (a fragment's second child) so it keeps its state: a bulk
  // Delete can empty the list, and its results stay until Done.
  const bulkDialog = (
    <BulkActionDialog
      action={bulk}
      instances={selected}
      onClose={(finished) => {
        setBulk(null);
        if (finished) setRowSelection({});
      }}
    />
  );
  if (list.isSuccess && data.length === 0) {
    return (
      <>
        <EmptyState
          icon={Smartphone}
          title="No instances yet"
          description="An instance links one WhatsApp number. Create one and scan its QR code with the phone."
          action={<CreateInstanceDialog setupFields={createSetupFields} />}
        />
        {bulkDialog}
      </>
    );
  }

  const empty = filtered ? (
    <div className="flex flex-col items-center gap-2 py-6">
      <p className="text-muted-foreground">No instances match these filters.</p>
      <Button variant="outline" size="sm" onClick={() => { url.setColumnFilters([]); url.setSearch(""); }}>
        Clear filters
      </Button>
    </div>
  ) : undefined;

  return (
    <>
      <div className="flex flex-col gap-3">
        <RefreshError what="instances" query={list} />
        <DataTableToolbar
          value={draft}
          onChange={setDraft}
          placeholder="Search name or number…"
          aria-label="Search instances by name or number"
          isFiltered={filtered}
          onReset={() => {
            setDraft("");
            url.setColumnFilters([]);
            url.setSearch("");
          }}
          actions={<DataTableViewOptions table={table} />}
        >
          <DataTableFacetedFilter column={table.getColumn("status")} title="Status" options={STATUS_OPTIONS} counts={view.statusCounts} />
        </DataTableToolbar>

        {selected.length > 0 ? (
          <div className="flex flex-wrap items-center gap-2 rounded-lg border bg-muted/50 px-3 py-2" role="region" aria-label="Bulk actions">
            <span className="text-sm font-medium">{selected.length} selected</span>
            <div className="ml-auto flex flex-wrap gap-2">
              <Button size="sm" variant="outline" onClick={() => setBulk("connect")}>
                <Plug className="size-4" aria-hidden /> Reconnect
              </Button>
              <Button size="sm" variant="outline" onClick={() => setBulk("restart")}>
                <RefreshCw className="size-4" aria-hidden /> Restart
              </Button>
              <Button size="sm" variant="outline" onClick={() => setBulk("logout")}>
                <LogOut className="size-4" aria-hidden /> Log out
              </Button>
              {bulkActionsSlot?.(selected, () => setRowSelection({}))}
              <Button size="sm" variant="destructive" onClick={() => setBulk("delete")}>
                <Trash2 className="size-4" aria-hidden /> Delete
              </Button>
            </div>
          </div>
        ) : null}

        <InstanceRowActionsProvider>
          <TableOrCards
            table={<DataTable table={table} isLoading={list.isPending} aria-label="Instances" empty={empty} />}
            cards={<InstanceCardList rows={table.getRowModel().rows} isLoading={list.isPending} empty={empty} showNode={clusterMode} />}
          />
        </InstanceRowActionsProvider>
        <DataTablePagination table={table} selectedCount={selectedShown} />

      </div>
      {bulkDialog}
    </>
  );
}
