"use client";

import { CheckCircle2, CircleSlash, Loader2, XCircle } from "lucide-react";

// The look of every bulk run over selected instances (restart, log out, assign a proxy, apply a template): a
// progress bar with a count, then one line per row with how it went.

export type BulkRowState = "pending" | "running" | "ok" | "failed" | "skipped";
export type BulkRow = { id: string; name: string; state: BulkRowState; message?: string };

/** Counts of a run: finished (ok, failed or skipped), failed, skipped. */
function bulkCounts(rows: readonly Pick<BulkRow, "state">[]) {
  let finished = 0;
  let failed = 0;
  let skipped = 0;
  for (const { state } of rows) {
    if (state === "ok" || state === "failed" || state === "skipped") finished++;
    if (state === "failed") failed++;
    if (state === "skipped") skipped++;
  }
  return { finished, failed, skipped };
}

function RowIcon({ state }: { state: BulkRowState }) {
  if (state === "ok") return <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-label="Done" />;
  if (state === "failed") return <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="Failed" />;
  if (state === "skipped") return <CircleSlash className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-label="Skipped" />;
  return <Loader2 className={state === "running" ? "mt-0.5 size-4 shrink-0 animate-spin" : "mt-0.5 size-4 shrink-0 opacity-30"} aria-label={state === "running" ? "Running" : "Waiting"} />;
}

/** The progress bar, "n of m done, f failed, s skipped", and every row's result. */
export function BulkResults({ label, rows }: { label: string; rows: readonly BulkRow[] }) {
  const { finished, failed, skipped } = bulkCounts(rows);
  return (
    <div className="flex flex-col gap-3">
      <div className="h-2 w-full overflow-hidden rounded-full bg-muted" role="progressbar" aria-label={`${label} progress`} aria-valuemin={0} aria-valuemax={rows.length} aria-valuenow={finished}>
        <div className="h-full bg-primary transition-all" style={{ width: `${(finished / Math.max(1, rows.length)) * 100}%` }} />
      </div>
      <p className="text-sm" aria-live="polite" data-testid="bulk-progress">
        {finished} of {rows.length} done{failed ? `, ${failed} failed` : ""}
        {skipped ? `, ${skipped} skipped` : ""}
      </p>
      <ul className="max-h-64 overflow-auto rounded-md border text-sm" data-testid="bulk-results">
        {rows.map((row) => (
          <li key={row.id} className="flex items-start gap-2 border-b px-3 py-2 last:border-b-0" data-result={row.state}>
            <RowIcon state={row.state} />
            <span className="min-w-0 flex-1">
              <span className="font-medium break-words">{row.name}</span>
              {row.message ? <span className={row.state === "failed" ? "block break-words text-destructive" : "block break-words text-muted-foreground"}>{row.message}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Before a run: the first names of the selection. */
export function BulkSelectionPreview({ names }: { names: readonly string[] }) {
  return (
    <ul className="max-h-40 overflow-auto text-sm break-words text-muted-foreground">
      {names.slice(0, 20).map((name, i) => (
        <li key={i}>{name}</li>
      ))}
      {names.length > 20 ? <li>…and {names.length - 20} more</li> : null}
    </ul>
  );
}
