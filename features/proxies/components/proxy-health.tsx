"use client";

import { CheckCircle2, CircleHelp, XCircle } from "lucide-react";
import type { PoolProxy, ProxyTestResult } from "@/contract/proxies";
import { useNow } from "@/shared/hooks/use-now";
import { timeAgo } from "@/shared/lib/format-time";
import { Badge } from "@/shared/ui/badge";
import { failureText, HEALTH_LABELS, usageFraction, usageText } from "../lib/proxy-words";

type Health = PoolProxy["health"];

/** ok / failing / not checked, with the latency when it worked. */
export function ProxyHealthBadge({ health }: { health: Health }) {
  if (health.state === "ok")
    return (
      <Badge variant="success">
        <CheckCircle2 aria-hidden /> {HEALTH_LABELS.ok}
        {health.latencyMs !== null ? ` · ${health.latencyMs} ms` : ""}
      </Badge>
    );
  if (health.state === "failing")
    return (
      <Badge variant="destructive">
        <XCircle aria-hidden /> {HEALTH_LABELS.failing}
      </Badge>
    );
  return (
    <Badge variant="secondary">
      <CircleHelp aria-hidden /> {HEALTH_LABELS.unknown}
    </Badge>
  );
}

/** The badge with what the last check found: when, the exit IP, and why it failed. */
export function ProxyHealthDetails({ health }: { health: Health }) {
  const now = useNow(15_000);
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <ProxyHealthBadge health={health} />
      <span className="text-xs text-muted-foreground">
        {health.checkedAt ? `Checked ${timeAgo(health.checkedAt, now)}` : "Not checked yet"}
        {health.exitIp ? ` · exit ${health.exitIp}` : ""}
      </span>
      {health.state === "failing" ? <span className="text-xs break-words text-destructive">{failureText(health.errorCode, health.error)}</span> : null}
    </div>
  );
}

/** "3 of 10" with a bar, or "3 · no cap". */
export function ProxyUsage({ proxy }: { proxy: Pick<PoolProxy, "instances" | "maxInstances" | "name"> }) {
  const fraction = usageFraction(proxy);
  return (
    <div className="flex min-w-24 flex-col gap-1">
      <span className="text-sm tabular-nums">{usageText(proxy)}</span>
      {fraction !== null ? (
        <div
          className="h-1.5 w-full overflow-hidden rounded-full bg-muted"
          role="meter"
          aria-label={`${proxy.name} usage`}
          aria-valuemin={0}
          aria-valuemax={proxy.maxInstances ?? 0}
          aria-valuenow={proxy.instances}
        >
          <div className={fraction >= 1 ? "h-full bg-warning" : "h-full bg-primary"} style={{ width: `${fraction * 100}%` }} />
        </div>
      ) : null}
    </div>
  );
}

/** What a test of a URL found, inline where it was asked: ok with latency and exit IP, or the failure in words. */
export function ProxyTestOutcome({ result, error }: { result?: ProxyTestResult; error?: Error | null }) {
  if (error)
    return (
      <p role="status" className="rounded-md border border-destructive/50 bg-destructive/10 p-3 text-sm break-words text-destructive">
        Could not test it: {error.message}
      </p>
    );
  if (!result) return null;
  return result.ok ? (
    <p role="status" className="rounded-md border border-success/50 bg-success/10 p-3 text-sm break-words" data-testid="proxy-test-result" data-ok="true">
      <CheckCircle2 className="mr-1 inline size-4 align-text-bottom text-success" aria-hidden />
      Works: a tunnel to {result.target} opened{result.latencyMs !== undefined ? ` in ${result.latencyMs} ms` : ""}.
      {result.exitIp ? ` Exit IP ${result.exitIp}.` : ""}
      {result.exitIpError ? <span className="block text-muted-foreground">Exit IP unknown: {result.exitIpError}</span> : null}
    </p>
  ) : (
    <p role="status" className="rounded-md border border-destructive/50 bg-destructive/10 p-3 text-sm break-words" data-testid="proxy-test-result" data-ok="false">
      <XCircle className="mr-1 inline size-4 align-text-bottom text-destructive" aria-hidden />
      <span className="font-medium">Failed:</span> {failureText(result.errorCode, result.error)}
    </p>
  );
}
