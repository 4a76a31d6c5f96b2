"use client";

import { RefreshCw, SearchX } from "lucide-react";
import { Button } from "@/shared/ui/button";
import { EmptyState } from "./empty-state";

/** The one "could not load" state: what failed, the server's reason, and a retry. */
export function LoadErrorState({ title, error, onRetry }: { title: string; error: Error; onRetry: () => void }) {
  return (
    <EmptyState
      icon={SearchX}
      title={title}
      description={error.message}
      action={
        <Button variant="outline" onClick={onRetry}>
          <RefreshCw className="size-4" aria-hidden /> Try again
        </Button>
      }
    />
  );
}
