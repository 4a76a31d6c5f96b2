"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { RotateCw } from "lucide-react";
import { useState } from "react";
import { Controller, useForm, useWatch, type Control } from "react-hook-form";
import * as z from "zod/mini";
import { DeviceName, RESTART_SETTINGS, RejectCallMessage, type InstanceSettings, type UpdateInstanceSettingsRequest } from "@/contract/instance-settings";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { fieldMessage } from "@/shared/lib/field-message";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { Field, FieldContent, FieldDescription, FieldError, FieldLabel, FieldLegend, FieldSet } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import { Switch } from "@/shared/ui/switch";
import { Textarea } from "@/shared/ui/textarea";
import { updateInstanceSettingsMutation } from "../../api/instance-settings";

const FLAGS = ["rejectCalls", "alwaysOnline", "readMessages", "readStatus", "ignoreGroups", "ignoreStatus", "ignoreNewsletters", "ignoreBroadcasts", "syncFullHistory"] as const;
type Flag = (typeof FLAGS)[number];

/** The form edits everything but the watchdog (its own dialog); an empty reply means none. */
const FormValues = z.object({
  rejectCalls: z.boolean(),
  rejectCallMessage: z.union([z.literal(""), RejectCallMessage]),
  alwaysOnline: z.boolean(),
  readMessages: z.boolean(),
  readStatus: z.boolean(),
  ignoreGroups: z.boolean(),
  ignoreStatus: z.boolean(),
  ignoreNewsletters: z.boolean(),
  ignoreBroadcasts: z.boolean(),
  syncFullHistory: z.boolean(),
  deviceName: DeviceName,
});
type FormValues = z.infer<typeof FormValues>;

const toValues = ({ watchdogPolicy: _policy, watchdogSilenceSeconds: _silence, ...settings }: InstanceSettings): FormValues => ({
  ...settings,
  rejectCallMessage: settings.rejectCallMessage ?? "",
});

const COPY: Record<Flag, { label: string; help: string }> = {
  rejectCalls: { label: "Reject calls", help: "Declines every incoming voice and video call at once. The call still reaches webhooks, marked rejected." },
  alwaysOnline: { label: "Always online", help: "Shows the account online while connected. Off: online only while sending, so the phone keeps its notifications." },
  readMessages: { label: "Mark messages read", help: "Sends read receipts (blue ticks) for every received message at once." },
  readStatus: { label: "Mark status updates seen", help: "Views contacts' status updates as they arrive." },
  ignoreGroups: { label: "Ignore groups", help: "Nothing from groups reaches webhooks, the socket or the log." },
  ignoreStatus: { label: "Ignore status updates", help: "Drops status broadcasts before they are decrypted." },
  ignoreNewsletters: { label: "Ignore channels", help: "Drops everything from WhatsApp channels (newsletters)." },
  ignoreBroadcasts: { label: "Ignore broadcast lists", help: "Drops messages that arrive through broadcast lists." },
  syncFullHistory: { label: "Sync full history", help: "Asks the phone for the whole history while linking. An already linked device must be linked again to get it." },
};

function SwitchField({ control, name, disabled }: { control: Control<FormValues>; name: Flag; disabled?: boolean }) {
  const id = `setting-${name}`;
  return (
    <Field orientation="horizontal" data-disabled={disabled}>
      <FieldContent>
        <FieldLabel htmlFor={id}>{COPY[name].label}</FieldLabel>
        <FieldDescription id={`${id}-help`}>{COPY[name].help}</FieldDescription>
      </FieldContent>
      <Controller
        control={control}
        name={name}
        render={({ field }) => <Switch id={id} checked={field.value} onCheckedChange={field.onChange} onBlur={field.onBlur} disabled={disabled} aria-describedby={`${id}-help`} />}
      />
    </Field>
  );
}

const RestartBadge = () => (
  <Badge variant="outline" className="ml-2 align-middle font-normal">
    <RotateCw className="size-3" aria-hidden /> restarts the session
  </Badge>
);

/** The changed fields as a PATCH body (only what the operator changed, so concurrent edits of others survive). */
function patchOf(values: FormValues, settings: InstanceSettings): UpdateInstanceSettingsRequest {
  const patch: UpdateInstanceSettingsRequest = {};
  for (const flag of FLAGS) if (values[flag] !== settings[flag]) patch[flag] = values[flag];
  const message = values.rejectCallMessage.trim() === "" ? null : values.rejectCallMessage.trim();
  if (message !== settings.rejectCallMessage) patch.rejectCallMessage = message;
  if (values.deviceName.trim() !== settings.deviceName) patch.deviceName = values.deviceName.trim();
  return patch;
}

/**
 * The instance's behaviour settings as one form: grouped switches with a line each, the call reply and the device
 * name. Saving a change that needs a new socket while the session runs asks first: the gateway restarts it (no QR).
 */
