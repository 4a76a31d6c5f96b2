"use client";

import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/shared/ui/tabs";
import { EventMonitor } from "./event-monitor";
import type { InstanceOption } from "./log-level";
import { LogViewer } from "./log-viewer";

type Tab = "logs" | "events";

/**
 * Logs and the raw event monitor side by side as tabs. Both stay mounted, so the live log keeps streaming
 * and the monitor keeps recording while the other tab is shown.
 */
export function LogsWorkspace({ instances }: { instances: readonly InstanceOption[] }) {
  const searchParams = useSearchParams();
  const [tab, setTab] = useState<Tab>(searchParams.get("tab") === "events" ? "events" : "logs");
  const change = (value: string) => {
    const next = value === "events" ? "events" : "logs";
    setTab(next);
    const params = new URLSearchParams(window.location.search);
    if (next === "events") params.set("tab", "events");
    else params.delete("tab");
    const query = params.toString().replace(/%2C/gi, ",");
    window.history.replaceState(window.history.state, "", query ? `${window.location.pathname}?${query}` : window.location.pathname);
  };
  return (
    <Tabs value={tab} onValueChange={change} className="gap-4">
      <TabsList aria-label="Logs or events">
        <TabsTrigger value="logs">Logs</TabsTrigger>
        <TabsTrigger value="events">Events</TabsTrigger>
      </TabsList>
      <TabsContent value="logs" forceMount className="data-[state=inactive]:hidden">
        <LogViewer instances={instances} />
      </TabsContent>
      <TabsContent value="events" forceMount className="data-[state=inactive]:hidden">
        <EventMonitor instances={instances} active={tab === "events"} />
      </TabsContent>
    </Tabs>
  );
}
