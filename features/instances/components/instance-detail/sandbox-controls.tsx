"use client";

import { useMutation } from "@tanstack/react-query";
import { FlaskConical, MessageSquarePlus, PauseCircle, ScanLine, Unplug } from "lucide-react";
import { useState } from "react";
import type { Instance } from "@/contract/instances";
import { DISCONNECT_REASONS } from "@/contract/disconnect-reasons";
import { Button } from "@/shared/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Input } from "@/shared/ui/input";
import { Field, FieldLabel } from "@/shared/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { sandboxActionMutation } from "../../api/instances";
import { isRunning } from "../../lib/instance-status";

/** Sandbox engine only: act as the phone. Clearly marked so nobody mistakes it for WhatsApp. */
export function SandboxControls({ instance }: { instance: Instance }) {
  const sandbox = useMutation(sandboxActionMutation(instance.id));
  const [code, setCode] = useState("428");
  const [from, setFrom] = useState("4915700000001");
  const [text, setText] = useState("Hello from the sandbox");
  const live = instance.status === "CONNECTED";
  return (
    <Card className="border-dashed border-warning" data-testid="sandbox-controls">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <FlaskConical className="size-4 text-warning" aria-hidden /> Sandbox phone
        </CardTitle>
        <CardDescription>Simulated: these buttons act as the phone would. Nothing here reaches WhatsApp.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <Button variant="outline" disabled={instance.status !== "QR_REQUIRED" || sandbox.isPending} onClick={() => sandbox.mutate({ kind: "scan", pushName: "Sandbox phone" })}>
          <ScanLine className="size-4" aria-hidden /> Simulate scan
        </Button>
        <Field>
          <FieldLabel htmlFor="sandbox-code">Simulate a disconnect</FieldLabel>
          <div className="flex gap-2">
            <Select value={code} onValueChange={setCode}>
              <SelectTrigger id="sandbox-code" className="min-w-0 flex-1">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {Object.entries(DISCONNECT_REASONS).map(([value, label]) => (
                  <SelectItem key={value} value={value}>
                    {value} · {label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <Button variant="outline" disabled={!isRunning(instance.status) || sandbox.isPending} onClick={() => sandbox.mutate({ kind: "disconnect", code: Number(code) })}>
              <Unplug className="size-4" aria-hidden /> Disconnect
            </Button>
          </div>
        </Field>
        <div className="flex flex-col gap-2">
          <p className="text-sm font-medium">Simulate a dead connection</p>
          <p className="text-sm text-muted-foreground" id="sandbox-stall-help">
            Stays Connected but nothing gets through, as when WhatsApp silently drops the socket: the watchdog should find it.
          </p>
          <Button variant="outline" aria-describedby="sandbox-stall-help" disabled={!live || sandbox.isPending} onClick={() => sandbox.mutate({ kind: "stall" })}>
            <PauseCircle className="size-4" aria-hidden /> Stall connection
          </Button>
        </div>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            sandbox.mutate({ kind: "inbound", from, text });
          }}
        >
          <Field>
            <FieldLabel htmlFor="sandbox-from">Simulate an inbound message</FieldLabel>
            <Input id="sandbox-from" value={from} onChange={(e) => setFrom(e.target.value)} inputMode="tel" aria-label="From number" />
            <Input value={text} onChange={(e) => setText(e.target.value)} aria-label="Message text" />
            <Button type="submit" variant="outline" disabled={!live || sandbox.isPending}>
              <MessageSquarePlus className="size-4" aria-hidden /> Deliver message
            </Button>
          </Field>
        </form>
      </CardContent>
    </Card>
  );
}
