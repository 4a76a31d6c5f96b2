"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm, useWatch } from "react-hook-form";
import * as z from "zod/mini";
import { PROFILE_ABOUT_MAX, PROFILE_NAME_MAX, UpdateProfileRequest, type Profile } from "@/contract/profile";
import { fieldMessage } from "@/shared/lib/field-message";
import { Button } from "@/shared/ui/button";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import { Textarea } from "@/shared/ui/textarea";
import { updateProfileMutation } from "../../api/instance-profile";

const { name: NameField, about: AboutField } = UpdateProfileRequest.def.shape;
const FormValues = z.object({ name: z.union([z.literal(""), NameField.def.innerType]), about: z.union([z.literal(""), AboutField.def.innerType]) });
type FormValues = z.infer<typeof FormValues>;

const valuesOf = (profile: Profile): FormValues => ({ name: profile.name ?? "", about: profile.about ?? "" });

function Counter({ id, value, max }: { id: string; value: string; max: number }) {
  const length = [...value.trim()].length;
  return (
    <span id={id} className={length > max ? "text-destructive" : undefined}>
      {length}/{max}
    </span>
  );
}

/** The display name and about text contacts see. WhatsApp takes no empty value: an empty field is left as it is. */
export function ProfileForm({ instanceId, profile }: { instanceId: string; profile: Profile }) {
  const save = useMutation(updateProfileMutation(instanceId));
  const form = useForm<FormValues>({ resolver: zodResolver(FormValues), values: valuesOf(profile) });
  const { errors, isDirty } = form.formState;
  const [name, about] = useWatch({ control: form.control, name: ["name", "about"] });
  const onSubmit = form.handleSubmit((values) => {
    const body: UpdateProfileRequest = {};
    if (values.name.trim() !== "" && values.name.trim() !== profile.name) body.name = values.name.trim();
    if (values.about.trim() !== "" && values.about.trim() !== profile.about) body.about = values.about.trim();
    if (body.name === undefined && body.about === undefined) return form.reset(valuesOf(profile));
    save.mutate(body, { onSuccess: (saved) => form.reset(valuesOf(saved)) });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Profile">
      <Field data-invalid={!!errors.name}>
        <FieldLabel htmlFor="profile-name">Display name</FieldLabel>
        <Input id="profile-name" autoComplete="off" aria-invalid={!!errors.name} aria-describedby="profile-name-help" {...form.register("name")} />
        {errors.name ? <FieldError id="profile-name-error">{fieldMessage("The name", errors.name.message)}</FieldError> : null}
        <FieldDescription id="profile-name-help" className="flex justify-between gap-2">
          <span>The name contacts see before they save the number.</span>
          <Counter id="profile-name-count" value={name} max={PROFILE_NAME_MAX} />
        </FieldDescription>
      </Field>
      <Field data-invalid={!!errors.about}>
        <FieldLabel htmlFor="profile-about">About</FieldLabel>
        <Textarea id="profile-about" rows={2} aria-invalid={!!errors.about} aria-describedby="profile-about-help" {...form.register("about")} />
        {errors.about ? <FieldError id="profile-about-error">{fieldMessage("The about text", errors.about.message)}</FieldError> : null}
        <FieldDescription id="profile-about-help" className="flex justify-between gap-2">
          <span>One line, no line breaks.</span>
          <Counter id="profile-about-count" value={about} max={PROFILE_ABOUT_MAX} />
        </FieldDescription>
      </Field>
      <div className="flex justify-end gap-2">
        <Button type="button" variant="outline" disabled={!isDirty || save.isPending} onClick={() => form.reset(valuesOf(profile))}>
          Discard
        </Button>
        <Button type="submit" disabled={!isDirty || save.isPending}>
          Save profile
        </Button>
      </div>
    </form>
  );
}
