"use client";

import { useMemo } from "react";
import { ApiKeysTable } from "@/features/api-keys/components/api-keys-table";
import { CreateApiKeyDialog } from "@/features/api-keys/components/create-api-key-dialog";
import { EndpointBrowser } from "@/features/api-keys/components/endpoint-browser";
import { useInstanceChoices } from "@/features/instances/components/use-instance-choices";
import { CopyButton } from "@/shared/components/copy-button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";

/** Composes the API-keys feature with the instances it can scope to (features never import each other). */
export function ApiPageClient({ baseUrl }: { baseUrl: string }) {
  const instances = useInstanceChoices();
  const names = useMemo(() => Object.fromEntries(instances.map((i) => [i.id, i.name])), [instances]);
  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Base URL</CardTitle>
          <CardDescription>
            Every call goes here, with <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. The full reference is at{" "}
            <a className="break-all underline underline-offset-2" href={`${baseUrl}/docs`} target="_blank" rel="noreferrer">
              {baseUrl}/docs
            </a>
            .
          </CardDescription>
        </CardHeader>
        <CardContent className="flex items-center gap-2">
          <code className="min-w-0 flex-1 break-all rounded-md border bg-muted/50 px-3 py-2 font-mono text-sm" data-testid="api-base-url">
            {baseUrl}
          </code>
          <CopyButton value={baseUrl} label="Copy base URL" size="sm" />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>API keys</CardTitle>
          <CardDescription>Shown once when created; the gateway keeps only a hash. Revoke any you no longer need.</CardDescription>
          <CardAction>
            <CreateApiKeyDialog instances={instances} />
          </CardAction>
        </CardHeader>
        <CardContent>
          <ApiKeysTable instanceNames={names} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Endpoints</CardTitle>
          <CardDescription>From the gateway&apos;s OpenAPI document. Snippets use your instance&apos;s id and read the key from WAM_TOKEN.</CardDescription>
        </CardHeader>
        <CardContent>
          <EndpointBrowser baseUrl={baseUrl} instances={instances} />
        </CardContent>
      </Card>
    </div>
  );
}
