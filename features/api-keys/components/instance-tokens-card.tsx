"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { KeyRound, RefreshCw } from "lucide-react";
import { useState } from "react";
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

/** An instance's tokens: hints only; rotate = revoke + create with the same name, shown once. */
export function InstanceTokensCard({ instanceId, instanceName }: { instanceId: string; instanceName: string }) {
  const tokens = useQuery(apiKeyListOptions(instanceId));
  const create = useMutation(createApiKeyMutation());
  const revoke = useMutation(revokeApiKeyMutation());
  const [rotated, setRotated] = useState<{ token: string; name: string } | null>(null);
  const rotate = async (id: string, name: string, expiresAt: string | null) => {
    const fresh = await create.mutateAsync({ name, scope: "instance", instanceId, ...(isFuture(expiresAt) ? { expiresAt: expiresAt! } : {}) });
    await revoke.mutateAsync(id);
    setRotated({ token: fresh.token, name });
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
              <li key={t.id} className="flex items-center gap-3 py-2 text-sm">
                <span className="min-w-0 flex-1 truncate font-medium">{t.name}</span>
                <code className="font-mono text-xs text-muted-foreground">{t.hint}</code>
                <Button variant="outline" size="sm" disabled={create.isPending || revoke.isPending} onClick={() => void rotate(t.id, t.name, t.expiresAt)} aria-label={`Rotate ${t.name}`}>
                  <RefreshCw className="size-4" aria-hidden /> Rotate
                </Button>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <ShowOnceDialog token={rotated?.token ?? null} name={rotated?.name ?? ""} onClose={() => setRotated(null)} />
    </Card>
  );
}
