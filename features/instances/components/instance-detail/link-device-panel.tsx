"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { RefreshCw, Smartphone } from "lucide-react";
import { QRCodeSVG } from "qrcode.react";
import type { Instance } from "@/contract/instances";
import { useNow } from "@/shared/hooks/use-now";
import { secondsUntil } from "@/shared/lib/format-time";
import { Button } from "@/shared/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Skeleton } from "@/shared/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/shared/ui/tabs";
import { instanceActionMutation, instanceQrOptions } from "../../api/instances";
import { isRunning } from "../../lib/instance-status";
import { PairingCodeForm } from "./pairing-code-form";

function QrTab({ instance }: { instance: Instance }) {
  const qr = useQuery(instanceQrOptions(instance.id));
  const now = useNow(1000);
  if (qr.isPending) return <Skeleton className="mx-auto size-[264px] rounded-lg" />;
  if (!qr.data) {
    return <p className="py-10 text-center text-sm text-muted-foreground">Waiting for the gateway to issue a QR code…</p>;
  }
  const left = secondsUntil(qr.data.expiresAt, now);
  return (
    <div className="flex flex-col items-center gap-3">
      <div data-testid="qr-code" data-qr={qr.data.qr} className="w-full max-w-[264px]">
        <QRCodeSVG
          value={qr.data.qr}
          size={264}
          level="L"
          marginSize={2}
          title={`QR code ${qr.data.attempt} of ${qr.data.maxAttempts} to link ${instance.name}`}
          className="h-auto w-full max-w-[264px] rounded-lg bg-white p-1"
        />
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

/** Link the number: a QR that swaps itself as the gateway rotates it, or a pairing code. */
export function LinkDevicePanel({ instance }: { instance: Instance }) {
  const action = useMutation(instanceActionMutation(instance.id));
  if (instance.status !== "QR_REQUIRED") {
    const stopped = !isRunning(instance.status);
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
                ? instance.number
                  ? `Still linked to +${instance.number}, but not connected. Reconnect uses the linked device: no new QR code is needed.`
                  : "Not linked right now. Reconnect to get a new QR code."
                : "Connecting… a QR code appears here if the number needs linking."}
          </CardDescription>
        </CardHeader>
        {stopped ? (
          <CardContent>
            <Button onClick={() => action.mutate("connect")} disabled={action.isPending} data-testid="link-device-reconnect">
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
            <PairingCodeForm instance={instance} />
          </TabsContent>
        </Tabs>
      </CardContent>
    </Card>
  );
}
