"use client";

import type { Table } from "@tanstack/react-table";
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight, type LucideIcon } from "lucide-react";
import { useId } from "react";
import { PAGE_SIZE_OPTIONS } from "@/shared/hooks/use-url-table-state";
import { cn } from "@/shared/lib/cn";
import { Button } from "@/shared/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";

export type DataTablePaginationProps<TData> = {
  table: Table<TData>;
  pageSizes?: readonly number[];
  /** Selected rows among the filtered ones, when the table holds only the current page (manual pagination). */
  selectedCount?: number;
  className?: string;
};

/** aria-disabled instead of disabled: a button that disables itself (Next on the last page) keeps keyboard focus. */
function PageButton({ label, icon: Icon, enabled, onClick }: { label: string; icon: LucideIcon; enabled: boolean; onClick: () => void }) {
  return (
    <Button
      type="button"
      variant="outline"
      size="icon-sm"
      aria-label={label}
      aria-disabled={!enabled || undefined}
      className="aria-disabled:cursor-not-allowed aria-disabled:opacity-50 aria-disabled:hover:bg-background dark:aria-disabled:hover:bg-input/30"
      onClick={enabled ? onClick : undefined}
    >
      <Icon aria-hidden />
    </Button>
  );
}

export function DataTablePagination<TData>({ table, pageSizes = PAGE_SIZE_OPTIONS, selectedCount, className }: DataTablePaginationProps<TData>) {
  const labelId = useId();
  const { pageIndex, pageSize } = table.getState().pagination;
  const pageCount = Math.max(1, table.getPageCount());
  const sizes = pageSizes.includes(pageSize) ? pageSizes : [...pageSizes, pageSize].sort((a, b) => a - b);
  const canPrevious = table.getCanPreviousPage();
  const canNext = table.getCanNextPage();

  return (
    <div className={cn("flex flex-col-reverse gap-3 px-2 sm:flex-row sm:items-center sm:justify-between", className)}>
      <p className="flex-1 text-sm text-muted-foreground">
        {selectedCount ?? table.getFilteredSelectedRowModel().rows.length} of {table.getRowCount()} row(s) selected.
      </p>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2 lg:gap-x-8">
        <div className="flex items-center gap-2">
          <p id={labelId} className="text-sm font-medium">
            Rows per page
          </p>
          <Select value={String(pageSize)} onValueChange={(value) => table.setPageSize(Number(value))}>
            <SelectTrigger size="sm" className="w-[76px]" aria-labelledby={labelId}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent side="top">
              {sizes.map((size) => (
                <SelectItem key={size} value={String(size)}>
                  {size}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <p className="text-sm font-medium whitespace-nowrap">
          Page {pageIndex + 1} of {pageCount}
        </p>
        <div className="flex items-center gap-2">
          <PageButton label="Go to first page" icon={ChevronsLeft} enabled={canPrevious} onClick={() => table.firstPage()} />
          <PageButton label="Go to previous page" icon={ChevronLeft} enabled={canPrevious} onClick={() => table.previousPage()} />
          <PageButton label="Go to next page" icon={ChevronRight} enabled={canNext} onClick={() => table.nextPage()} />
          <PageButton label="Go to last page" icon={ChevronsRight} enabled={canNext} onClick={() => table.lastPage()} />
        </div>
      </div>
    </div>
  );
}
