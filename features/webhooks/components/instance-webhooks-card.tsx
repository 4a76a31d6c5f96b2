"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ArrowRight, Webhook as WebhookIcon } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import type { Webhook } from "@/contract/webhooks";
import { useNow } from "@/shared/hooks/use-now";
import { Button } from "@/shared/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import type { InstanceChoice } from "../api/webhook-form-schema";
import { deliveryListOptions, webhookListOptions } from "../api/webhooks";
import { CreateWebhookButton } from "./create-webhook-button";
import { shortUrl } from "./deliveries/delivery-cells";
import { DeliveryDrawer } from "./deliveries/delivery-drawer";
import { RecentDeliveryList } from "./deliveries/recent-delivery-list";
import { WebhookEnabledSwitch } from "./endpoints/webhook-enabled-switch";
import { WebhookHealth } from "./endpoints/webhook-health";
import { eventsSummary } from "./endpoints/webhook-scope";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";

const RECENT = 6;

/** On an instance's page: the endpoints that receive its events and its latest deliveries, live. */
export function InstanceWebhooksCard({ instanceId, instances }: { instanceId: string; instances: readonly InstanceChoice[] }) {
  const endpoints = useQuery(webhookListOptions({ instanceId }));
  const all = useQuery(webhookListOptions());
  const deliveries = useInfiniteQuery(deliveryListOptions({ instanceId, limit: RECENT }));
  const now = useNow(15_000);
  const [openId, setOpenId] = useState<string | null>(null);
  const webhooks = useMemo(() => new Map<string, Webhook>([...(all.data ?? []), ...(endpoints.data ?? [])].map((w) => [w.id, w])), [all.data, endpoints.data]);
  const recent = useMemo(() => (deliveries.data?.pages[0]?.items ?? []).slice(0, RECENT), [deliveries.data]);
  const fullPage = `/webhooks?filter.instance=${encodeURIComponent(instanceId)}`;

  return (
    <Card data-testid="instance-webhooks">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <WebhookIcon className="size-4" aria-hidden /> Webhooks
        </CardTitle>
        <CardDescription>Endpoints that receive this instance&apos;s events, and its latest deliveries.</CardDescription>
        <CardAction>
          <CreateWebhookButton instances={instances} defaultInstanceId={instanceId} size="sm" variant="outline" />
        </CardAction>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        <section aria-label="Endpoints for this instance" className="flex flex-col gap-2">
          <h2 className="text-sm font-medium">Endpoints</h2>
          {endpoints.isPending ? (
            <Skeleton className="h-14 w-full" />
          ) : endpoints.isError ? (
            <InlineLoadError what="Could not load the endpoints" error={endpoints.error} />
          ) : endpoints.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">No endpoint receives this instance&apos;s events yet.</p>
          ) : (
            <ul className="flex flex-col divide-y rounded-lg border">
              {endpoints.data.map((w) => (
                <li key={w.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-3">
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-mono text-sm" title={w.url}>
                      {shortUrl(w.url)}
                    </p>
                    <p className="text-xs text-muted-foreground">
                      {w.instanceId ? "This instance only" : "All instances"} · {eventsSummary(w)}
                    </p>
                  </div>
                  <WebhookHealth webhook={w} now={now} className="text-xs" />
                  <WebhookEnabledSwitch webhook={w} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label="Recent deliveries for this instance" className="flex flex-col gap-2">
          <h2 className="text-sm font-medium">Recent deliveries</h2>
          {deliveries.isError ? (
            <InlineLoadError what="Could not load the deliveries" error={deliveries.error} />
          ) : deliveries.isPending ? (
            <Skeleton className="h-32 w-full" />
          ) : recent.length === 0 ? (
            <p className="text-sm text-muted-foreground">No deliveries for this instance yet.</p>
          ) : (
            <RecentDeliveryList deliveries={recent} webhooks={webhooks} now={now} onOpen={setOpenId} />
          )}
        </section>
      </CardContent>
      <CardFooter>
        <Button asChild variant="link" className="h-auto px-0 text-left whitespace-normal">
          <Link prefetch={false} href={fullPage}>
            All webhooks and deliveries for this instance <ArrowRight className="size-4" aria-hidden />
          </Link>
        </Button>
      </CardFooter>
      <DeliveryDrawer deliveryId={openId} onOpenChange={(open) => !open && setOpenId(null)} onSelect={setOpenId} webhooks={webhooks} />
    </Card>
  );
}
