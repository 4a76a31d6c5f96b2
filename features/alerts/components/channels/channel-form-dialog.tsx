"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useMemo } from "react";
import { Controller, useForm, useWatch, type UseFormRegisterReturn } from "react-hook-form";
import type { AlertChannel, AlertChannelType, AlertChannelWithSecret } from "@/contract/alerts";
import { fieldMessage } from "@/shared/lib/field-message";
import { Button } from "@/shared/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/shared/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/shared/ui/field";
import { Input } from "@/shared/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { Switch } from "@/shared/ui/switch";
import { Textarea } from "@/shared/ui/textarea";
import { createAlertChannelMutation, updateAlertChannelMutation } from "../../api/alerts";
import { CHANNEL_TYPE_LABELS } from "../../lib/alert-words";
import {
  channelFieldOf,
  channelFormSchema,
  channelToForm,
  emptyChannelForm,
  SECRET_FIELDS,
  toCreateChannelRequest,
  toUpdateChannelRequest,
  type ChannelFormValues,
} from "../../lib/channel-form";
import { placeSaveError } from "../form-error";

const TYPES = Object.keys(CHANNEL_TYPE_LABELS) as AlertChannelType[];

/** Create or edit a channel. Closing the dialog unmounts the form, so every opening starts from fresh values. */
export function ChannelFormDialog({
  open,
  onOpenChange,
  channel,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  channel?: AlertChannel;
  onCreated?: (created: AlertChannelWithSecret) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-lg">
        <ChannelForm
          channel={channel}
          onCancel={() => onOpenChange(false)}
          onDone={(created) => {
            onOpenChange(false);
            if (created) onCreated?.(created);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

function TextField({
  id,
  label,
  error,
  description,
  registration,
  multiline,
  ...input
}: {
  id: string;
  label: string;
  error?: string;
  description?: string;
  registration: UseFormRegisterReturn;
  multiline?: boolean;
  placeholder?: string;
  type?: string;
  inputMode?: "url" | "email" | "text";
}) {
  const describedBy = error ? `${id}-error` : description ? `${id}-description` : undefined;
  const props = { id, "aria-invalid": !!error, "aria-describedby": describedBy, autoComplete: "off", spellCheck: false, ...registration };
  return (
    <Field data-invalid={!!error}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      {multiline ? <Textarea rows={2} placeholder={input.placeholder} {...props} /> : <Input {...input} {...props} />}
      {description && !error ? <FieldDescription id={`${id}-description`}>{description}</FieldDescription> : null}
      <FieldError id={`${id}-error`}>{error}</FieldError>
    </Field>
  );
}

function ChannelForm({ channel, onDone, onCancel }: { channel?: AlertChannel; onDone: (created?: AlertChannelWithSecret) => void; onCancel: () => void }) {
  const create = useMutation(createAlertChannelMutation());
  const update = useMutation(updateAlertChannelMutation(channel?.id ?? ""));
  const schema = useMemo(() => channelFormSchema(!!channel), [channel]);
  const form = useForm<ChannelFormValues>({ resolver: zodResolver(schema), defaultValues: channel ? channelToForm(channel) : emptyChannelForm() });
  const { errors } = form.formState;
  const type = useWatch({ control: form.control, name: "type" });
  const pending = create.isPending || update.isPending;
  // On edit a saved credential is kept when its field stays empty.
  const keeps = (field: "url" | "botToken") => (channel && SECRET_FIELDS[type]?.includes(field) ? "Leave empty to keep the saved one; it is never shown again." : undefined);

  const onError = (error: Error) =>
    placeSaveError(error, channelFieldOf, (field, message, shouldFocus) => form.setError(field, { message }, { shouldFocus }));
  const onSubmit = form.handleSubmit((values) => {
    if (channel) update.mutate(toUpdateChannelRequest(values), { onSuccess: () => onDone(), onError });
    else create.mutate(toCreateChannelRequest(values), { onSuccess: (created) => onDone(created), onError });
  });

  const urlLabel = type === "webhook" ? "URL" : `${CHANNEL_TYPE_LABELS[type]} webhook URL`;
  const urlPlaceholder = type === "slack" ? "https://hooks.slack.com/services/…" : type === "discord" ? "https://discord.com/api/webhooks/…" : "https://example.com/hooks/alerts";

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <DialogHeader>
        <DialogTitle>{channel ? "Edit channel" : "New channel"}</DialogTitle>
        <DialogDescription>Where alert notices go. Credentials (webhook URLs, bot tokens) are stored by the gateway and never shown again.</DialogDescription>
      </DialogHeader>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field>
          <FieldLabel htmlFor="channel-type">Type</FieldLabel>
          <Controller
            control={form.control}
            name="type"
            render={({ field }) => (
              <Select value={field.value} onValueChange={(value) => { form.clearErrors(); field.onChange(value); }} disabled={!!channel}>
                <SelectTrigger id="channel-type" className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {TYPES.map((t) => (
                    <SelectItem key={t} value={t}>
                      {CHANNEL_TYPE_LABELS[t]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          />
        </Field>
        <TextField id="channel-name" label="Name" placeholder="e.g. On-call Slack" registration={form.register("name")} error={fieldMessage("Name", errors.name?.message, "Enter a name.")} />
      </div>

      {type === "email" ? (
        <TextField
          id="channel-to"
          label="To"
          multiline
          placeholder="oncall@example.com, ops@example.com"
          description="Up to 20 addresses, separated by commas. Sent through the gateway's SMTP_URL."
          registration={form.register("to")}
          error={fieldMessage("Each address", errors.to?.message)}
        />
      ) : null}
      {type === "slack" || type === "discord" || type === "webhook" ? (
        <TextField
          id="channel-url"
          label={urlLabel}
          type="url"
          inputMode="url"
          placeholder={urlPlaceholder}
          description={keeps("url") ?? (type === "webhook" ? "Alerts are POSTed as JSON, signed per Standard Webhooks; the signing secret is shown once, after saving." : "The incoming webhook is the credential.")}
          registration={form.register("url")}
          error={fieldMessage("URL", errors.url?.message, channel ? undefined : "Enter the webhook URL.")}
        />
      ) : null}
      {type === "telegram" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="channel-bot-token"
            label="Bot token"
            type="password"
            placeholder={channel?.botTokenHint ?? "123456789:AAH…"}
            description={keeps("botToken") ?? "From @BotFather."}
            registration={form.register("botToken")}
            error={fieldMessage("Bot token", errors.botToken?.message)}
          />
          <TextField
            id="channel-chat-id"
            label="Chat id"
            placeholder="-1001234567890 or @channel"
            registration={form.register("chatId")}
            error={fieldMessage("Chat id", errors.chatId?.message)}
          />
        </div>
      ) : null}

      <Field>
        <FieldLabel htmlFor="channel-enabled">Status</FieldLabel>
        <Controller
          control={form.control}
          name="enabled"
          render={({ field }) => (
            <div className="flex items-center gap-3">
              <Switch id="channel-enabled" checked={field.value} onCheckedChange={field.onChange} />
              <span className="text-sm text-muted-foreground">{field.value ? "Enabled: rules send to it" : "Disabled: rules skip it (the test still sends)"}</span>
            </div>
          )}
        />
      </Field>

      <FieldError errors={[errors.root]} className="rounded-md border border-destructive/50 bg-destructive/10 p-3" />

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
          {channel ? "Save" : "Create channel"}
        </Button>
      </DialogFooter>
    </form>
  );
}
