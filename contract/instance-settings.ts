import * as z from "zod/mini";
import { BROWSER_PRESETS } from "./instances";
import { WatchdogPolicy, watchdogSilenceSeconds } from "./watchdog";

// An instance's behaviour settings (docs/instance-settings.md): what it does with calls, presence, read receipts and
// whole kinds of chats, how it presents itself on the phone, and the watchdog. GET|PATCH /api/v1/instances/{id}/settings.
// The field names are a public contract: integrators, templates and bulk apply use them as they are.

const REJECT_CALL_MESSAGE_MAX = 500;
const DEVICE_NAME_MAX = 40;

const describe = {
  rejectCalls: "Reject every incoming call at once (the caller sees it declined); its `call.received` webhook says `rejected: true`. Live.",
  rejectCallMessage:
    "Text sent to the caller after a call was rejected (it goes out as an ordinary message, with its own `message.sent`); null sends nothing. Used only while `rejectCalls` is true, but may be set beforehand. Live.",
  alwaysOnline:
    "true: the account shows as online for as long as the session is connected. false (default): it shows as offline and goes online only while a message is being sent, so the phone keeps getting notifications. Live.",
  readMessages: "Mark every received message (`message.received`) as read at once: the sender sees blue ticks if the account shares read receipts. Live.",
  readStatus: "Mark contacts' status updates as seen when they arrive (they are never webhooks themselves). Has nothing to read while `ignoreStatus` is true. Live.",
  ignoreGroups: "Drop everything from groups (`…@g.us`): messages, reactions, deletions, member changes, presence. No webhooks, socket events or log entries for them. Live.",
  ignoreStatus: "Drop status updates (`status@broadcast`) before they are even decrypted. Live.",
  ignoreNewsletters: "Drop everything from channels (newsletters, `…@newsletter`). Live.",
  ignoreBroadcasts: "Drop messages that arrive through broadcast lists (`…@broadcast`, other than status). Live.",
  syncFullHistory:
    "Ask the phone for the account's whole message history when the device is linked, not only recent chats (history is not sent to webhooks). The phone reads it only while linking: a device that is already linked must be linked again (log out, scan) to get it. Needs a new connection.",
  deviceName:
    "The name the phone lists under Linked devices (the first element of the instance's `browser`). WhatsApp records it while linking: a device that is already linked keeps the name it was linked with until it is linked again. Needs a new connection.",
  watchdogPolicy: "The instance's own watchdog policy; null: the gateway default (`WATCHDOG_POLICY`). The same value as GET|PATCH …/watchdog. From the watchdog's next round.",
  watchdogSilenceSeconds:
    "The instance's own silence threshold in seconds (60 to 86400); null: the gateway default (`WATCHDOG_SILENCE_SECONDS`). The same value as GET|PATCH …/watchdog. From the watchdog's next round.",
} as const;

const flag = (name: keyof typeof describe) => z.boolean().register(z.globalRegistry, { description: describe[name] });

/** An instance's settings as the gateway keeps and applies them. */
export const InstanceSettings = z
  .object({
    rejectCalls: flag("rejectCalls"),
    rejectCallMessage: z.nullable(z.string()).register(z.globalRegistry, { description: describe.rejectCallMessage }),
    alwaysOnline: flag("alwaysOnline"),
    readMessages: flag("readMessages"),
    readStatus: flag("readStatus"),
    ignoreGroups: flag("ignoreGroups"),
    ignoreStatus: flag("ignoreStatus"),
    ignoreNewsletters: flag("ignoreNewsletters"),
    ignoreBroadcasts: flag("ignoreBroadcasts"),
    syncFullHistory: flag("syncFullHistory"),
    deviceName: z.string().register(z.globalRegistry, { description: describe.deviceName }),
    watchdogPolicy: z.nullable(WatchdogPolicy).register(z.globalRegistry, { description: describe.watchdogPolicy }),
    watchdogSilenceSeconds: z.nullable(z.number().check(z.int())).register(z.globalRegistry, { description: describe.watchdogSilenceSeconds }),
  })
  .register(z.globalRegistry, { id: "InstanceSettings" });
export type InstanceSettings = z.infer<typeof InstanceSettings>;
export type InstanceSettingName = keyof InstanceSettings;

/** What the engines apply to a session: everything but the device name (the `browser` tuple) and the watchdog's. */
export type BehaviourSettings = Omit<InstanceSettings, "deviceName" | "watchdogPolicy" | "watchdogSilenceSeconds">;

/** Every behaviour off: what an instance does until an operator changes it (and what it did before settings existed). */
export const BEHAVIOUR_DEFAULTS: Readonly<BehaviourSettings> = Object.freeze({
  rejectCalls: false,
  rejectCallMessage: null,
  alwaysOnline: false,
  readMessages: false,
  readStatus: false,
  ignoreGroups: false,
  ignoreStatus: false,
  ignoreNewsletters: false,
  ignoreBroadcasts: false,
  syncFullHistory: false,
});

