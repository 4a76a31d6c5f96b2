import { AlertOctagon, CheckCircle2, CircleDashed, QrCode, RefreshCw, Unplug, type LucideIcon } from "lucide-react";
import type { InstanceStatus } from "@/contract/instances";

/** How each status looks and reads: colour (with an icon, never colour alone), label and a one-line explanation. */
export const STATUS_META: Record<InstanceStatus, { label: string; icon: LucideIcon; variant: "secondary" | "info" | "success" | "warning" | "outline" | "destructive"; spin?: boolean; explain: string }> = {
  INIT: { label: "Starting", icon: CircleDashed, variant: "secondary", explain: "Opening a connection to WhatsApp." },
  QR_REQUIRED: { label: "QR required", icon: QrCode, variant: "info", explain: "Waiting for the QR code (or a pairing code) to be used on the phone." },
  CONNECTED: { label: "Connected", icon: CheckCircle2, variant: "success", explain: "Linked and online." },
  RECONNECTING: { label: "Reconnecting", icon: RefreshCw, variant: "warning", spin: true, explain: "The connection dropped; retrying with backoff." },
  DISCONNECTED: { label: "Disconnected", icon: Unplug, variant: "outline", explain: "Not connected and not retrying. Reconnect when ready." },
  ERROR: { label: "Error", icon: AlertOctagon, variant: "destructive", explain: "Stopped after an error that retrying will not fix." },
};
