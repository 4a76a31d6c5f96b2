import { flexRender, type Header, type Row, type RowData, type Table as TanStackTable } from "@tanstack/react-table";
import { memo, type MouseEvent, type ReactNode } from "react";
import { cn } from "@/shared/lib/cn";
import { Skeleton } from "@/shared/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/shared/ui/table";

declare module "@tanstack/react-table" {
  // Column metadata the kit reads: a human label (view options) and classes for the column's th and td.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's declaration to merge.
  interface ColumnMeta<TData extends RowData, TValue> {
    label?: string;
    className?: string;
  }
}

const LOADING_ROWS = 8;

/** Only sorted columns carry aria-sort, as in the WAI-ARIA sortable-table pattern. */
function ariaSort<TData>(header: Header<TData, unknown>) {
  const sorted = header.column.getIsSorted();
  return sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined;
}

function LoadingRows({ columns }: { columns: number }) {
  return Array.from({ length: LOADING_ROWS }, (_, row) => (
    <TableRow key={row} aria-hidden className="hover:bg-transparent">
      {Array.from({ length: columns }, (_, cell) => (
        <TableCell key={cell}>
          <Skeleton className="h-4 w-full max-w-40" />
        </TableCell>
      ))}
    </TableRow>
  ));
}

type DataTableRowProps<TData> = {
  row: Row<TData>;
  selected: boolean;
  onOpen?: (row: Row<TData>) => void;
  /** The column definitions and which of them show: a change to either re-renders every row. */
  columns: unknown;
  visibleColumns: string;
};

/**
 * A click anywhere on an openable row opens it, as the row's own open control does (that control is how the keyboard
 * opens it). Clicks on a control inside the row, or that end a text selection, are left alone.
 */
function openOnClick<TData>(row: Row<TData>, onOpen: (row: Row<TData>) => void) {
  return (event: MouseEvent<HTMLTableRowElement>) => {
    if ((event.target as Element).closest("a, button, input, label, [role='checkbox'], [role='switch']")) return;
    if (window.getSelection()?.toString()) return;
    onOpen(row);
  };
}

function DataTableRowView<TData>({ row, selected, onOpen }: DataTableRowProps<TData>) {
  return (
    <TableRow data-state={selected ? "selected" : undefined} onClick={onOpen ? openOnClick(row, onOpen) : undefined} className={onOpen ? "cursor-pointer" : undefined}>
      {row.getVisibleCells().map((cell) => (
        <TableCell key={cell.id} className={cell.column.columnDef.meta?.className}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </TableCell>
      ))}
    </TableRow>
  );
}

/**
 * A row re-renders only when its data item (by identity), its selection or the columns change, so a table whose
 * data is updated in place (live events) repaints the changed rows, not the page. Cells must therefore render from
 * `row.original`, the column definitions and the selection; anything else they show comes through their own hooks.
 */
const DataTableRow = memo(
  DataTableRowView,
  (a, b) => a.row.original === b.row.original && a.selected === b.selected && a.onOpen === b.onOpen && a.columns === b.columns && a.visibleColumns === b.visibleColumns,
) as typeof DataTableRowView;

export type DataTableProps<TData> = {
  table: TanStackTable<TData>;
  /** Shown in one full-width cell when there are no rows. */
  empty?: ReactNode;
  isLoading?: boolean;
  /**
   * Makes a whole row a click target that opens it (a detail sheet). A cell must still hold a focusable control that
   * does the same, for the keyboard. Pass a stable function: rows re-render when it changes.
   */
  onRowOpen?: (row: Row<TData>) => void;
  "aria-label"?: string;
  className?: string;
};

/** Renders a TanStack table instance; every action lives in a focusable cell control (a row click only repeats one). */
export function DataTable<TData>({
  table,
  empty = <span className="text-muted-foreground">No results.</span>,
  isLoading = false,
  onRowOpen,
  "aria-label": ariaLabel,
  className,
}: DataTableProps<TData>) {
  const columnCount = Math.max(1, table.getVisibleLeafColumns().length);
  const rows = table.getRowModel().rows;
  const columns = table.options.columns;
  const visibleColumns = table
    .getVisibleLeafColumns()
    .map((column) => column.id)
    .join(",");

  return (
    <div className={cn("overflow-hidden rounded-md border", className)}>
      <Table aria-label={ariaLabel} aria-busy={isLoading || undefined}>
        <TableHeader>
          {table.getHeaderGroups().map((headerGroup) => (
            <TableRow key={headerGroup.id} className="hover:bg-transparent">
              {headerGroup.headers.map((header) => (
                <TableHead key={header.id} colSpan={header.colSpan} aria-sort={ariaSort(header)} className={header.column.columnDef.meta?.className}>
                  {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                </TableHead>
              ))}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {isLoading ? (
            <LoadingRows columns={columnCount} />
          ) : rows.length > 0 ? (
            rows.map((row) => <DataTableRow key={row.id} row={row} selected={row.getIsSelected()} onOpen={onRowOpen} columns={columns} visibleColumns={visibleColumns} />)
          ) : (
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={columnCount} className="h-24 text-center whitespace-normal">
                {empty}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <p role="status" className="sr-only">
        {isLoading ? "Loading…" : null}
      </p>
    </div>
  );
}
