"use client";

import { useQuery } from "@tanstack/react-query";
import { Send } from "lucide-react";
import type { MessageStatus } from "@/contract/send-queue";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";
import { cn } from "@/shared/lib/cn";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { instanceSendQueueOptions } from "../../api/instances";

/** The statuses in the order a message goes through them, named as an operator reads them. */
const STATUS_LABELS: [MessageStatus, string][] = [
  ["pending", "Pending"],
  ["server_ack", "Sent"],
  ["delivered", "Delivered"],
  ["read", "Read"],
  ["played", "Played"],
  ["failed", "Failed"],
];

const perSecond = (rate: number) => (rate >= 1 ? `${Number(rate.toFixed(2))} per second` : `1 every ${Number((1 / rate).toFixed(1))} s`);

/** What the instance sends through the API, in numbers only (the panel shows no messages): its queue and last day. */
export function OutboundMessagesCard({ instanceId }: { instanceId: string }) {
  const queue = useQuery(instanceSendQueueOptions(instanceId));
  return (
    <Card data-testid="outbound-messages">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Send className="size-4" aria-hidden /> Outbound messages
        </CardTitle>
        <CardDescription>Sent through the API: the send queue, and the last 24 hours by status.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {queue.isPending ? (
          <Skeleton className="h-28 w-full" />
        ) : queue.isError && !queue.data ? (
          <InlineLoadError what="Could not load the send queue" error={queue.error} />
        ) : (
          <>
            <dl className="grid grid-cols-2 gap-3 text-sm">
              <div>
                <dt className="text-muted-foreground">Waiting to send</dt>
                <dd className="text-2xl font-semibold tabular-nums" data-testid="queue-depth">
                  {queue.data.queued}
                </dd>
                <dd className="text-xs text-muted-foreground">at most {queue.data.queueMax} before sends get 429</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Send rate</dt>
                <dd className="font-medium">{perSecond(queue.data.ratePerSecond)}</dd>
                <dd className="text-xs text-muted-foreground">
                  {queue.data.instanceRatePerSecond === null ? "the gateway's default" : "this instance's own"}, bursts of {queue.data.burst}
                </dd>
              </div>
            </dl>
            <div>
              {/* Not a heading: the card's title is not one either, and a lone h3 would skip levels. */}
              <p id={`last24h-${instanceId}`} className="mb-2 text-sm text-muted-foreground">
                Last 24 hours
              </p>
              <dl className="grid grid-cols-3 gap-2" aria-labelledby={`last24h-${instanceId}`}>
                {STATUS_LABELS.map(([status, label]) => {
                  const count = queue.data.last24h[status];
                  return (
                    <div key={status} className="rounded-md border px-2 py-1.5" data-message-status={status}>
                      <dt className="truncate text-xs text-muted-foreground">{label}</dt>
                      <dd className={cn("text-lg font-semibold tabular-nums", status === "failed" && count > 0 && "text-destructive")}>{count}</dd>
                    </div>
                  );
                })}
              </dl>
            </div>
            {queue.isError ? <InlineLoadError what="Could not refresh the numbers" error={queue.error} /> : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}
