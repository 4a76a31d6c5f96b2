"use client";

import { useMutation } from "@tanstack/react-query";
import { Controller, useForm } from "react-hook-form";
import { PRIVACY_OPTIONS, PRIVACY_SETTINGS, type PrivacySetting, type PrivacySettings, type UpdatePrivacyRequest } from "@/contract/profile";
import { Button } from "@/shared/ui/button";
import { Field, FieldLabel, FieldLegend, FieldSet } from "@/shared/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { updatePrivacyMutation } from "../../api/instance-profile";

const LABELS: Record<PrivacySetting, string> = {
  lastSeen: "Last seen",
  online: "Online",
  profilePicture: "Profile picture",
  about: "About",
  readReceipts: "Read receipts",
  groupsAdd: "Who can add it to groups",
};

const VALUE_LABELS: Record<string, string> = {
  all: "Everyone",
  contacts: "My contacts",
  contact_blacklist: "My contacts except…",
  none: "Nobody",
  match_last_seen: "Same as last seen",
};
const valueLabel = (setting: PrivacySetting, value: string) => (setting === "readReceipts" ? (value === "all" ? "On" : "Off") : VALUE_LABELS[value]);

/** WhatsApp did not say (a value this gateway does not know): the select shows no choice until one is made. */
const UNKNOWN = "";
type FormValues = Record<PrivacySetting, string>;
const valuesOf = (privacy: PrivacySettings): FormValues => Object.fromEntries(PRIVACY_SETTINGS.map((key) => [key, privacy[key] ?? UNKNOWN])) as FormValues;

/** The account's privacy settings, as the phone's Settings › Privacy shows them; saves what changed. */
export function PrivacyForm({ instanceId, privacy }: { instanceId: string; privacy: PrivacySettings }) {
  const save = useMutation(updatePrivacyMutation(instanceId));
  const form = useForm<FormValues>({ values: valuesOf(privacy) });
  const onSubmit = form.handleSubmit((values) => {
    const body = Object.fromEntries(PRIVACY_SETTINGS.filter((key) => values[key] !== UNKNOWN && values[key] !== privacy[key]).map((key) => [key, values[key]])) as UpdatePrivacyRequest;
    if (Object.keys(body).length === 0) return form.reset(valuesOf(privacy));
    save.mutate(body, { onSuccess: (saved) => form.reset(valuesOf(saved)) });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Privacy">
      <FieldSet>
      <FieldLegend>Privacy</FieldLegend>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {PRIVACY_SETTINGS.map((setting) => (
          <Field key={setting}>
            <FieldLabel htmlFor={`privacy-${setting}`}>{LABELS[setting]}</FieldLabel>
            <Controller
              control={form.control}
              name={setting}
              render={({ field }) => (
                <Select value={field.value} onValueChange={field.onChange}>
                  <SelectTrigger id={`privacy-${setting}`} className="w-full">
                    <SelectValue placeholder="Not known" />
                  </SelectTrigger>
                  <SelectContent>
                    {PRIVACY_OPTIONS[setting].map((value) => (
                      <SelectItem key={value} value={value}>
                        {valueLabel(setting, value)}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            />
          </Field>
        ))}
      </div>
      </FieldSet>
      <div className="flex justify-end gap-2">
        <Button type="button" variant="outline" disabled={!form.formState.isDirty || save.isPending} onClick={() => form.reset(valuesOf(privacy))}>
          Discard
        </Button>
        <Button type="submit" disabled={!form.formState.isDirty || save.isPending}>
          Save privacy
        </Button>
      </div>
    </form>
  );
}
