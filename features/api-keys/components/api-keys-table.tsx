"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { KeyRound, Trash2 } from "lucide-react";
import { useState } from "react";
import type { ApiKey } from "@/contract/api-keys";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { useExactTime } from "@/shared/hooks/use-exact-time";
import { useNow } from "@/shared/hooks/use-now";
import { timeAgo, timeUntil } from "@/shared/lib/format-time";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { Skeleton } from "@/shared/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/shared/ui/table";
import { apiKeyListOptions, revokeApiKeyMutation } from "../api/api-keys";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";

/** A past moment ("3 days ago"), or with `coming` one still ahead ("in 3 days"). */
function When({ iso, now, empty, coming = false }: { iso: string | null; now: number; empty: string; coming?: boolean }) {
  const exactTime = useExactTime();
  if (!iso) return <span className="text-muted-foreground">{empty}</span>;
  return (
    <time dateTime={iso} title={exactTime(iso)} className="whitespace-nowrap">
      {coming ? timeUntil(iso, now) : timeAgo(iso, now)}
    </time>
  );
}

/** Keys with their hint, scope and usage; revoking asks first. */
export function ApiKeysTable({ instanceNames, instanceId }: { instanceNames: Record<string, string>; instanceId?: string }) {
  const keys = useQuery(apiKeyListOptions(instanceId));
  const revoke = useMutation(revokeApiKeyMutation());
  const [confirm, setConfirm] = useState<ApiKey | null>(null);
  const now = useNow(30_000);
  if (keys.isPending) return <Skeleton className="h-32 w-full" />;
  if (keys.isError) return <InlineLoadError what="Could not load keys" error={keys.error} />;
  if (keys.data.items.length === 0) {
    return <EmptyState icon={KeyRound} title="No keys yet" description={instanceId ? "Create a token for this instance to let an integration use it." : "Create an API key to call the gateway from your own code."} className="py-8" />;
  }
  return (
    <>
      <div className="overflow-x-auto rounded-md border">
        <Table aria-label={instanceId ? "Instance tokens" : "API keys"}>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Key</TableHead>
              <TableHead>Scope</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Last used</TableHead>
              <TableHead>Expires</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.data.items.map((key) => {
              const expired = key.expiresAt !== null && Date.parse(key.expiresAt) <= now;
              return (
                <TableRow key={key.id}>
                  <TableCell className="font-medium">{key.name}</TableCell>
                  <TableCell>
                    <code className="font-mono text-xs">{key.hint}</code>
                  </TableCell>
                  <TableCell>
                    {key.scope === "admin" ? (
                      <span className="flex flex-wrap items-center gap-1">
                        <Badge variant="secondary">admin</Badge>
                        {key.permissions.includes("keys:manage") ? (
                          <Badge variant="outline" title="May create and revoke API keys">
                            keys:manage
                          </Badge>
                        ) : null}
                      </span>
                    ) : key.scope === "metrics" ? (
                      <Badge variant="outline" title="May only read GET /metrics">
                        metrics
                      </Badge>
                    ) : (
                      <Badge variant="outline">instance · {instanceNames[key.instanceId ?? ""] ?? key.instanceId}</Badge>
                    )}
                  </TableCell>
                  <TableCell>
                    <When iso={key.createdAt} now={now} empty="—" />
                  </TableCell>
                  <TableCell>
                    <When iso={key.lastUsedAt} now={now} empty="never" />
                  </TableCell>
                  <TableCell>{expired ? <Badge variant="destructive">expired</Badge> : <When iso={key.expiresAt} now={now} empty="never" coming />}</TableCell>
                  <TableCell className="text-right">
                    <Button variant="ghost" size="sm" onClick={() => setConfirm(key)} aria-label={`Revoke ${key.name}`}>
                      <Trash2 className="size-4" aria-hidden /> Revoke
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={`Revoke “${confirm?.name ?? ""}”?`}
        description="Every call with this key fails from now on. This cannot be undone."
        confirmLabel="Revoke"
        destructive
        onConfirm={() => confirm && revoke.mutate(confirm.id)}
      />
    </>
  );
}
