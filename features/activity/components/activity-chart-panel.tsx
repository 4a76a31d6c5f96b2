"use client";

import { useState, type ComponentProps, type ReactNode } from "react";
import { ChartContainer, type ChartConfig } from "@/shared/ui/chart";
import { TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/shared/ui/table";
import { CHART_HEIGHT } from "./activity-card-frame";

export type DataColumn<Row> = { label: string; value: (row: Row) => ReactNode };

/**
 * One chart with its heading, its summary as the accessible name (the drawing itself is an image), and the numbers
 * behind it as a table on demand, for keyboards and screen readers.
 */
export function ActivityChartPanel<Row>({
  title,
  summary,
  config,
  rows,
  columns,
  empty,
  children,
}: {
  title: string;
  summary: string;
  config: ChartConfig;
  rows: Row[];
  columns: DataColumn<Row>[];
  /** Shown instead of the drawing when the chart has nothing to draw (no webhook attempts, say). */
  empty?: string;
  children: ComponentProps<typeof ChartContainer>["children"];
}) {
  return (
    <section className="flex min-w-0 flex-col gap-3">
      <h3 className="text-sm font-medium">{title}</h3>
      {empty ? (
        <p role="img" aria-label={summary} className={`${CHART_HEIGHT} flex items-center justify-center rounded-lg border border-dashed text-sm text-muted-foreground`}>
          {empty}
        </p>
      ) : (
        <ChartContainer config={config} className={`${CHART_HEIGHT} aspect-auto w-full`} role="img" aria-label={summary}>
          {children}
        </ChartContainer>
      )}
      <DataTableDetails title={title} rows={rows} columns={columns} />
    </section>
  );
}

/** The chart's numbers, rendered only once opened (a day is 288 rows). */
function DataTableDetails<Row>({ title, rows, columns }: { title: string; rows: Row[]; columns: DataColumn<Row>[] }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)} className="text-xs">
      <summary className="w-fit cursor-pointer rounded-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring">Show as a table</summary>
      {open ? (
        <div className="mt-2 max-h-64 overflow-auto rounded-md border" tabIndex={0} role="region" aria-label={`${title}, as a table`}>
          <table className="w-full text-xs tabular-nums">
            <TableHeader className="sticky top-0 bg-card">
              <TableRow>
                {columns.map((column) => (
                  <TableHead key={column.label} scope="col" className="h-8 text-xs">
                    {column.label}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row, index) => (
                <TableRow key={index}>
                  {columns.map((column) => (
                    <TableCell key={column.label} className="py-1">
                      {column.value(row)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </table>
        </div>
      ) : null}
    </details>
  );
}
