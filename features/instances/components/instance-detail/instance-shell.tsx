"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, SearchX } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { ApiClientError } from "@/shared/lib/api-client";
import { cn } from "@/shared/lib/cn";
import { Button } from "@/shared/ui/button";
import { Skeleton } from "@/shared/ui/skeleton";
import { instanceDetailOptions } from "../../api/instances";
import { STATUS_META } from "../instance-status-meta";
import { InstanceStatusBadge } from "../instance-status-badge";

/** The instance's sections: each is its own route, so a section's code loads only when it is opened. */
const SECTIONS = [
  { segment: "", label: "Overview" },
  { segment: "/settings", label: "Settings" },
] as const;

/**
 * What every section of an instance shares: the live status header and the section links. The sections render
 * only once the instance has loaded; a deleted or unknown instance shows why instead.
 */
export function InstanceShell({ id, children }: { id: string; children: ReactNode }) {
  const instance = useQuery(instanceDetailOptions(id));
  const pathname = usePathname();
  if (instance.isPending) {
    return (
      <div className="flex flex-col gap-4" aria-label="Loading the instance">
        <Skeleton className="h-24 w-full" />
        <div className="grid gap-4 lg:grid-cols-2">
          <Skeleton className="h-80" />
          <Skeleton className="h-80" />
        </div>
      </div>
    );
  }
  if (instance.isError) {
    const status = instance.error instanceof ApiClientError ? instance.error.status : undefined;
    // 404 for an id the page showed a moment ago (deleted here, in another tab or through the API) or a link to
    // a deleted one; 400 for an id that never was.
    const copy =
      status === 404
        ? { title: "This instance was deleted", description: "It is no longer on the gateway: it was deleted here, in another window or through the API." }
        : status === 400
          ? { title: "No such instance", description: "This address does not name an instance." }
          : { title: "Could not load the instance", description: instance.error.message };
    return (
      <EmptyState
        icon={SearchX}
        title={copy.title}
        description={copy.description}
        action={
          <Button asChild variant="outline">
            <Link prefetch={false} href="/instances">Back to instances</Link>
          </Button>
        }
      />
    );
  }
  const data = instance.data;
  const meta = STATUS_META[data.status];
  const base = `/instances/${encodeURIComponent(id)}`;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link prefetch={false} href="/instances" className="inline-flex items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          <ArrowLeft className="size-4" aria-hidden /> Instances
        </Link>
      </div>
      <header className="flex flex-col gap-3 rounded-xl border bg-card p-5 sm:flex-row sm:items-center sm:justify-between" data-testid="instance-header" data-status={data.status}>
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold tracking-tight">{data.name}</h1>
          <p className="mt-1 text-sm text-muted-foreground" aria-live="polite">
            {data.statusReason ?? meta.explain}
            {data.statusCode ? <span className="font-mono"> (code {data.statusCode})</span> : null}
          </p>
        </div>
        <InstanceStatusBadge status={data.status} className="px-3 py-1 text-sm [&>svg]:size-4" />
      </header>
      <nav aria-label="Instance sections" className="-mt-2 flex gap-1 border-b">
        {SECTIONS.map((section) => {
          const href = `${base}${section.segment}`;
          const current = decodeURIComponent(pathname) === decodeURIComponent(href);
          return (
            <Link
              prefetch={false}
              key={section.label}
              href={href}
              aria-current={current ? "page" : undefined}
              className={cn(
                "-mb-px rounded-t-md border-b-2 px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                current ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
              )}
            >
              {section.label}
            </Link>
          );
        })}
      </nav>
      {children}
    </div>
  );
}
