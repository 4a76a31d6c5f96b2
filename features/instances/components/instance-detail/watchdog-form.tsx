"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Controller, useForm } from "react-hook-form";
import * as z from "zod/mini";
import { WATCHDOG_MIN_SILENCE_SECONDS, WatchdogPolicy, type WatchdogSettings } from "@/contract/watchdog";
import { fieldMessage } from "@/shared/lib/field-message";
import { Button } from "@/shared/ui/button";
import { DialogFooter } from "@/shared/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { updateWatchdogMutation } from "../../api/instances";
import { describeSeconds } from "../../lib/watchdog";

const DEFAULT = "default";
const POLICY_LABELS: Record<WatchdogPolicy, string> = { restart: "Restart the session", alert: "Only mark it (alerts fire)", off: "Do not watch" };

/** Minutes in the form, seconds in the API; empty minutes means the gateway's default. */
const FormValues = z.object({
  policy: z.union([WatchdogPolicy, z.literal(DEFAULT)]),
  minutes: z.string().check(
    z.refine((v) => v.trim() === "" || (/^\d+(\.\d+)?$/.test(v.trim()) && Number(v) * 60 >= WATCHDOG_MIN_SILENCE_SECONDS && Number(v) <= 1440), {
      message: `must be a number of minutes from ${WATCHDOG_MIN_SILENCE_SECONDS / 60} to 1440, or empty for the gateway's default`,
    }),
  ),
});
type FormValues = z.infer<typeof FormValues>;

export function WatchdogForm({ instanceId, settings, onDone }: { instanceId: string; settings: WatchdogSettings; onDone: () => void }) {
  const save = useMutation(updateWatchdogMutation(instanceId));
  const form = useForm<FormValues>({
    resolver: zodResolver(FormValues),
    values: { policy: settings.instancePolicy ?? DEFAULT, minutes: settings.instanceSilenceSeconds === null ? "" : String(Math.round((settings.instanceSilenceSeconds / 60) * 100) / 100) },
  });
  const minutesError = form.formState.errors.minutes?.message;
  const onSubmit = form.handleSubmit(({ policy, minutes }) =>
    save.mutate(
      { policy: policy === DEFAULT ? null : policy, silenceSeconds: minutes.trim() === "" ? null : Math.round(Number(minutes) * 60) },
      { onSuccess: onDone },
    ),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field>
        <FieldLabel htmlFor="watchdog-policy">When it finds the session dead</FieldLabel>
        <Controller
          control={form.control}
          name="policy"
          render={({ field }) => (
            <Select value={field.value} onValueChange={field.onChange}>
              <SelectTrigger id="watchdog-policy" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={DEFAULT}>Gateway default ({POLICY_LABELS[settings.defaultPolicy].toLowerCase()})</SelectItem>
                {WatchdogPolicy.options.map((policy) => (
                  <SelectItem key={policy} value={policy}>
                    {POLICY_LABELS[policy]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        />
      </Field>
      <Field data-invalid={!!minutesError}>
        <FieldLabel htmlFor="watchdog-minutes">Silence before it checks (minutes)</FieldLabel>
        <Input
          id="watchdog-minutes"
          inputMode="decimal"
          placeholder={`${describeSeconds(settings.defaultSilenceSeconds)} (gateway default)`}
          aria-invalid={!!minutesError}
          aria-describedby={minutesError ? "watchdog-minutes-error" : "watchdog-minutes-help"}
          {...form.register("minutes")}
        />
        {minutesError ? (
          <FieldError id="watchdog-minutes-error">{fieldMessage("The silence", minutesError)}</FieldError>
        ) : (
          <FieldDescription id="watchdog-minutes-help">
            WhatsApp answers a healthy session&apos;s keep-alive every 30 seconds, so at least {WATCHDOG_MIN_SILENCE_SECONDS / 60} minute. Empty: the gateway&apos;s default.
          </FieldDescription>
        )}
      </Field>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.isPending}>
          Save
        </Button>
      </DialogFooter>
    </form>
  );
}
