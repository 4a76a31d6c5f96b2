"use client";

import { instancesLive } from "@/features/instances/live";
import { logsLive } from "@/features/logs/live";
import { systemLive } from "@/features/system/live";
import { webhooksLive } from "@/features/webhooks/live";
import { SocketBridge, type LiveFeature } from "@/shared/lib/realtime/socket-bridge";

/** Every feature that reads live events. Adding one here is the only wiring a new feature needs. */
const FEATURES: readonly LiveFeature[] = [systemLive, instancesLive, webhooksLive, logsLive];

/** Hands each gateway event to the owning feature's handler, which writes that feature's cache keys. */
export function RealtimeBridge() {
  return <SocketBridge features={FEATURES} />;
}
