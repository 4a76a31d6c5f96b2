import type { ColumnDef, Row } from "@tanstack/react-table";
import { Checkbox } from "@/shared/ui/checkbox";

export type SelectionColumnOptions<T> = {
  /** Names the row for screen readers, e.g. `(row) => \`Select ${row.original.name}\``; defaults to "Select row". */
  getRowLabel?: (row: Row<T>) => string;
};

/** A leading checkbox column; the header toggles only the rows on the current page, as the pagination shows them. */
export function selectionColumn<T>({ getRowLabel }: SelectionColumnOptions<T> = {}): ColumnDef<T> {
  return {
    id: "select",
    enableSorting: false,
    enableHiding: false,
    enableColumnFilter: false,
    enableGlobalFilter: false,
    size: 40,
    meta: { className: "w-10" },
    header: ({ table }) => (
      <Checkbox
        aria-label="Select all rows on this page"
        checked={table.getIsAllPageRowsSelected() ? true : table.getIsSomePageRowsSelected() ? "indeterminate" : false}
        onCheckedChange={(checked) => table.toggleAllPageRowsSelected(checked === true)}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        aria-label={getRowLabel?.(row) ?? "Select row"}
        checked={row.getIsSelected()}
        disabled={!row.getCanSelect()}
        onCheckedChange={(checked) => row.toggleSelected(checked === true)}
      />
    ),
  };
}
