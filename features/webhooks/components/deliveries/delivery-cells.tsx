"use client";

import { FlaskConical, Repeat } from "lucide-react";
import type { Webhook, WebhookDelivery } from "@/contract/webhooks";
import { exactTime, timeAgo, timeUntil } from "@/shared/lib/format-time";
import { Badge } from "@/shared/ui/badge";
import { StatusCode } from "../delivery-status-badge";

/** "Test" and "Replay" markers next to the status. */
export function DeliveryMarkers({ delivery }: { delivery: WebhookDelivery }) {
  return (
    <>
      {delivery.test ? (
        <Badge variant="outline" className="gap-1" title="Sent by the test tool">
          <FlaskConical aria-hidden /> Test
        </Badge>
      ) : null}
      {delivery.replayOf ? (
        <Badge variant="outline" className="gap-1" title={`Replay of ${delivery.replayOf}`}>
          <Repeat aria-hidden /> Replay
        </Badge>
      ) : null}
    </>
  );
}

/** The endpoint's host and path, which is what tells endpoints apart. */
export function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return url;
  }
}

export function DeliveryEndpoint({ webhook, webhookId }: { webhook: Webhook | undefined; webhookId: string }) {
  return webhook ? (
    <span className="block max-w-56 truncate font-mono text-xs" title={webhook.url}>
      {shortUrl(webhook.url)}
    </span>
  ) : (
    <span className="font-mono text-xs text-muted-foreground">{webhookId}</span>
  );
}

export function DeliveryResult({ delivery }: { delivery: WebhookDelivery }) {
  if (delivery.attempts === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap">
      <StatusCode code={delivery.lastStatusCode} />
      {delivery.lastLatencyMs !== undefined ? <span className="text-xs text-muted-foreground">{delivery.lastLatencyMs} ms</span> : null}
      {delivery.lastStatusCode === undefined && delivery.lastError ? (
        <span className="max-w-40 truncate text-xs text-destructive" title={delivery.lastError}>
          {delivery.lastError}
        </span>
      ) : null}
    </span>
  );
}

export function NextRetry({ delivery, now }: { delivery: WebhookDelivery; now: number }) {
  if (!delivery.nextAttemptAt || delivery.status !== "retrying") return <span className="text-muted-foreground">—</span>;
  return (
    <time dateTime={delivery.nextAttemptAt} title={exactTime(delivery.nextAttemptAt)} className="whitespace-nowrap">
      {timeUntil(delivery.nextAttemptAt, now)}
    </time>
  );
}

export function DeliveryTime({ delivery, now }: { delivery: WebhookDelivery; now: number }) {
  return (
    <time dateTime={delivery.createdAt} title={exactTime(delivery.createdAt)} className="whitespace-nowrap text-sm text-muted-foreground">
      {timeAgo(delivery.createdAt, now)}
    </time>
  );
}
