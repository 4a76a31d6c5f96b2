"use client";

import { useMutation } from "@tanstack/react-query";
import { CheckCircle2, Loader2, Send, XCircle } from "lucide-react";
import { useId, useState } from "react";
import { WEBHOOK_EVENT_SAMPLES } from "@/contract/webhook-samples";
import { WEBHOOK_EVENT_GROUPS, type Webhook, type WebhookEventType } from "@/contract/webhooks";
import { CopyButton } from "@/shared/components/copy-button";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { Select, SelectContent, SelectGroup, SelectItem, SelectLabel, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { testWebhookMutation } from "../api/webhooks";
import { StatusCode } from "./delivery-status-badge";
import { EVENT_META, GROUP_LABELS } from "@/shared/components/webhook-events/event-types";
import { CodeBlock, HeaderList, prettyJson } from "./json-block";

/** The test tool: sends a signed sample of the chosen event now and shows what the receiver answered. */
export function TestWebhookDialog({ webhook, open, onOpenChange }: { webhook: Webhook; open: boolean; onOpenChange: (open: boolean) => void }) {
  const id = useId();
  const [event, setEvent] = useState<WebhookEventType>(webhook.events[0] ?? "message.received");
  const test = useMutation(testWebhookMutation(webhook.id));
  const result = test.data;
  const setOpen = (next: boolean) => {
    onOpenChange(next);
    if (!next) test.reset();
  };
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Send a test event</DialogTitle>
          <DialogDescription>
            Signs a sample of the event and POSTs it to <span className="font-mono break-all">{webhook.url}</span> now, with your custom headers. It is logged as a test
            delivery and never retried.
          </DialogDescription>
        </DialogHeader>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <Field className="min-w-0 flex-1">
            <FieldLabel htmlFor={`${id}-event`}>Event</FieldLabel>
            <Select value={event} onValueChange={(value) => setEvent(value as WebhookEventType)}>
              <SelectTrigger id={`${id}-event`} className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {(Object.entries(WEBHOOK_EVENT_GROUPS) as Array<[keyof typeof WEBHOOK_EVENT_GROUPS, readonly WebhookEventType[]]>).map(([group, types]) => (
                  <SelectGroup key={group}>
                    <SelectLabel>{GROUP_LABELS[group]}</SelectLabel>
                    {types.map((type) => (
                      <SelectItem key={type} value={type}>
                        <span className="font-mono text-xs">{type}</span>
                        <span className="text-muted-foreground">{EVENT_META[type].label}</span>
                      </SelectItem>
                    ))}
                  </SelectGroup>
                ))}
              </SelectContent>
            </Select>
          </Field>
          <Button onClick={() => test.mutate(event)} disabled={test.isPending}>
            {test.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <Send className="size-4" aria-hidden />}
            Send test
          </Button>
        </div>
        {!webhook.events.includes(event) ? <FieldDescription>This endpoint is not subscribed to {event}; the test is sent anyway.</FieldDescription> : null}

        <section aria-live="polite" aria-busy={test.isPending} className="flex min-w-0 flex-col gap-3" data-testid="test-result">
          {result ? (
            <>
              <div
                className={`flex flex-wrap items-center gap-x-4 gap-y-2 rounded-md border p-3 text-sm ${result.ok ? "border-success/50 bg-success/10" : "border-destructive/50 bg-destructive/10"}`}
              >
                <span className="flex items-center gap-1.5 font-medium">
                  {result.ok ? <CheckCircle2 className="size-4 text-success" aria-hidden /> : <XCircle className="size-4 text-destructive" aria-hidden />}
                  {result.ok ? "Delivered" : "Failed"}
                </span>
                <span>
                  Status <StatusCode code={result.statusCode} />
                </span>
                <span>
                  Latency <span className="font-mono" data-testid="test-latency">{result.latencyMs} ms</span>
                </span>
                <span className="flex min-w-0 items-center gap-1">
                  <span className="text-muted-foreground">webhook-id</span>
                  <code className="truncate font-mono text-xs" data-testid="test-payload-id">
                    {result.payloadId}
                  </code>
                  <CopyButton value={result.payloadId} label="Copy webhook-id" />
                </span>
              </div>
              {result.error ? (
                <p role="alert" className="rounded-md border border-destructive/50 p-3 text-sm text-destructive" data-testid="test-error">
                  {result.error}
                </p>
              ) : null}
              <div className="flex min-w-0 flex-col gap-1">
                <h3 className="text-sm font-medium">Response headers</h3>
                <HeaderList headers={result.responseHeaders} label="Response headers" />
              </div>
              <div className="flex min-w-0 flex-col gap-1">
                <h3 className="text-sm font-medium">Response body (first 1 KiB)</h3>
                <CodeBlock label="Response body" testId="test-response-body">
                  {prettyJson(result.bodyExcerpt)}
                </CodeBlock>
              </div>
            </>
          ) : (
            <FieldError errors={[test.error ?? undefined]} />
          )}
        </section>

        <details className="group min-w-0 text-sm">
          <summary className="cursor-pointer rounded-sm font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">Sample payload</summary>
          <CodeBlock label="Sample payload" className="mt-2">
            {JSON.stringify(WEBHOOK_EVENT_SAMPLES[event], null, 2)}
          </CodeBlock>
        </details>

        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Close
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
