"use client";

import { useQuery } from "@tanstack/react-query";
import { Loader2, RefreshCw, Smartphone } from "lucide-react";
import dynamic from "next/dynamic";
import { useForm } from "react-hook-form";
import type { Instance } from "@/contract/instances";
import { CopyButton } from "@/shared/components/copy-button";
import { useNow } from "@/shared/hooks/use-now";
import { secondsUntil } from "@/shared/lib/format-time";
import { lazyZodResolver } from "@/shared/lib/lazy-zod-resolver";
import { Button } from "@/shared/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Input } from "@/shared/ui/input";
import { Label } from "@/shared/ui/label";
import { Skeleton } from "@/shared/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/shared/ui/tabs";
import { instanceQrQuery } from "../../api/instance-queries";
import type { PairingFormValues } from "../../api/instance-form-schemas";
import { useInstanceAction, useRequestPairingCode } from "../../api/instance-mutations";

// The schema normalises the number (spaces, "+", brackets out); handleSubmit receives its output.
const pairingResolver = lazyZodResolver<PairingFormValues>(() => import("../../api/instance-form-schemas").then((m) => m.pairingFormSchema));

const QrCodeImage = dynamic(() => import("./qr-code-image"), { ssr: false, loading: () => <Skeleton className="size-[264px] rounded-lg" /> });

function QrTab({ instance }: { instance: Instance }) {
  const qr = useQuery(instanceQrQuery(instance.id));
  const now = useNow(1000);
  if (qr.isPending) return <Skeleton className="mx-auto size-[264px] rounded-lg" />;
  if (!qr.data) {
    return <p className="py-10 text-center text-sm text-muted-foreground">Waiting for the gateway to issue a QR code…</p>;
  }
  const left = secondsUntil(qr.data.expiresAt, now);
  return (
    <div className="flex flex-col items-center gap-3">
      <div data-testid="qr-code" data-qr={qr.data.qr} className="w-full max-w-[264px]">
        <QrCodeImage value={qr.data.qr} label={`QR code ${qr.data.attempt} of ${qr.data.maxAttempts} to link ${instance.name}`} />
      </div>
      <p className="text-sm" aria-live="polite">
        <span className="font-medium">
          Attempt {qr.data.attempt} of {qr.data.maxAttempts}
        </span>
        <span className="text-muted-foreground"> · {left > 0 ? `new code in ${left} s` : "refreshing…"}</span>
      </p>
      <ol className="list-decimal space-y-1 pl-5 text-sm text-muted-foreground">
        <li>Open WhatsApp on the phone.</li>
        <li>Go to Settings → Linked devices → Link a device.</li>
        <li>Point the phone at this code. It refreshes by itself.</li>
      </ol>
    </div>
  );
}

function PairingTab({ instance }: { instance: Instance }) {
  const request = useRequestPairingCode(instance.id);
  const form = useForm<PairingFormValues>({ resolver: pairingResolver, defaultValues: { phoneNumber: "" } });
  const error = form.formState.errors.phoneNumber?.message;
  const onSubmit = form.handleSubmit((values) => request.mutate(values.phoneNumber));
  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2">
        <Label htmlFor="pairing-phone">Phone number</Label>
        <div className="flex gap-2">
          <Input id="pairing-phone" inputMode="tel" placeholder="4915123456789" aria-invalid={!!error} aria-describedby="pairing-phone-help" {...form.register("phoneNumber")} />
          <Button type="submit" disabled={request.isPending}>
            {request.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
            Get code
          </Button>
        </div>
        <p id="pairing-phone-help" className={error ? "text-sm text-destructive" : "text-xs text-muted-foreground"}>
          {error ?? "The full international number of the phone to link, country code first."}
        </p>
      </form>
      {request.data ? (
        <div className="flex flex-col items-center gap-3 rounded-lg border bg-muted/40 p-4">
          <p className="text-sm text-muted-foreground">Pairing code for +{request.data.phoneNumber}</p>
          <div className="flex items-center gap-2">
            <span data-testid="pairing-code" className="font-mono text-3xl font-semibold tracking-[0.2em]">
              {request.data.code}
            </span>
            <CopyButton value={request.data.code.replace("-", "")} label="Copy pairing code" />
          </div>
          <ol className="list-decimal space-y-1 self-start pl-5 text-sm text-muted-foreground">
            <li>On the phone: Settings → Linked devices → Link a device.</li>
            <li>Tap “Link with phone number instead”.</li>
            <li>Type this code. It works while this instance waits for a scan.</li>
          </ol>
        </div>
      ) : null}
    </div>
  );
}

/** Link the number: a QR that swaps itself as the gateway rotates it, or a pairing code. */
export function LinkDevicePanel({ instance }: { instance: Instance }) {
  const action = useInstanceAction(instance.id);
  if (instance.status !== "QR_REQUIRED") {
    const stopped = instance.status === "DISCONNECTED" || instance.status === "ERROR";
    return (
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <Smartphone className="size-4" aria-hidden /> Linked device
          </CardTitle>
          <CardDescription>
            {instance.status === "CONNECTED"
              ? `Linked to +${instance.number ?? "?"}${instance.pushName ? ` (${instance.pushName})` : ""}.`
              : stopped
                ? "Not linked right now. Reconnect to get a new QR code."
                : "Connecting… a QR code appears here if the number needs linking."}
          </CardDescription>
        </CardHeader>
        {stopped ? (
          <CardContent>
            <Button onClick={() => action.mutate("connect")} disabled={action.isPending}>
              <RefreshCw className="size-4" aria-hidden /> Reconnect
            </Button>
          </CardContent>
        ) : null}
      </Card>
    );
  }
  return (
    <Card data-testid="link-device">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Smartphone className="size-4" aria-hidden /> Link this number
        </CardTitle>
        <CardDescription>Scan the QR code with WhatsApp, or link with the phone number instead.</CardDescription>
      </CardHeader>
      <CardContent>
        <Tabs defaultValue="qr">
          <TabsList className="mb-4 w-full">
            <TabsTrigger value="qr">QR code</TabsTrigger>
            <TabsTrigger value="phone">Phone number</TabsTrigger>
          </TabsList>
          <TabsContent value="qr">
            <QrTab instance={instance} />
          </TabsContent>
          <TabsContent value="phone">
            <PairingTab instance={instance} />
          </TabsContent>
        </Tabs>
      </CardContent>
    </Card>
  );
}
