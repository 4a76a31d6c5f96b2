import type { InstanceStatus } from "@/contract/instances";
import { isRunning } from "./instance-status";

/** Lifecycle actions the gateway offers on one instance (deleting it is asked for separately). */
export type InstanceAction = "connect" | "restart" | "logout" | "reset";

export const ACTION_COPY: Record<InstanceAction | "delete", { label: string; done: string; explain: string; destructive: boolean }> = {
  connect: { label: "Reconnect", done: "Connecting", explain: "Open a new connection; shows a QR if the number is not linked.", destructive: false },
  restart: { label: "Restart", done: "Restarting", explain: "End the connection and open a new one. The number stays linked.", destructive: false },
  logout: { label: "Log out", done: "Logged out", explain: "Unlink this device from the phone. The instance stays and shows a new QR.", destructive: true },
  reset: { label: "Reset", done: "Reset", explain: "Forget the linked device and its keys, then start over with a fresh QR.", destructive: true },
  delete: { label: "Delete", done: "Deleted", explain: "Log out, wipe the auth state and remove the instance for good.", destructive: true },
};

/** Whether `action` makes sense now: reconnecting what is running, or logging out what is not linked, does not. */
export function canRun(action: InstanceAction | "delete", status: InstanceStatus): boolean {
  if (action === "connect") return !isRunning(status);
  if (action === "logout") return status === "CONNECTED";
  return true;
}
