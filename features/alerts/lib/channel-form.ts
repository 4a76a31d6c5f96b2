import * as z from "zod/mini";
import {
  AlertChannelType,
  CreateAlertChannelRequest,
  UpdateAlertChannelRequest,
  type AlertChannel,
} from "@/contract/alerts";

// The channel form: one set of fields for every type (the type shows the ones it takes), checked by mapping to the
// contract's request and validating that, so the form and the gateway never disagree.

export type ChannelFormValues = {
  type: AlertChannelType;
  name: string;
  enabled: boolean;
  /** email: addresses, separated by commas, spaces or new lines */
  to: string;
  /** slack, discord, webhook */
  url: string;
  /** telegram */
  botToken: string;
  chatId: string;
};

type ChannelField = Exclude<keyof ChannelFormValues, "type">;
const FIELDS: readonly ChannelField[] = ["name", "enabled", "to", "url", "botToken", "chatId"];

/** Which credential fields keep their saved value when left empty on edit. */
export const SECRET_FIELDS: Readonly<Partial<Record<AlertChannelType, readonly ChannelField[]>>> = { slack: ["url"], discord: ["url"], telegram: ["botToken"] };

export const emptyChannelForm = (type: AlertChannelType = "slack"): ChannelFormValues => ({ type, name: "", enabled: true, to: "", url: "", botToken: "", chatId: "" });

/** A saved channel as form values: credentials stay empty (they are never shown again). */
export function channelToForm(channel: AlertChannel): ChannelFormValues {
  return {
    ...emptyChannelForm(channel.type),
    name: channel.name,
    enabled: channel.enabled,
    to: (channel.to ?? []).join(", "),
    url: channel.type === "webhook" ? (channel.url ?? "") : "",
    chatId: channel.chatId ?? "",
  };
}

const addresses = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

export function toCreateChannelRequest(values: ChannelFormValues): CreateAlertChannelRequest {
  const common = { name: values.name, enabled: values.enabled };
  switch (values.type) {
    case "email":
      return { type: "email", to: addresses(values.to), ...common };
    case "telegram":
      return { type: "telegram", botToken: values.botToken, chatId: values.chatId, ...common };
    case "slack":
    case "discord":
    case "webhook":
      return { type: values.type, url: values.url, ...common };
  }
}

/** Every field the type shows; a credential left empty is left out, which keeps the saved one. */
export function toUpdateChannelRequest(values: ChannelFormValues): UpdateAlertChannelRequest {
  const common = { name: values.name, enabled: values.enabled };
  switch (values.type) {
    case "email":
      return { ...common, to: addresses(values.to) };
    case "telegram":
      return { ...common, chatId: values.chatId, ...(values.botToken.trim() ? { botToken: values.botToken } : {}) };
    case "slack":
    case "discord":
      return { ...common, ...(values.url.trim() ? { url: values.url } : {}) };
    case "webhook":
      return { ...common, url: values.url };
  }
}

/** An issue path of the request (`to.2`, or the gateway's `body.url`) as the form field it belongs to. */
export function channelFieldOf(path: readonly PropertyKey[] | string): ChannelField | null {
  const [first] = typeof path === "string" ? path.replace(/^body\./, "").split(".") : path.map(String);
  return FIELDS.includes(first as ChannelField) ? (first as ChannelField) : null;
}

/** The form's schema: for a new channel the create request must be valid, for a saved one the update request. */
export function channelFormSchema(editing: boolean) {
  return z
    .object({
      type: AlertChannelType,
      name: z.string(),
      enabled: z.boolean(),
      to: z.string(),
      url: z.string(),
      botToken: z.string(),
      chatId: z.string(),
    })
    .check(
      z.superRefine((values, ctx) => {
        const result = editing ? UpdateAlertChannelRequest.safeParse(toUpdateChannelRequest(values)) : CreateAlertChannelRequest.safeParse(toCreateChannelRequest(values));
        if (result.success) return;
        for (const issue of result.error.issues) {
          const field = channelFieldOf(issue.path);
          ctx.addIssue({ code: "custom", path: field ? [field] : [], message: issue.message });
        }
      }),
    );
}