export function BehaviourSettingsForm({ instanceId, settings, running }: { instanceId: string; settings: InstanceSettings; running: boolean }) {
  const save = useMutation(updateInstanceSettingsMutation(instanceId));
  const form = useForm<FormValues>({ resolver: zodResolver(FormValues), values: toValues(settings) });
  const [confirming, setConfirming] = useState<UpdateInstanceSettingsRequest | null>(null);
  const rejectCalls = useWatch({ control: form.control, name: "rejectCalls" });
  const { errors, isDirty } = form.formState;

  const submit = (patch: UpdateInstanceSettingsRequest) => save.mutate(patch, { onSuccess: ({ settings: saved }) => form.reset(toValues(saved)) });
  const onSubmit = form.handleSubmit((values) => {
    const patch = patchOf(values, settings);
    if (Object.keys(patch).length === 0) return form.reset(toValues(settings));
    if (running && RESTART_SETTINGS.some((name) => patch[name] !== undefined)) setConfirming(patch);
    else submit(patch);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6" aria-label="Behaviour settings">
      <FieldSet>
        <FieldLegend>Calls</FieldLegend>
        <SwitchField control={form.control} name="rejectCalls" />
        <Field data-invalid={!!errors.rejectCallMessage}>
          <FieldLabel htmlFor="setting-rejectCallMessage">Reply to rejected calls</FieldLabel>
          <Textarea
            id="setting-rejectCallMessage"
            rows={2}
            placeholder="Sorry, this number does not take calls. Please write a message."
            aria-invalid={!!errors.rejectCallMessage}
            aria-describedby={errors.rejectCallMessage ? "setting-rejectCallMessage-error" : "setting-rejectCallMessage-help"}
            {...form.register("rejectCallMessage")}
          />
          {errors.rejectCallMessage ? (
            <FieldError id="setting-rejectCallMessage-error">{fieldMessage("The reply", errors.rejectCallMessage.message)}</FieldError>
          ) : (
            <FieldDescription id="setting-rejectCallMessage-help">
              {rejectCalls ? "Sent to the caller as a message after each rejected call." : "Sent only while calls are rejected; it can be written beforehand."} Empty: no reply.
            </FieldDescription>
          )}
        </Field>
      </FieldSet>
      <FieldSet>
        <FieldLegend>Presence and read receipts</FieldLegend>
        <SwitchField control={form.control} name="alwaysOnline" />
        <SwitchField control={form.control} name="readMessages" />
        <SwitchField control={form.control} name="readStatus" />
      </FieldSet>
      <FieldSet>
        <FieldLegend>Ignore</FieldLegend>
        <FieldDescription className="-mt-2">Ignored chats produce no webhooks, socket events or log entries.</FieldDescription>
        <SwitchField control={form.control} name="ignoreGroups" />
        <SwitchField control={form.control} name="ignoreStatus" />
        <SwitchField control={form.control} name="ignoreNewsletters" />
        <SwitchField control={form.control} name="ignoreBroadcasts" />
      </FieldSet>
      <FieldSet>
        <FieldLegend>
          Linking
          <RestartBadge />
        </FieldLegend>
        <Field data-invalid={!!errors.deviceName}>
          <FieldLabel htmlFor="setting-deviceName">Device name</FieldLabel>
          <Input
            id="setting-deviceName"
            autoComplete="off"
            aria-invalid={!!errors.deviceName}
            aria-describedby={errors.deviceName ? "setting-deviceName-error" : "setting-deviceName-help"}
            {...form.register("deviceName")}
          />
          {errors.deviceName ? (
            <FieldError id="setting-deviceName-error">{fieldMessage("The device name", errors.deviceName.message, "Enter a device name.")}</FieldError>
          ) : (
            <FieldDescription id="setting-deviceName-help">What the phone lists under Linked devices. A device already linked keeps its old name until it is linked again.</FieldDescription>
          )}
        </Field>
        <SwitchField control={form.control} name="syncFullHistory" />
      </FieldSet>
      <div className="flex flex-wrap items-center justify-end gap-2 border-t pt-4">
        {isDirty ? <p className="mr-auto text-sm text-muted-foreground">Unsaved changes</p> : null}
        <Button type="button" variant="outline" disabled={!isDirty || save.isPending} onClick={() => form.reset(toValues(settings))}>
          Discard
        </Button>
        <Button type="submit" disabled={!isDirty || save.isPending}>
          Save settings
        </Button>
      </div>
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title="Restart the session to apply?"
        description="The device name and full history sync take effect on a new connection. The gateway restarts the session with the same credentials: it reconnects by itself, no QR needed."
        confirmLabel="Save and restart"
        destructive={false}
        onConfirm={() => {
          if (confirming) submit(confirming);
          setConfirming(null);
        }}
      />
    </form>
  );
}
