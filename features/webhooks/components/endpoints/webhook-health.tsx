"use client";

import { AlertTriangle, Ban, PauseCircle } from "lucide-react";
import type { Webhook } from "@/contract/webhooks";
import { useExactTime } from "@/shared/hooks/use-exact-time";
import { cn } from "@/shared/lib/cn";
import { timeAgo } from "@/shared/lib/format-time";
import { Badge } from "@/shared/ui/badge";
import { StatusCode } from "../delivery-status-badge";

function percent(rate: number) {
  const value = rate * 100;
  return `${value === 100 || value === 0 ? value.toFixed(0) : value.toFixed(1)}%`;
}

function failingFor(since: string, now: number) {
  const ago = timeAgo(since, now);
  return ago.endsWith(" ago") ? `Failing for ${ago.slice(0, -4)}` : "Failing since just now";
}

/** Disabled (by whom and why), failing streak, 24 h success rate and the last delivery. */
export function WebhookHealth({ webhook, now, className }: { webhook: Webhook; now: number; className?: string }) {
  const { health } = webhook;
  const exactTime = useExactTime();
  const rate = health.successRate24h;
  return (
    <div className={cn("flex min-w-0 flex-col gap-1 text-sm", className)} data-testid="webhook-health">
      {!webhook.enabled ? (
        webhook.disabledReason ? (
          <div className="flex flex-col gap-1">
            <Badge variant="destructive" className="gap-1">
              <Ban aria-hidden /> Disabled by the gateway
            </Badge>
            <span className="text-xs text-destructive" data-testid="disabled-reason">
              {webhook.disabledReason}
              {webhook.disabledAt ? <span className="text-muted-foreground"> · {timeAgo(webhook.disabledAt, now)}</span> : null}
            </span>
          </div>
        ) : (
          <Badge variant="outline" className="gap-1">
            <PauseCircle aria-hidden /> Disabled
          </Badge>
        )
      ) : health.failingSince ? (
        <Badge variant="warning" className="gap-1" title={`Every attempt since ${exactTime(health.failingSince)} failed`}>
          <AlertTriangle aria-hidden /> {failingFor(health.failingSince, now)}
        </Badge>
      ) : null}
      <span>
        {rate === null ? (
          <span className="text-muted-foreground">No attempts in 24 h</span>
        ) : (
          <>
            <span className={cn("font-medium", rate >= 0.99 ? "text-success" : rate >= 0.9 ? "text-foreground" : "text-destructive")}>{percent(rate)}</span>
            <span className="text-muted-foreground"> of {health.attempts24h} in 24 h</span>
          </>
        )}
      </span>
      {health.lastDeliveryAt ? (
        <span className="text-xs text-muted-foreground">
          Last attempt <time dateTime={health.lastDeliveryAt} title={exactTime(health.lastDeliveryAt)}>{timeAgo(health.lastDeliveryAt, now)}</time>
          {health.lastStatusCode !== undefined ? (
            <>
              {" · "}
              <StatusCode code={health.lastStatusCode} className="text-xs" />
            </>
          ) : health.lastStatus === "failed" ? (
            " · no answer"
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
