import type { InstanceStatus } from "@/contract/instances";

/** The order statuses are listed, counted and sorted in. */
export const STATUS_ORDER: InstanceStatus[] = ["CONNECTED", "QR_REQUIRED", "RECONNECTING", "INIT", "DISCONNECTED", "ERROR"];

/** Statuses that want an operator's attention. */
export const ATTENTION_STATUSES: InstanceStatus[] = ["QR_REQUIRED", "DISCONNECTED", "ERROR"];

/** A connection is open or being opened (the gateway keeps at it); the others are stopped until someone acts. */
export function isRunning(status: InstanceStatus): boolean {
  return status === "INIT" || status === "QR_REQUIRED" || status === "CONNECTED" || status === "RECONNECTING";
}
