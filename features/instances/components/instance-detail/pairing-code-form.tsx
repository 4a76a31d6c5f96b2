"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useForm } from "react-hook-form";
import type { Instance } from "@/contract/instances";
import { fieldMessage } from "@/shared/lib/field-message";
import { CopyButton } from "@/shared/components/copy-button";
import { Button } from "@/shared/ui/button";
import { Input } from "@/shared/ui/input";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { pairingFormSchema } from "../../api/instance-form-schemas";
import { pairingCodeMutation } from "../../api/instances";

/** Link with a pairing code instead of the QR: the second tab of `LinkDevicePanel`. */
export function PairingCodeForm({ instance }: { instance: Instance }) {
  const request = useMutation(pairingCodeMutation(instance.id));
  // The schema normalises the number (spaces, "+", brackets out); handleSubmit receives its output.
  const form = useForm({ resolver: zodResolver(pairingFormSchema), defaultValues: { phoneNumber: "" } });
  const error = form.formState.errors.phoneNumber?.message;
  const onSubmit = form.handleSubmit((values) => request.mutate(values.phoneNumber));
  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={onSubmit} noValidate>
        <Field data-invalid={!!error}>
          <FieldLabel htmlFor="pairing-phone">Phone number</FieldLabel>
          <div className="flex gap-2">
            <Input id="pairing-phone" inputMode="tel" placeholder="4915123456789" aria-invalid={!!error} aria-describedby="pairing-phone-help" {...form.register("phoneNumber")} />
            <Button type="submit" disabled={request.isPending}>
              {request.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
              Get code
            </Button>
          </div>
          {error ? <FieldError id="pairing-phone-help">{fieldMessage("Phone number", error)}</FieldError> : <FieldDescription id="pairing-phone-help">The full international number of the phone to link, country code first.</FieldDescription>}
        </Field>
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
