"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Loader2, Repeat } from "lucide-react";
import { useState } from "react";
import type { Webhook, WebhookAttempt, WebhookDeliveryDetail } from "@/contract/webhooks";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { CopyButton } from "@/shared/components/copy-button";
import { useNow } from "@/shared/hooks/use-now";
import { exactTime, timeAgo, timeUntil } from "@/shared/lib/format-time";
import { Button } from "@/shared/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetFooter, SheetHeader, SheetTitle } from "@/shared/ui/sheet";
import { Skeleton } from "@/shared/ui/skeleton";
import { deliveryDetailOptions, replayDeliveryMutation } from "../../api/webhooks";
import { DeliveryStatusBadge, StatusCode } from "../delivery-status-badge";
import { CodeBlock, HeaderList, prettyJson } from "../json-block";
import { DeliveryMarkers } from "./delivery-cells";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

function AttemptItem({ attempt }: { attempt: WebhookAttempt }) {
  const ok = attempt.statusCode !== undefined && attempt.statusCode >= 200 && attempt.statusCode < 300;
  return (
    <li className="flex min-w-0 flex-col gap-2 rounded-lg border p-3" data-testid="attempt" data-ok={ok}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="font-medium">Attempt {attempt.n}</span>
        <StatusCode code={attempt.statusCode} />
        <span className="font-mono text-xs text-muted-foreground">{attempt.latencyMs} ms</span>
        <time dateTime={attempt.at} className="ml-auto text-xs text-muted-foreground">
          {exactTime(attempt.at)}
        </time>
      </div>
      {attempt.error ? (
        <p className="text-sm text-destructive" data-testid="attempt-error">
          {attempt.error}
        </p>
      ) : null}
      <CodeBlock label={`Attempt ${attempt.n} response body`} className="max-h-40">
        {prettyJson(attempt.responseExcerpt)}
      </CodeBlock>
      <details className="min-w-0 text-sm">
        <summary className="cursor-pointer rounded-sm text-xs text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          Response headers ({Object.keys(attempt.responseHeaders).length})
        </summary>
        <div className="mt-2">
          <HeaderList headers={attempt.responseHeaders} label={`Attempt ${attempt.n} response headers`} />
        </div>
      </details>
    </li>
  );
}

