"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, RefreshCw, Server } from "lucide-react";
import { duration } from "@/shared/lib/format-time";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { healthOptions } from "../api/health";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-4 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 truncate text-right font-medium">{children}</dd>
    </div>
  );
}

export function GatewayHealthCard({ gatewayUrl }: { gatewayUrl?: string }) {
  const health = useQuery(healthOptions());
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
          // The rows it will fill, as tall as they will be: a shorter placeholder would move the cards below it.
          <div aria-label="Loading gateway health" aria-busy="true">
            <dl>
              {["Status", "Engine", "Database", "Version", "Uptime", ...(gatewayUrl ? ["Public URL"] : [])].map((label) => (
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
            <Row label="Status">
              {health.data.status === "ok" ? (
                <Badge variant="success">
                  <CheckCircle2 aria-hidden /> Healthy
                </Badge>
              ) : (
                <Badge variant="destructive">
                  <AlertTriangle aria-hidden /> Degraded
                </Badge>
              )}
            </Row>
            <Row label="Engine">
              {health.data.engine === "sandbox" ? <Badge variant="warning">sandbox (simulated)</Badge> : <Badge variant="secondary">baileys</Badge>}
            </Row>
            <Row label="Database">{health.data.db.ok ? `${health.data.db.dialect}, answering` : "not answering"}</Row>
            <Row label="Version">{health.data.version}</Row>
            <Row label="Uptime">{duration(health.data.uptimeSeconds * 1000)}</Row>
            {gatewayUrl ? <Row label="Public URL">{gatewayUrl}</Row> : null}
          </dl>
        )}
      </CardContent>
    </Card>
  );
}