/** A new instance's settings: behaviour off, the device name from its browser tuple, the watchdog's defaults. */
export function defaultInstanceSettings(browser: readonly [string, string, string] = BROWSER_PRESETS.default): InstanceSettings {
  return { ...BEHAVIOUR_DEFAULTS, deviceName: browser[0], watchdogPolicy: null, watchdogSilenceSeconds: null };
}

/** A reply to rejected calls as PATCH takes it (null, for none, is PATCH's own). */
export const RejectCallMessage = z
  .string()
  .check(z.trim(), z.minLength(1, "must not be empty; send null for no reply"), z.maxLength(REJECT_CALL_MESSAGE_MAX, `must be at most ${REJECT_CALL_MESSAGE_MAX} characters`));

/** A device name as PATCH takes it. */
export const DeviceName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "must not be empty"),
    z.maxLength(DEVICE_NAME_MAX, `must be at most ${DEVICE_NAME_MAX} characters`),
    z.regex(/^[^\x00-\x1f\x7f]*$/, "must not contain control characters"),
  );

const optionalFlag = (name: keyof typeof describe) => z.optional(z.boolean()).register(z.globalRegistry, { description: describe[name] });

/**
 * PATCH …/settings: any of the fields, at least one; unknown fields are refused. `null` clears `rejectCallMessage`
 * and returns the watchdog fields to the gateway's defaults. Templates and bulk apply take the same shape.
 */
export const UpdateInstanceSettingsRequest = z
  .strictObject({
    rejectCalls: optionalFlag("rejectCalls"),
    rejectCallMessage: z
      .optional(z.nullable(RejectCallMessage))
      .register(z.globalRegistry, { description: describe.rejectCallMessage, example: "Sorry, this number does not take calls. Please write a message." }),
    alwaysOnline: optionalFlag("alwaysOnline"),
    readMessages: optionalFlag("readMessages"),
    readStatus: optionalFlag("readStatus"),
    ignoreGroups: optionalFlag("ignoreGroups"),
    ignoreStatus: optionalFlag("ignoreStatus"),
    ignoreNewsletters: optionalFlag("ignoreNewsletters"),
    ignoreBroadcasts: optionalFlag("ignoreBroadcasts"),
    syncFullHistory: optionalFlag("syncFullHistory"),
    deviceName: z.optional(DeviceName).register(z.globalRegistry, { description: describe.deviceName, example: "Support desk" }),
    watchdogPolicy: z.optional(z.nullable(WatchdogPolicy)).register(z.globalRegistry, { description: describe.watchdogPolicy }),
    watchdogSilenceSeconds: z.optional(z.nullable(watchdogSilenceSeconds())).register(z.globalRegistry, { description: describe.watchdogSilenceSeconds }),
  })
  .check(z.refine((body) => Object.values(body).some((value) => value !== undefined), { message: "must set at least one setting" }))
  .register(z.globalRegistry, { id: "UpdateInstanceSettingsRequest" });
export type UpdateInstanceSettingsRequest = z.output<typeof UpdateInstanceSettingsRequest>;

/** The settings a running session reads only when its socket opens: changing one restarts the session (no QR). */
export const RESTART_SETTINGS = ["deviceName", "syncFullHistory"] as const satisfies readonly InstanceSettingName[];
export type RestartSetting = (typeof RESTART_SETTINGS)[number];

/** The settings a patch would change: those it names with a value other than the current one, in contract order. */
export function changedSettings(current: InstanceSettings, patch: UpdateInstanceSettingsRequest): InstanceSettingName[] {
  return (Object.keys(current) as InstanceSettingName[]).filter((name) => patch[name] !== undefined && patch[name] !== current[name]);
}

/** Of the settings a patch changes, those that need a new socket (RESTART_SETTINGS): what a restart would be for. */
export function settingsNeedingRestart(current: InstanceSettings, patch: UpdateInstanceSettingsRequest): RestartSetting[] {
  const changed = new Set(changedSettings(current, patch));
  return RESTART_SETTINGS.filter((name) => changed.has(name));
}

/** The settings after a patch (pure: templates and bulk preview with it). */
export function applySettingsPatch(current: InstanceSettings, patch: UpdateInstanceSettingsRequest): InstanceSettings {
  const next = { ...current };
  for (const name of changedSettings(current, patch)) (next as Record<InstanceSettingName, unknown>)[name] = patch[name];
  return next;
}

/** PATCH …/settings answers what it saved and what it does about it. */
export const InstanceSettingsUpdate = z
  .object({
    settings: InstanceSettings,
    restart: z.boolean().register(z.globalRegistry, {
      description: "true: the session is being restarted now with the same credentials (no QR) so that `restartFor` takes effect; follow its status. false: nothing to restart, or the instance is not running (the change applies when it next starts)",
    }),
    restartFor: z
      .array(z.enum(RESTART_SETTINGS))
      .register(z.globalRegistry, { description: "The changed settings that need a new connection (deviceName, syncFullHistory); empty when every change applied live" }),
  })
  .register(z.globalRegistry, { id: "InstanceSettingsUpdate" });
export type InstanceSettingsUpdate = z.infer<typeof InstanceSettingsUpdate>;
