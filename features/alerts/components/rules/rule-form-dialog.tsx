"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useMemo } from "react";
import { Controller, useForm, useWatch, type Control } from "react-hook-form";
import type { AlertRule, AlertRuleKind, AlertSeverity } from "@/contract/alerts";
import { fieldMessage } from "@/shared/lib/field-message";
import { Button } from "@/shared/ui/button";
import { Checkbox } from "@/shared/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel, FieldLegend, FieldSet } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import { Label } from "@/shared/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { Switch } from "@/shared/ui/switch";
import { alertChannelListOptions, createAlertRuleMutation, updateAlertRuleMutation } from "../../api/alerts";
import { CHANNEL_TYPE_LABELS, KIND_LABELS, minutesInWords, ruleCondition, SEVERITY_LABELS } from "../../lib/alert-words";
import {
  ALERTABLE_STATUSES,
  emptyRuleForm,
  ruleFieldOf,
  ruleFormSchema,
  ruleToForm,
  takesDuration,
  toCreateRuleRequest,
  toUpdateRuleRequest,
  watchesInstances,
  type RuleFormValues,
} from "../../lib/rule-form";
import { placeSaveError } from "../form-error";
import type { InstanceChoice } from "../instance-choice";

const KINDS = Object.keys(KIND_LABELS) as AlertRuleKind[];
const SEVERITIES = Object.keys(SEVERITY_LABELS) as AlertSeverity[];
const STATUS_LABELS = { DISCONNECTED: "Disconnected", ERROR: "Error", QR_REQUIRED: "Waiting for a QR scan" } as const;

