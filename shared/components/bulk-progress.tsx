import { CheckCircle2, CircleSlash, Loader2, XCircle } from "lucide-react";

export type BulkRowState = "pending" | "running" | "ok" | "failed" | "skipped";
/** One item of a bulk run: its name, where it is, and what happened (or why it was skipped). */
export type BulkRow = { id: string; name: string; state: BulkRowState; message?: string };

function RowIcon({ state }: { state: BulkRowState }) {
  if (state === "ok") return <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-label="Done" />;
  if (state === "failed") return <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="Failed" />;
  if (state === "skipped") return <CircleSlash className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-label="Skipped" />;
  return <Loader2 className={state === "running" ? "mt-0.5 size-4 shrink-0 animate-spin" : "mt-0.5 size-4 shrink-0 opacity-30"} aria-label={state === "running" ? "Running" : "Waiting"} />;
}

/** A bulk run's progress (bar and count) and its per-row results, as every bulk action in the panel shows them. */
export function BulkProgress({ label, rows }: { label: string; rows: readonly BulkRow[] }) {
  const finished = rows.filter((r) => r.state === "ok" || r.state === "failed" || r.state === "skipped").length;
  const failed = rows.filter((r) => r.state === "failed").length;
  const skipped = rows.filter((r) => r.state === "skipped").length;
  return (
    <div className="flex min-w-0 flex-col gap-3">
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
