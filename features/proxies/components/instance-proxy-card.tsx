"use client";

import { useQuery } from "@tanstack/react-query";
import { Network } from "lucide-react";
import type { InstanceProxy } from "@/contract/proxies";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { instanceProxyOptions } from "../api/proxies";
import { InstanceProxyForm } from "./instance-proxy-form";
import { ProxyHealthBadge } from "./proxy-health";

function CurrentProxy({ proxy }: { proxy: InstanceProxy }) {
  return (
    <div className="flex flex-col gap-1 rounded-lg border bg-muted/40 p-3 text-sm" data-testid="instance-proxy-current" data-mode={proxy.mode}>
      <span className="text-xs text-muted-foreground">Connects</span>
      {proxy.mode === "none" ? (
        <span className="font-medium">Directly, from the gateway&apos;s own address</span>
      ) : (
        <>
          <span className="flex flex-wrap items-center gap-2 font-medium">
            {proxy.mode === "pool" ? `Through ${proxy.proxyName ?? "a pool proxy"}` : "Through its own proxy"}
            {proxy.health ? <ProxyHealthBadge health={proxy.health} /> : null}
          </span>
          <span className="font-mono text-xs break-all text-muted-foreground">{proxy.url}</span>
        </>
      )}
    </div>
  );
}

/**
 * The proxy an instance connects to WhatsApp through, and changing it. `running`: whether its session runs now (a
 * change then restarts it, so the form asks first); the app layer knows it from the instance.
 */
export function InstanceProxyCard({ instanceId, running }: { instanceId: string; running: boolean }) {
  const current = useQuery(instanceProxyOptions(instanceId));
  return (
    <Card data-testid="instance-proxy-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Network className="size-4" aria-hidden /> Proxy
        </CardTitle>
        <CardDescription>The WhatsApp connection and this instance&apos;s media go through it. Changing it restarts the session through the new one; no QR needed.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {current.isPending ? (
          <Skeleton className="h-16 w-full" aria-label="Loading the proxy" />
        ) : current.isError ? (
          <InlineLoadError what="Could not load the proxy" error={current.error} onRetry={() => void current.refetch()} />
        ) : (
          <>
            <CurrentProxy proxy={current.data} />
            <InstanceProxyForm key={`${current.data.mode}:${current.data.proxyId ?? current.data.url ?? ""}`} instanceId={instanceId} current={current.data} running={running} />
          </>
        )}
      </CardContent>
    </Card>
  );
}
