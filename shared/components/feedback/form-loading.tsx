import { Loader2 } from "lucide-react";

/** Shown in a dialog for the moment its form's code is still loading. */
export function FormLoading() {
  return (
    <div role="status" className="flex min-h-32 items-center justify-center gap-2 text-sm text-muted-foreground">
      <Loader2 className="size-4 animate-spin" aria-hidden /> Loading form…
    </div>
  );
}
