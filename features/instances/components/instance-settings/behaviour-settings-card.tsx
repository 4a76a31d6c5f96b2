"use client";

import { useQuery } from "@tanstack/react-query";
import { SlidersHorizontal } from "lucide-react";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { instanceSettingsOptions } from "../../api/instance-settings";
import { instanceDetailOptions } from "../../api/instances";
import { isRunning } from "../../lib/instance-status";
import { WatchdogSettingsForm } from "../instance-detail/watchdog-settings-form";
import { BehaviourSettingsForm } from "./behaviour-settings-form";

/** What the session does on its own: calls, presence, read receipts, ignored chats, linking, and the watchdog. */
export function BehaviourSettingsCard({ instanceId }: { instanceId: string }) {
  const settings = useQuery(instanceSettingsOptions(instanceId));
  const { data: instance } = useQuery(instanceDetailOptions(instanceId));
  return (
    <Card data-testid="behaviour-settings">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <SlidersHorizontal className="size-4" aria-hidden /> Behaviour
        </CardTitle>
        <CardDescription>Changes apply to the running session at once, except where marked.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        {settings.isPending ? (
          <div className="flex flex-col gap-3" aria-label="Loading the settings">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : settings.isError ? (
          <InlineLoadError what="Could not load the settings" error={settings.error} onRetry={() => void settings.refetch()} />
        ) : (
          <BehaviourSettingsForm instanceId={instanceId} settings={settings.data} running={instance ? isRunning(instance.status) : false} />
        )}
        <WatchdogSettingsForm instanceId={instanceId} />
      </CardContent>
    </Card>
  );
}
