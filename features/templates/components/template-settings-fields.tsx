"use client";

import { Controller, useWatch, type UseFormReturn } from "react-hook-form";
import { fieldMessage } from "@/shared/lib/field-message";
import { Checkbox } from "@/shared/ui/checkbox";
import { Field, FieldDescription, FieldError, FieldLabel, FieldLegend, FieldSet } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { Textarea } from "@/shared/ui/textarea";
import { ToggleGroup, ToggleGroupItem } from "@/shared/ui/toggle-group";
import type { FlagChoice, TemplateFormValues, WatchdogChoice } from "../lib/template-form";
import { SETTING_LABELS, TEMPLATE_FLAGS, WATCHDOG_POLICY_LABELS, type TemplateFlag } from "../lib/template-words";

type Form = UseFormReturn<TemplateFormValues>;

const CHOICES: Array<{ value: FlagChoice; label: string }> = [
  { value: "keep", label: "Leave as is" },
  { value: "on", label: "On" },
  { value: "off", label: "Off" },
];

/** One switch setting as three choices: leave each instance's as it is, turn it on, turn it off. */
function FlagField({ form, flag }: { form: Form; flag: TemplateFlag }) {
  const id = `template-flag-${flag}`;
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1.5 border-b py-2 last:border-b-0">
      <span id={id} className="text-sm">
        {SETTING_LABELS[flag]}
      </span>
      <Controller
        control={form.control}
        name={`flags.${flag}`}
        render={({ field }) => (
          <ToggleGroup type="single" className="ml-auto" value={field.value} onValueChange={(value) => value && field.onChange(value)} aria-labelledby={id}>
            {CHOICES.map((choice) => (
              <ToggleGroupItem key={choice.value} value={choice.value} className="px-2 text-xs">
                {choice.label}
              </ToggleGroupItem>
            ))}
          </ToggleGroup>
        )}
      />
    </div>
  );
}

/** A text setting: set it (with its value), or leave each instance's as it is. */
function SetCheckbox({ form, name, label }: { form: Form; name: "setRejectCallMessage" | "setDeviceName"; label: string }) {
  return (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => (
        <label className="flex items-center gap-2 text-sm font-medium">
          <Checkbox checked={field.value} onCheckedChange={(checked) => field.onChange(checked === true)} />
          {label}
        </label>
      )}
    />
  );
}

const WATCHDOG_CHOICES: Array<{ value: WatchdogChoice; label: string }> = [
  { value: "keep", label: "Leave as is" },
  { value: "default", label: "The gateway's default" },
  ...(Object.entries(WATCHDOG_POLICY_LABELS) as Array<[WatchdogChoice, string]>).map(([value, label]) => ({ value, label })),
];

/** The behaviour settings a template sets; each can be left as every instance has it. */
export function TemplateSettingsFields({ form }: { form: Form }) {
  const { errors } = form.formState;
  const [setReply, setName] = useWatch({ control: form.control, name: ["setRejectCallMessage", "setDeviceName"] });
  return (
    <FieldSet>
      <FieldLegend>Settings</FieldLegend>
      <FieldDescription className="-mt-2">What you leave as is stays as each instance has it.</FieldDescription>
      <div role="group" aria-label="Switches" className="flex flex-col">
        {TEMPLATE_FLAGS.map((flag) => (
          <FlagField key={flag} form={form} flag={flag} />
        ))}
      </div>
      <Field data-invalid={!!errors.rejectCallMessage}>
        <SetCheckbox form={form} name="setRejectCallMessage" label="Set the reply to rejected calls" />
        {setReply ? (
          <>
            <FieldLabel htmlFor="template-rejectCallMessage" className="sr-only">
              Reply to rejected calls
            </FieldLabel>
            <Textarea
              id="template-rejectCallMessage"
              rows={2}
              placeholder="Sorry, this number does not take calls. Please write a message."
              aria-invalid={!!errors.rejectCallMessage}
              aria-describedby="template-rejectCallMessage-help"
              {...form.register("rejectCallMessage")}
            />
            <FieldDescription id="template-rejectCallMessage-help">Empty: no reply (clears an instance&apos;s reply).</FieldDescription>
            <FieldError>{fieldMessage("The reply", errors.rejectCallMessage?.message)}</FieldError>
          </>
        ) : null}
      </Field>
      <Field data-invalid={!!errors.deviceName}>
        <SetCheckbox form={form} name="setDeviceName" label="Set the device name" />
        {setName ? (
          <>
            <FieldLabel htmlFor="template-deviceName" className="sr-only">
              Device name
            </FieldLabel>
            <Input id="template-deviceName" autoComplete="off" aria-invalid={!!errors.deviceName} aria-describedby="template-deviceName-help" {...form.register("deviceName")} />
            <FieldDescription id="template-deviceName-help">Shown on the phone under Linked devices from the next link; a running session restarts (no QR).</FieldDescription>
            <FieldError>{fieldMessage("The device name", errors.deviceName?.message, "Enter a device name.")}</FieldError>
          </>
        ) : null}
      </Field>
      <Field>
        <FieldLabel htmlFor="template-watchdogPolicy">Watchdog policy</FieldLabel>
        <Controller
          control={form.control}
          name="watchdogPolicy"
          render={({ field }) => (
            <Select value={field.value} onValueChange={field.onChange}>
              <SelectTrigger id="template-watchdogPolicy" className="w-full sm:w-64">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {WATCHDOG_CHOICES.map((choice) => (
                  <SelectItem key={choice.value} value={choice.value}>
                    {choice.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        />
      </Field>
    </FieldSet>
  );
}
