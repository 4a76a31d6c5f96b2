import type { InstanceSettingName } from "@/contract/instance-settings";
import type { SettingsTemplate, TemplateApplyItem, TemplateProxyPolicy } from "@/contract/templates";
import type { WatchdogPolicy } from "@/contract/watchdog";

// How templates are put in words: the settings' labels, the proxy policy, the one-line summary of a template and what
// applying it did to an instance.

/** The flags a template may turn on or off (each instance setting that is a switch). */
export const TEMPLATE_FLAGS = ["rejectCalls", "alwaysOnline", "readMessages", "readStatus", "ignoreGroups", "ignoreStatus", "ignoreNewsletters", "ignoreBroadcasts", "syncFullHistory"] as const;
export type TemplateFlag = (typeof TEMPLATE_FLAGS)[number];

export const SETTING_LABELS: Record<InstanceSettingName, string> = {
  rejectCalls: "Reject calls",
  rejectCallMessage: "Reply to rejected calls",
  alwaysOnline: "Always online",
  readMessages: "Mark messages read",
  readStatus: "Mark status updates seen",
  ignoreGroups: "Ignore groups",
  ignoreStatus: "Ignore status updates",
  ignoreNewsletters: "Ignore channels",
  ignoreBroadcasts: "Ignore broadcast lists",
  syncFullHistory: "Sync full history",
  deviceName: "Device name",
  watchdogPolicy: "Watchdog policy",
  watchdogSilenceSeconds: "Watchdog silence threshold",
};

export const WATCHDOG_POLICY_LABELS: Record<WatchdogPolicy, string> = {
  restart: "Restart the session",
  alert: "Alert only",
  off: "Off",
};

/** A pool proxy's name by id, when the pool is known. */
export type ProxyNames = ReadonlyMap<string, string>;

/** The proxy policy in words, lower case (it continues a sentence). */
export function proxyPolicyWords(proxy: TemplateProxyPolicy | null, names?: ProxyNames): string {
  if (proxy === null) return "keeps each instance's proxy";
  switch (proxy.mode) {
    case "none":
      return "direct connection (no proxy)";
    case "auto":
      return "least-used pool proxy";
    case "pool":
      return `pool proxy ${names?.get(proxy.proxyId) ?? proxy.proxyId}`;
  }
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line on what a template sets: "2 settings, direct connection (no proxy), 1 webhook". */
export function templateSummary(template: Pick<SettingsTemplate, "settings" | "proxy" | "webhooks">, names?: ProxyNames): string {
  const settings = Object.values(template.settings).filter((value) => value !== undefined).length;
  const parts = [settings ? count(settings, "setting") : "no settings", proxyPolicyWords(template.proxy, names), template.webhooks.length ? count(template.webhooks.length, "webhook") : "no webhooks"];
  const line = parts.join(", ");
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/** The settings a template sets, by label, for a tooltip or a detail line. */
export function templateSettingLabels(template: Pick<SettingsTemplate, "settings">): string[] {
  return (Object.keys(SETTING_LABELS) as InstanceSettingName[]).filter((name) => template.settings[name] !== undefined).map((name) => SETTING_LABELS[name]);
}

/** One entry of an apply result's `changed` (a setting name, `proxy`, `webhook:<url>`) in words. */
function changeWords(change: string): string {
  if (change === "proxy") return "Proxy";
  if (change.startsWith("webhook:")) return `Webhook ${change.slice("webhook:".length)}`;
  return SETTING_LABELS[change as InstanceSettingName] ?? change;
}

/** What applying a template did to one instance, as the line under its name in the results. */
export function applyResultWords(item: TemplateApplyItem): string {
  const changed = item.changed.map(changeWords).join(", ");
  if (!item.ok) return `${item.error?.message ?? "Failed"}${changed ? ` (applied before it failed: ${changed})` : ""}`;
  const restart = item.restart ? "; restarting the session (no QR)" : "";
  return changed ? `Changed: ${changed}${restart}` : `Already as the template says${restart}`;
}