/** Create or edit a rule. Closing the dialog unmounts the form, so every opening starts from fresh values. */
export function RuleFormDialog({ open, onOpenChange, rule, instances }: { open: boolean; onOpenChange: (open: boolean) => void; rule?: AlertRule; instances: readonly InstanceChoice[] }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-2xl">
        <RuleForm rule={rule} instances={instances} onDone={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}

/** A list of checkboxes for a string-array field. */
function CheckboxList({
  control,
  name,
  options,
  legend,
  description,
  error,
  idPrefix,
}: {
  control: Control<RuleFormValues>;
  name: "statuses" | "instanceIds" | "channelIds";
  options: ReadonlyArray<{ value: string; label: string; hint?: string }>;
  legend: string;
  description?: string;
  error?: string;
  idPrefix: string;
}) {
  return (
    <FieldSet data-invalid={!!error} aria-describedby={error ? `${idPrefix}-error` : undefined}>
      <FieldLegend variant="label">{legend}</FieldLegend>
      {description ? <FieldDescription className="-mt-2">{description}</FieldDescription> : null}
      <Controller
        control={control}
        name={name}
        render={({ field }) => {
          const value = field.value as string[];
          return (
            <div className="flex max-h-48 flex-col gap-2 overflow-y-auto">
              {options.map((option) => (
                <div key={option.value} className="flex items-center gap-2">
                  <Checkbox
                    id={`${idPrefix}-${option.value}`}
                    checked={value.includes(option.value)}
                    aria-invalid={!!error}
                    onCheckedChange={(checked) => field.onChange(checked === true ? [...value, option.value] : value.filter((v) => v !== option.value))}
                  />
                  <Label htmlFor={`${idPrefix}-${option.value}`} className="min-w-0 font-normal break-words">
                    {option.label}
                    {option.hint ? <span className="text-muted-foreground">{option.hint}</span> : null}
                  </Label>
                </div>
              ))}
            </div>
          );
        }}
      />
      <FieldError id={`${idPrefix}-error`}>{error}</FieldError>
    </FieldSet>
  );
}

function RuleForm({ rule, instances, onDone }: { rule?: AlertRule; instances: readonly InstanceChoice[]; onDone: () => void }) {
  const create = useMutation(createAlertRuleMutation());
  const update = useMutation(updateAlertRuleMutation(rule?.id ?? ""));
  const channels = useQuery(alertChannelListOptions());
  const schema = useMemo(() => ruleFormSchema(!!rule), [rule]);
  const form = useForm<RuleFormValues>({ resolver: zodResolver(schema), defaultValues: rule ? ruleToForm(rule) : emptyRuleForm() });
  const { errors } = form.formState;
  const values = useWatch({ control: form.control }) as RuleFormValues;
  const { kind, instanceScope } = values;
  const pending = create.isPending || update.isPending;
  // An instance the rule names that is gone from the list (deleted) still needs a box to untick.
  const instanceOptions = [...instances, ...(rule?.instanceIds ?? []).filter((id) => !instances.some((i) => i.id === id)).map((id) => ({ id, name: id }))].map((i) => ({
    value: i.id,
    label: i.name,
  }));

  const onError = (error: Error) =>
    placeSaveError(error, ruleFieldOf, (field, message, shouldFocus) => form.setError(field, { message }, { shouldFocus }));
  const onSubmit = form.handleSubmit((submitted) => {
    if (rule) update.mutate(toUpdateRuleRequest(submitted), { onSuccess: onDone, onError });
    else create.mutate(toCreateRuleRequest(submitted), { onSuccess: onDone, onError });
  });

  const minutesNote = (text: string) => {
    const minutes = Number(text);
    return text.trim() !== "" && Number.isFinite(minutes) && minutes >= 0 ? minutesInWords(minutes) : undefined;
  };
  const preview = ruleCondition({
    kind,
    statuses: values.statuses,
    forMinutes: Number(values.forMinutes) || 0,
    instanceIds: instanceScope === "some" ? values.instanceIds : null,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <DialogHeader>
        <DialogTitle>{rule ? "Edit rule" : "New rule"}</DialogTitle>
        <DialogDescription>When its condition holds, the rule opens an alert and sends it to its channels, grouping subjects that go wrong together.</DialogDescription>
      </DialogHeader>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field data-invalid={!!errors.name}>
          <FieldLabel htmlFor="rule-name">Name</FieldLabel>
          <Input id="rule-name" placeholder="e.g. Number offline" autoComplete="off" aria-invalid={!!errors.name} aria-describedby={errors.name ? "rule-name-error" : undefined} {...form.register("name")} />
          <FieldError id="rule-name-error">{fieldMessage("Name", errors.name?.message, "Enter a name.")}</FieldError>
        </Field>
        <Field>
          <FieldLabel htmlFor="rule-kind">Fires when</FieldLabel>
          <Controller
            control={form.control}
            name="kind"
            render={({ field }) => (
              <Select value={field.value} onValueChange={field.onChange} disabled={!!rule}>
                <SelectTrigger id="rule-kind" className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {KINDS.map((k) => (
                    <SelectItem key={k} value={k}>
                      {KIND_LABELS[k]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          />
        </Field>
      </div>

      {kind === "instance_status" ? (
        <CheckboxList
          control={form.control}
          name="statuses"
          idPrefix="rule-status"
          legend="Statuses"
          options={ALERTABLE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          error={fieldMessage("Statuses", errors.statuses?.message)}
        />
      ) : null}

      {takesDuration(kind) ? (
        <Field data-invalid={!!errors.forMinutes}>
          <FieldLabel htmlFor="rule-for">For (minutes)</FieldLabel>
          <Input id="rule-for" type="number" inputMode="decimal" min={0} step="any" className="sm:w-40" aria-invalid={!!errors.forMinutes} aria-describedby={errors.forMinutes ? "rule-for-error" : "rule-for-description"} {...form.register("forMinutes")} />
          {errors.forMinutes ? null : <FieldDescription id="rule-for-description">How long the condition must hold before the alert fires; 0 fires at once.</FieldDescription>}
          <FieldError id="rule-for-error">{fieldMessage("For", errors.forMinutes?.message)}</FieldError>
        </Field>
      ) : null}

      {watchesInstances(kind) ? (
        <div className="flex flex-col gap-3">
          <Field>
            <FieldLabel htmlFor="rule-scope">Instances</FieldLabel>
            <Controller
              control={form.control}
              name="instanceScope"
              render={({ field }) => (
                <Select value={field.value} onValueChange={field.onChange}>
                  <SelectTrigger id="rule-scope" className="w-full sm:w-60">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="all">Every instance</SelectItem>
                    <SelectItem value="some">Only the instances I choose</SelectItem>
                  </SelectContent>
                </Select>
              )}
            />
          </Field>
          {instanceScope === "some" ? (
            instanceOptions.length > 0 ? (
              <CheckboxList control={form.control} name="instanceIds" idPrefix="rule-instance" legend="Watch these instances" options={instanceOptions} error={fieldMessage("Instances", errors.instanceIds?.message)} />
            ) : (
              <FieldError>There are no instances yet: watch every instance, and new ones are included.</FieldError>
            )
          ) : null}
        </div>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2">
        <Field>
          <FieldLabel htmlFor="rule-severity">Severity</FieldLabel>
          <Controller
            control={form.control}
            name="severity"
            render={({ field }) => (
              <Select value={field.value} onValueChange={field.onChange}>
                <SelectTrigger id="rule-severity" className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {SEVERITIES.map((s) => (
                    <SelectItem key={s} value={s}>
                      {SEVERITY_LABELS[s]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          />
        </Field>
        <Field data-invalid={!!errors.cooldownMinutes}>
          <FieldLabel htmlFor="rule-cooldown">Cooldown (minutes)</FieldLabel>
          <Input id="rule-cooldown" type="number" inputMode="decimal" min={0} step="any" aria-invalid={!!errors.cooldownMinutes} aria-describedby={errors.cooldownMinutes ? "rule-cooldown-error" : "rule-cooldown-description"} {...form.register("cooldownMinutes")} />
          {errors.cooldownMinutes ? null : (
            <FieldDescription id="rule-cooldown-description">
              {minutesNote(values.cooldownMinutes) && Number(values.cooldownMinutes) > 0
                ? `Quiet about a subject for ${minutesNote(values.cooldownMinutes)} after a notice; unacknowledged alerts are reminded as often.`
                : "0: no reminders and no pause."}
            </FieldDescription>
          )}
          <FieldError id="rule-cooldown-error">{fieldMessage("Cooldown", errors.cooldownMinutes?.message)}</FieldError>
        </Field>
      </div>

      {channels.data && channels.data.length > 0 ? (
        <CheckboxList
          control={form.control}
          name="channelIds"
          idPrefix="rule-channel"
          legend="Send to"
          description="With no channel, alerts are only recorded in the history."
          options={channels.data.map((c) => ({ value: c.id, label: c.name, hint: ` (${CHANNEL_TYPE_LABELS[c.type]}${c.enabled ? "" : ", disabled"})` }))}
          error={fieldMessage("Channels", errors.channelIds?.message)}
        />
      ) : (
        <p className="text-sm text-muted-foreground">{channels.isPending ? "Loading channels…" : "No channels yet: alerts of this rule are only recorded in the history until you add one."}</p>
      )}

      <Field>
        <FieldLabel htmlFor="rule-enabled">Status</FieldLabel>
        <Controller
          control={form.control}
          name="enabled"
          render={({ field }) => (
            <div className="flex items-center gap-3">
              <Switch id="rule-enabled" checked={field.value} onCheckedChange={field.onChange} />
              <span className="text-sm text-muted-foreground">{field.value ? "Enabled: opens alerts" : "Disabled: opens no alerts, sends nothing"}</span>
            </div>
          )}
        />
      </Field>

      <p className="rounded-md border bg-muted/50 p-3 text-sm" data-testid="rule-preview">
        <span className="font-medium">Fires when:</span> {preview}.
      </p>

      <FieldError errors={[errors.root]} className="rounded-md border border-destructive/50 bg-destructive/10 p-3" />

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
          {rule ? "Save" : "Create rule"}
        </Button>
      </DialogFooter>
    </form>
  );
}
