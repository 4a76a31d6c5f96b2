import { TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { CopyButton } from "@/shared/components/copy-button";

/**
 * A credential the gateway shows once (an API key, a signing secret): the value with its copy button, and the warning
 * that it will not be shown again, with what to do if it is lost (`children`).
 */
export function ShownOnceSecret({ value, testId, copyLabel, children }: { value: string | undefined; testId: string; copyLabel: string; children: ReactNode }) {
  return (
    <>
      <div className="flex items-center gap-2 rounded-md border bg-muted/50 p-3">
        <code data-testid={testId} className="min-w-0 flex-1 break-all font-mono text-sm">
          {value}
        </code>
        {value ? <CopyButton value={value} label={copyLabel} size="sm" /> : null}
      </div>
      <p role="note" className="flex items-start gap-2 rounded-md border border-warning/50 bg-warning/10 p-3 text-sm">
        <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
        <span>{children}</span>
      </p>
    </>
  );
}
