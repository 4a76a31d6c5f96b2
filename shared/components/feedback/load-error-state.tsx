"use client";

import { RefreshCw, SearchX } from "lucide-react";
import { UNREACHABLE_RETRY_MS, isUnreachable } from "@/shared/lib/api-client";
import { cn } from "@/shared/lib/cn";
import { Button } from "@/shared/ui/button";
import { EmptyState } from "./empty-state";

const RETRYING = `Retrying every ${UNREACHABLE_RETRY_MS / 1000} s by itself.`;

/** The one "could not load" state: what failed, the server's reason, and a retry (by itself too, while the gateway is unreachable). */
export function LoadErrorState({ title, error, onRetry }: { title: string; error: Error; onRetry: () => void }) {
  return (
    <EmptyState
      icon={SearchX}
      title={title}
      description={isUnreachable(error) ? `${error.message} ${RETRYING}` : error.message}
      action={
        <Button variant="outline" onClick={onRetry}>
          <RefreshCw className="size-4" aria-hidden /> Try again
        </Button>
      }
    />
  );
}

/** The same state inside a card or above a list: one line saying what failed and why, and a retry when offered. */
export function InlineLoadError({ what, error, onRetry, className }: { what?: string; error: Error; onRetry?: () => void; className?: string }) {
  return (
    <p role="alert" className={cn("text-sm text-destructive", className)}>
      {what ? `${what}: ${error.message}` : error.message}
      {isUnreachable(error) ? ` ${RETRYING}` : null}
      {onRetry ? (
        <>
          {" "}
          <Button variant="link" size="sm" className="h-auto p-0" onClick={onRetry}>
            Retry
          </Button>
        </>
      ) : null}
    </p>
  );
}

/**
 * Above a list that stays on screen: its last refresh (a poll, a refetch after a reconnect) failed. What was loaded,
 * and any dialog open on it, is kept; the full-page LoadErrorState is for when nothing was loaded.
 */
export function RefreshError({ what, query }: { what: string; query: { isError: boolean; error: Error | null; refetch: () => unknown } }) {
  return query.isError && query.error ? <InlineLoadError what={`Could not refresh the ${what}`} error={query.error} onRetry={() => void query.refetch()} /> : null;
}
