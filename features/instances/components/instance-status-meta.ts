import { AlertOctagon, CheckCircle2, CircleDashed, QrCode, RefreshCw, Unplug, type LucideIcon } from "lucide-react";
import type { InstanceStatus } from "@/contract/instances";
import { STATUS_ORDER } from "../lib/instance-status";

type StatusMeta = {
  label: string;
  icon: LucideIcon;
  variant: "secondary" | "info" | "success" | "warning" | "outline" | "destructive";
  /** The badge's colour as a CSS colour, for drawings (charts); the two grey badges get two greys that show on a card. */
  color: string;
  spin?: boolean;
  explain: string;
};

/** How each status looks and reads: colour (with an icon, never colour alone), label and a one-line explanation. */
export const STATUS_META: Record<InstanceStatus, StatusMeta> = {
  INIT: { label: "Starting", icon: CircleDashed, variant: "secondary", color: "var(--ring)", explain: "Opening a connection to WhatsApp." },
  QR_REQUIRED: { label: "QR required", icon: QrCode, variant: "info", color: "var(--info)", explain: "Waiting for the QR code (or a pairing code) to be used on the phone." },
  CONNECTED: { label: "Connected", icon: CheckCircle2, variant: "success", color: "var(--success)", explain: "Linked and online." },
  RECONNECTING: { label: "Reconnecting", icon: RefreshCw, variant: "warning", color: "var(--warning)", spin: true, explain: "The connection dropped; retrying with backoff." },
  DISCONNECTED: { label: "Disconnected", icon: Unplug, variant: "outline", color: "var(--muted-foreground)", explain: "Not connected and not retrying. Reconnect when ready." },
  ERROR: { label: "Error", icon: AlertOctagon, variant: "destructive", color: "var(--destructive)", explain: "Stopped after an error that retrying will not fix." },
};

/** Every status in the usual order with its label and colour: the series of a chart of instances by status. */
export const STATUS_SERIES = STATUS_ORDER.map((status) => ({ key: status, label: STATUS_META[status].label, color: STATUS_META[status].color }));
