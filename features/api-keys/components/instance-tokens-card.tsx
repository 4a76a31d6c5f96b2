"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { KeyRound, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import type { ApiKey } from "@/contract/api-keys";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { Button } from "@/shared/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { apiKeyListOptions, createApiKeyMutation, revokeApiKeyMutation } from "../api/api-keys";
import { CreateApiKeyDialog } from "./create-api-key-dialog";
import { ShowOnceDialog } from "./show-once-dialog";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";

/** The replacement keeps the old expiry while it is still ahead. */
function isFuture(iso: string | null): boolean {
  return iso !== null && Date.parse(iso) > Date.now();
}

/** An instance's tokens: hints only; rotate = create with the same name (shown once) + revoke; both confirm first. */
export function InstanceTokensCard({ instanceId, instanceName }: { instanceId: string; instanceName: string }) {
  const tokens = useQuery(apiKeyListOptions(instanceId));
  const create = useMutation(createApiKeyMutation());
  const revoke = useMutation(revokeApiKeyMutation());
  const [rotated, setRotated] = useState<{ token: string; name: string } | null>(null);
  const [confirm, setConfirm] = useState<{ action: "rotate" | "revoke"; token: ApiKey } | null>(null);
  const busy = create.isPending || revoke.isPending;
  const rotate = async (id: string, name: string, expiresAt: string | null) => {
    const fresh = await create.mutateAsync({ name, scope: "instance", instanceId, ...(isFuture(expiresAt) ? { expiresAt: expiresAt! } : {}) });
    // Shown before the old one is revoked: a revoke that fails must not lose the only sight of the new token.
    setRotated({ token: fresh.token, name });
    await revoke.mutateAsync(id);
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <KeyRound className="size-4" aria-hidden /> Instance tokens
        </CardTitle>
        <CardDescription>Credentials that can only use this instance.</CardDescription>
        <CardAction>
          <CreateApiKeyDialog instances={[{ id: instanceId, name: instanceName }]} fixedInstanceId={instanceId} triggerLabel="New token" />
        </CardAction>
      </CardHeader>
      <CardContent>
        {tokens.isPending ? null : tokens.isError ? (
          <InlineLoadError what="Could not load the tokens" error={tokens.error} />
        ) : tokens.data.items.length === 0 ? (
          <p className="text-sm text-muted-foreground">No tokens for this instance.</p>
        ) : (
          <ul className="flex flex-col divide-y" aria-label="Instance tokens">
            {tokens.data.items.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                <span className="min-w-0 flex-1 truncate font-medium">{t.name}</span>
                <code className="font-mono text-xs text-muted-foreground">{t.hint}</code>
                <span className="flex gap-1">
                  <Button variant="outline" size="sm" disabled={busy} onClick={() => setConfirm({ action: "rotate", token: t })} aria-label={`Rotate ${t.name}`}>
                    <RefreshCw className="size-4" aria-hidden /> Rotate
                  </Button>
                  <Button variant="ghost" size="sm" disabled={busy} onClick={() => setConfirm({ action: "revoke", token: t })} aria-label={`Revoke ${t.name}`}>
                    <Trash2 className="size-4" aria-hidden /> Revoke
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={confirm?.action === "rotate" ? `Rotate “${confirm.token.name}”?` : `Revoke “${confirm?.token.name ?? ""}”?`}
        description={
          confirm?.action === "rotate"
            ? "A new token is shown once; every call with the current one fails from then on."
            : "Every call with this token fails from now on. This cannot be undone."
        }
        confirmLabel={confirm?.action === "rotate" ? "Rotate" : "Revoke"}
        onConfirm={() => {
          if (!confirm) return;
          const { id, name, expiresAt } = confirm.token;
          // A failure is told by the failing mutation's own toast.
          if (confirm.action === "rotate") rotate(id, name, expiresAt).catch(() => undefined);
          else revoke.mutate(id);
        }}
      />
      <ShowOnceDialog token={rotated?.token ?? null} name={rotated?.name ?? ""} onClose={() => setRotated(null)} />
    </Card>
  );
}
