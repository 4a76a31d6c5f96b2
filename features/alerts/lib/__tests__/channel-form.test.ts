import { describe, expect, it } from "vitest";
import type { AlertChannel } from "@/contract/alerts";
import { channelFieldOf, channelFormSchema, channelToForm, emptyChannelForm, toCreateChannelRequest, toUpdateChannelRequest } from "../channel-form";

const issues = (editing: boolean, values: object) => {
  const result = channelFormSchema(editing).safeParse({ ...emptyChannelForm(), ...values });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

const telegram: AlertChannel = {
  id: "alc_aaaaaaaaaaaa",
  name: "Bot",
  type: "telegram",
  enabled: false,
  hasSecret: true,
  chatId: "-100123",
  botTokenHint: "123456:…",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

describe("channel form → request", () => {
  it("sends only the fields of the type", () => {
    const values = { ...emptyChannelForm("email"), name: "On call", to: "a@example.com, b@example.com\nc@example.com", url: "ignored" };
    expect(toCreateChannelRequest(values)).toEqual({ type: "email", name: "On call", enabled: true, to: ["a@example.com", "b@example.com", "c@example.com"] });
    expect(toCreateChannelRequest({ ...emptyChannelForm("slack"), name: "Ops", url: "https://hooks.slack.com/x" })).toEqual({ type: "slack", name: "Ops", enabled: true, url: "https://hooks.slack.com/x" });
  });

  it("leaves an empty credential out of an update, which keeps the saved one", () => {
    const form = channelToForm(telegram);
    expect(form).toMatchObject({ type: "telegram", name: "Bot", enabled: false, chatId: "-100123", botToken: "" });
    expect(toUpdateChannelRequest(form)).toEqual({ name: "Bot", enabled: false, chatId: "-100123" });
    expect(toUpdateChannelRequest({ ...form, botToken: "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0" })).toHaveProperty("botToken");
    expect(toUpdateChannelRequest({ ...emptyChannelForm("slack"), name: "Ops" })).toEqual({ name: "Ops", enabled: true });
  });
});

describe("channelFormSchema", () => {
  it("checks the create request with the contract, under the form's fields", () => {
    expect(issues(false, { type: "slack", name: "", url: "not a url" })).toEqual(["url: must be an absolute URL like https://hooks.slack.com/services/T000/B000/XXXX", "name: is required"]);
    expect(issues(false, { type: "email", name: "Mail", to: "a@example.com, nope" })).toEqual(["to: must be an e-mail address"]);
    expect(issues(false, { type: "telegram", name: "Bot", botToken: "x", chatId: "-100123" })).toEqual(["botToken: must be a Telegram bot token like 123456789:AAH…"]);
    expect(issues(false, { type: "webhook", name: "Signed", url: "https://example.com/h" })).toEqual([]);
  });

  it("lets an edit leave a credential empty", () => {
    expect(issues(true, { ...channelToForm(telegram) })).toEqual([]);
    expect(issues(true, { type: "slack", name: "Ops" })).toEqual([]);
  });

  it("maps the gateway's issue paths to fields", () => {
    expect(channelFieldOf("body.url")).toBe("url");
    expect(channelFieldOf("body.to.1")).toBe("to");
    expect(channelFieldOf("body")).toBeNull();
  });
});