function DeliveryDetailBody({ detail, webhook }: { detail: WebhookDeliveryDetail; webhook: Webhook | undefined }) {
  const lastAttempt = detail.attemptLog.at(-1);
  const now = useNow(15_000);
  return (
    <div className="flex min-w-0 flex-col gap-5">
      <dl className="grid grid-cols-2 gap-3">
        <Field label="Status">
          <span className="flex flex-wrap items-center gap-1.5">
            <DeliveryStatusBadge status={detail.status} />
            <DeliveryMarkers delivery={detail} />
          </span>
        </Field>
        <Field label="Attempts">
          <span className="font-mono">{detail.attempts}</span>
        </Field>
        <Field label="Created">
          <time dateTime={detail.createdAt} title={exactTime(detail.createdAt)}>
            {timeAgo(detail.createdAt, now)}
          </time>
        </Field>
        {detail.status === "retrying" && detail.nextAttemptAt ? (
          <Field label="Next retry">
            <time dateTime={detail.nextAttemptAt} title={exactTime(detail.nextAttemptAt)}>
              {timeUntil(detail.nextAttemptAt, now)}
            </time>
          </Field>
        ) : null}
        <div className="col-span-2">
          <Field label="webhook-id (the same on every attempt and replay)">
            <span className="flex min-w-0 items-center gap-1">
              <code className="truncate font-mono text-xs" data-testid="drawer-event-id">
                {detail.eventId}
              </code>
              <CopyButton value={detail.eventId} label="Copy webhook-id" />
            </span>
          </Field>
        </div>
        {detail.replayOf ? (
          <Field label="Replay of">
            <code className="font-mono text-xs">{detail.replayOf}</code>
          </Field>
        ) : null}
        <div className="col-span-2">
          <Field label="Endpoint">
            <span className="break-all font-mono text-xs">{webhook?.url ?? detail.webhookId}</span>
          </Field>
        </div>
      </dl>

      <section className="flex min-w-0 flex-col gap-2" aria-labelledby="delivery-request">
        <h3 id="delivery-request" className="text-sm font-semibold">
          Request
        </h3>
        {lastAttempt ? (
          <HeaderList headers={lastAttempt.requestHeaders} label="Request headers" />
        ) : (
          <p className="text-sm text-muted-foreground">Not sent yet: headers are recorded with the first attempt.</p>
        )}
        <CodeBlock label="Request body" testId="delivery-body">
          {prettyJson(detail.body)}
        </CodeBlock>
      </section>

      <section className="flex min-w-0 flex-col gap-2" aria-labelledby="delivery-attempts">
        <h3 id="delivery-attempts" className="text-sm font-semibold">
          Attempts
        </h3>
        {detail.attemptLog.length === 0 ? (
          <p className="text-sm text-muted-foreground">No attempt yet.</p>
        ) : (
          <ol className="flex flex-col gap-2" aria-label="Attempts">
            {detail.attemptLog.map((attempt) => (
              <AttemptItem key={attempt.n} attempt={attempt} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/** One delivery: request headers and body, every attempt, and replay (which opens the new delivery here). */
export function DeliveryDrawer({
  deliveryId,
  onOpenChange,
  onSelect,
  webhooks,
}: {
  deliveryId: string | null;
  onOpenChange: (open: boolean) => void;
  onSelect: (deliveryId: string) => void;
  webhooks: ReadonlyMap<string, Webhook>;
}) {
  const detail = useQuery({ ...deliveryDetailOptions(deliveryId ?? ""), enabled: deliveryId !== null });
  const replay = useMutation(replayDeliveryMutation());
  const [confirming, setConfirming] = useState(false);
  const data = detail.data;
  const webhook = data ? webhooks.get(data.webhookId) : undefined;
  const endpointOff = webhook ? !webhook.enabled : false;
  return (
    <Sheet open={deliveryId !== null} onOpenChange={onOpenChange}>
      <SheetContent className="w-full gap-0 sm:max-w-xl">
        <SheetHeader className="border-b pr-12">
          <SheetTitle className="font-mono">{data?.event ?? "Delivery"}</SheetTitle>
          <SheetDescription className="font-mono text-xs">{deliveryId}</SheetDescription>
        </SheetHeader>
        <div className="min-h-0 flex-1 overflow-y-auto p-4">
          {detail.isPending ? (
            <div className="flex flex-col gap-3" aria-label="Loading the delivery">
              <Skeleton className="h-24" />
              <Skeleton className="h-48" />
              <Skeleton className="h-32" />
            </div>
          ) : detail.isError ? (
            <InlineLoadError what="Could not load the delivery" error={detail.error} />
          ) : (
            <DeliveryDetailBody detail={detail.data} webhook={webhook} />
          )}
        </div>
        <SheetFooter className="border-t sm:flex-row sm:items-center sm:justify-between">
          <p className="text-xs text-muted-foreground">{endpointOff ? "Enable the endpoint to replay." : "Replays send the same body with the same webhook-id."}</p>
          <Button onClick={() => setConfirming(true)} disabled={!data || replay.isPending || endpointOff}>
            {replay.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <Repeat className="size-4" aria-hidden />}
            Replay
          </Button>
        </SheetFooter>
      </SheetContent>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Replay this delivery?"
        description={
          <>
            The same body is sent again to <span className="break-all font-mono text-xs">{webhook?.url ?? "the endpoint"}</span> with the same{" "}
            <code className="font-mono">webhook-id</code> ({data?.eventId}), as a new delivery with its own retries. Receivers that drop ids they have already handled will
            ignore it.
          </>
        }
        confirmLabel="Replay"
        destructive={false}
        onConfirm={() => replay.mutate(deliveryId!, { onSuccess: (created) => onSelect(created.id) })}
      />
    </Sheet>
  );
}
