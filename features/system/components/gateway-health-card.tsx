"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, RefreshCw, Server } from "lucide-react";
import type { ReactNode } from "react";
import type { HealthResponse } from "@/contract/health";
import { duration } from "@/shared/lib/format-time";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { healthOptions } from "../api/health";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-4 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 truncate text-right font-medium">{children}</dd>
    </div>
  );
}

/** The card's rows, once: the loading state draws the same labels with a placeholder where each value will be. */
function healthRows(gatewayUrl: string | undefined): { label: string; value: (health: HealthResponse) => ReactNode }[] {
  return [
    {
      label: "Status",
      value: (h) =>
        h.status === "ok" ? (
          <Badge variant="success">
            <CheckCircle2 aria-hidden /> Healthy
          </Badge>
        ) : (
          <Badge variant="destructive">
            <AlertTriangle aria-hidden /> Degraded
          </Badge>
        ),
    },
    { label: "Engine", value: (h) => (h.engine === "sandbox" ? <Badge variant="warning">sandbox (simulated)</Badge> : <Badge variant="secondary">baileys</Badge>) },
    { label: "Database", value: (h) => (h.db.ok ? `${h.db.dialect}, answering` : "not answering") },
    { label: "Version", value: (h) => h.version },
    { label: "Uptime", value: (h) => duration(h.uptimeSeconds * 1000) },
    ...(gatewayUrl ? [{ label: "Public URL", value: () => gatewayUrl }] : []),
  ];
}

export function GatewayHealthCard({ gatewayUrl }: { gatewayUrl?: string }) {
  const health = useQuery(healthOptions());
  const rows = healthRows(gatewayUrl);
  return (
    <Card data-testid="gateway-health">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Server className="size-4" aria-hidden /> Gateway
        </CardTitle>
        <CardDescription>Health as the panel&apos;s server sees it</CardDescription>
        <CardAction>
          <Button variant="ghost" size="icon-sm" aria-label="Refresh gateway health" onClick={() => void health.refetch()} disabled={health.isFetching}>
            <RefreshCw className={health.isFetching ? "size-4 animate-spin" : "size-4"} aria-hidden />
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {health.isPending ? (
          // As tall as what it will show: a shorter placeholder would move the cards below it.
          <div aria-label="Loading gateway health" aria-busy="true">
            <dl>
              {rows.map(({ label }) => (
                <Row key={label} label={label}>
                  <Skeleton className="ml-auto h-5 w-24" />
                </Row>
              ))}
            </dl>
          </div>
        ) : health.isError ? (
          <div role="alert" className="flex items-start gap-2 text-sm text-destructive">
            <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>{health.error.message}</span>
          </div>
        ) : (
          <dl>
            {rows.map(({ label, value }) => (
              <Row key={label} label={label}>
                {value(health.data)}
              </Row>
            ))}
          </dl>
        )}
      </CardContent>
    </Card>
  );
}
