import type { InstanceProxy, PoolProxy } from "@/contract/proxies";
import type { InstanceProxySpec } from "@/contract/proxy-url";
import { hasRoom, HEALTH_LABELS, usageText } from "./proxy-words";

// One select for an instance's proxy: "none", "auto", "custom", or "pool:<id>" (docs/proxies.md, InstanceProxySpec).

export type ProxyChoice = "none" | "auto" | "custom" | `pool:${string}`;

/** What the select shows for the instance's proxy now (`auto` is never current: it resolves to a pool proxy). */
export function choiceOf(current: Pick<InstanceProxy, "mode" | "proxyId">): ProxyChoice {
  if (current.mode === "pool" && current.proxyId) return `pool:${current.proxyId}`;
  return current.mode === "custom" ? "custom" : "none";
}

/** The choice as the spec the gateway takes; `url` only for custom. */
export function specOf(choice: ProxyChoice, url = ""): InstanceProxySpec {
  if (choice.startsWith("pool:")) return { mode: "pool", proxyId: choice.slice("pool:".length) };
  if (choice === "custom") return { mode: "custom", url: url.trim() };
  return { mode: choice as "none" | "auto" };
}

/** A pool proxy as a select item: name, usage and health; a full one is disabled unless the instance already has it. */
export function poolOption(proxy: PoolProxy, currentProxyId?: string | null): { value: ProxyChoice; label: string; disabled: boolean } {
  const full = !hasRoom(proxy) && proxy.id !== currentProxyId;
  return { value: `pool:${proxy.id}`, label: `${proxy.name} · ${usageText(proxy)} · ${HEALTH_LABELS[proxy.health.state]}${full ? " (full)" : ""}`, disabled: full };
}

/** The words for a choice, for a confirmation or a summary. */
export function choiceWords(choice: ProxyChoice, pool: readonly PoolProxy[]): string {
  if (choice === "none") return "direct (no proxy)";
  if (choice === "auto") return "the least used pool proxy with room";
  if (choice === "custom") return "its own proxy URL";
  const proxy = pool.find((p) => `pool:${p.id}` === choice);
  return proxy ? `pool proxy ${proxy.name}` : "a pool proxy";
}
