"use client";

import { useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import type { WatchdogPolicy, WatchdogSettings } from "@/contract/watchdog";
import { FormLoading } from "@/shared/components/feedback/form-loading";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/shared/ui/dialog";
import { Skeleton } from "@/shared/ui/skeleton";
import { instanceWatchdogOptions } from "../../api/instances";
import { describeSeconds } from "../../lib/watchdog";

// The form loads when the dialog first opens, or when the pointer or focus reaches the button before that.
const loadForm = () => import("./watchdog-form");
const WatchdogForm = dynamic(() => loadForm().then((m) => m.WatchdogForm), { ssr: false, loading: () => <FormLoading /> });

const POLICY_SENTENCE: Record<WatchdogPolicy, (silence: string) => string> = {
  restart: (silence) => `restarts it after ${silence} without traffic (no QR needed)`,
  alert: (silence) => `marks it unresponsive after ${silence} without traffic, without restarting it`,
  off: () => "does not watch it",
};

function watchdogSentence(settings: WatchdogSettings): string {
  const own = settings.instancePolicy !== null || settings.instanceSilenceSeconds !== null;
  return `The watchdog ${POLICY_SENTENCE[settings.policy](describeSeconds(settings.silenceSeconds))}${own ? "" : " (the gateway's default)"}.`;
}

/** What the watchdog does when this connected instance goes silent, and a dialog to change it. */
export function WatchdogSettingsForm({ instanceId }: { instanceId: string }) {
  const [open, setOpen] = useState(false);
  const settings = useQuery(instanceWatchdogOptions(instanceId));
  return (
    <div className="flex flex-col gap-2 border-t pt-4 sm:flex-row sm:items-start sm:justify-between" data-testid="watchdog-settings">
      <div className="flex min-w-0 gap-2 text-sm">
        <ShieldCheck className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
        {settings.isPending ? (
          <Skeleton className="h-5 w-64" />
        ) : settings.isError ? (
          <InlineLoadError what="Could not load the watchdog settings" error={settings.error} />
        ) : (
          <p>{watchdogSentence(settings.data)}</p>
        )}
      </div>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild onPointerEnter={() => void loadForm()} onFocus={() => void loadForm()}>
          <Button variant="outline" size="sm" disabled={!settings.data} className="shrink-0">
            Watchdog settings
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Watchdog</DialogTitle>
            <DialogDescription>
              A session can show Connected while WhatsApp no longer talks to it. When this one hears nothing for the threshold, the watchdog asks WhatsApp for an answer; without one, it
              acts.
            </DialogDescription>
          </DialogHeader>
          {settings.data ? <WatchdogForm instanceId={instanceId} settings={settings.data} onDone={() => setOpen(false)} /> : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}
