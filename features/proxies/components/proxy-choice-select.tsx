"use client";

import { useQuery } from "@tanstack/react-query";
import type { PoolProxy } from "@/contract/proxies";
import { Select, SelectContent, SelectGroup, SelectItem, SelectLabel, SelectSeparator, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { proxyListOptions } from "../api/proxies";
import { poolOption, type ProxyChoice } from "../lib/proxy-choice";

/**
 * Automatic, direct, or one of the pool's proxies (name, usage, health), as one select. `leaveOut`: a first option
 * that sends no proxy at all, with its own words (a new instance then gets its template's proxy policy, or none).
 */
export function ProxyChoiceSelect({
  id,
  value,
  onChange,
  describedBy,
  leaveOut,
}: {
  id: string;
  value: ProxyChoice | "";
  onChange: (choice: ProxyChoice | "") => void;
  describedBy?: string;
  leaveOut?: string;
}) {
  const proxies = useQuery(proxyListOptions()).data ?? [];
  return (
    // Radix Select keeps "" for "no value": the leave-out option is "default" on the wire of the select.
    <Select value={value || "default"} onValueChange={(next) => onChange(next === "default" ? "" : (next as ProxyChoice))}>
      <SelectTrigger id={id} className="w-full min-w-0" aria-describedby={describedBy}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {leaveOut ? <SelectItem value="default">{leaveOut}</SelectItem> : null}
        <SelectItem value="auto">Automatic: least used pool proxy with room</SelectItem>
        <SelectItem value="none">Direct (no proxy)</SelectItem>
        <PoolProxyOptions proxies={proxies} />
      </SelectContent>
    </Select>
  );
}

/**
 * The pool's proxies as a group of a proxy select's options (name, usage, health); a full one is marked and cannot be
 * chosen, unless it is `currentProxyId` (the instance already holds its place there).
 */
export function PoolProxyOptions({ proxies, currentProxyId }: { proxies: readonly PoolProxy[]; currentProxyId?: string | null }) {
  if (proxies.length === 0) return null;
  return (
    <>
      <SelectSeparator />
      <SelectGroup>
        <SelectLabel>Pool</SelectLabel>
        {proxies.map((proxy) => {
          const option = poolOption(proxy, currentProxyId);
          return (
            <SelectItem key={proxy.id} value={option.value} disabled={option.disabled}>
              {option.label}
            </SelectItem>
          );
        })}
      </SelectGroup>
    </>
  );
}
