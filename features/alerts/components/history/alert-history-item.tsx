"use client";

import { useMutation } from "@tanstack/react-query";
import { Check, CircleX, Loader2 } from "lucide-react";
import type { Alert } from "@/contract/alerts";
import { useExactTime } from "@/shared/hooks/use-exact-time";
import { cn } from "@/shared/lib/cn";
import { timeAgo } from "@/shared/lib/format-time";
import { Button } from "@/shared/ui/button";
import { acknowledgeAlertMutation } from "../../api/alerts";
import { CHANNEL_TYPE_LABELS, deliveryOutcome, KIND_LABELS, latestDeliveries } from "../../lib/alert-words";
import { AlertStateBadge, SeverityBadge } from "../alert-badges";

function When({ label, iso, now, by }: { label: string; iso: string | undefined; now: number; by?: string }) {
  const exactTime = useExactTime();
  if (!iso) return null;
  return (
    <div className="flex gap-1">
      <dt className="text-muted-foreground">{label}</dt>
      <dd>
        <time dateTime={iso} title={exactTime(iso)} className="whitespace-nowrap">
          {timeAgo(iso, now)}
        </time>
        {by ? <span className="text-muted-foreground"> by {by}</span> : null}
      </dd>
    </div>
  );
}

/** One alert: what fired, about what, when, where its notices went, and the acknowledge button while it fires. */
export function AlertHistoryItem({ alert, now }: { alert: Alert; now: number }) {
  const ack = useMutation(acknowledgeAlertMutation());
  const deliveries = latestDeliveries(alert.deliveries);
  return (
    <li className="flex flex-col gap-3 rounded-xl border bg-card p-4" data-testid="alert-item" data-alert-id={alert.id} aria-labelledby={`${alert.id}-title`}>
      <div className="flex flex-wrap items-start gap-2">
        <div className="flex min-w-0 flex-1 flex-col gap-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={alert.severity} />
            <AlertStateBadge state={alert.state} />
            <span className="text-xs text-muted-foreground">
              {alert.ruleName} · {KIND_LABELS[alert.kind]}
            </span>
          </div>
          <h3 id={`${alert.id}-title`} className="font-medium break-words">
            {alert.title}
          </h3>
        </div>
        {alert.state === "firing" ? (
          <Button size="sm" variant="outline" disabled={ack.isPending} onClick={() => ack.mutate(alert.id)} aria-label={`Acknowledge: ${alert.title}`}>
            {ack.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <Check className="size-4" aria-hidden />} Acknowledge
          </Button>
        ) : null}
      </div>

      {alert.subjects.length > 0 ? (
        <ul className="flex flex-col gap-1 text-sm" aria-label="Subjects">
          {alert.subjects.map((subject) => (
            <li key={`${subject.type}:${subject.id}`} className="flex min-w-0 flex-wrap items-baseline gap-x-2">
              <span className={cn("font-medium break-all", subject.resolvedAt && "text-muted-foreground line-through")}>{subject.name}</span>
              {subject.name !== subject.id ? <span className="font-mono text-xs break-all text-muted-foreground">{subject.id}</span> : null}
              <span className="min-w-0 break-words text-muted-foreground">{subject.detail}</span>
              {subject.resolvedAt ? <span className="text-xs text-success">recovered</span> : null}
            </li>
          ))}
        </ul>
      ) : null}

      <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
        <When label="Fired" iso={alert.firedAt} now={now} />
        <When label="Acknowledged" iso={alert.acknowledgedAt} now={now} by={alert.acknowledgedBy} />
        <When label="Resolved" iso={alert.resolvedAt} now={now} />
      </dl>

      {deliveries.length > 0 ? (
        <ul className="flex flex-col gap-1 border-t pt-2 text-xs" aria-label="Deliveries" data-testid="alert-deliveries">
          {deliveries.map((d) => (
            <li key={`${d.channelId} ${d.notice}`} className="flex min-w-0 items-start gap-1.5">
              {d.ok ? <Check className="mt-px size-3.5 shrink-0 text-success" aria-label="Sent" /> : <CircleX className="mt-px size-3.5 shrink-0 text-destructive" aria-label="Failed" />}
              <span className="min-w-0 break-words">
                <span className="font-medium">{d.channelName}</span> <span className="text-muted-foreground">({CHANNEL_TYPE_LABELS[d.channelType]}, {d.notice})</span>:{" "}
                <span className={d.ok ? undefined : "text-destructive"}>{deliveryOutcome(d)}</span>
              </span>
            </li>
          ))}
        </ul>
      ) : alert.notifiedAt || alert.state !== "firing" ? null : (
        <p className="border-t pt-2 text-xs text-muted-foreground">Gathering related subjects before the first notice…</p>
      )}
    </li>
  );
}
