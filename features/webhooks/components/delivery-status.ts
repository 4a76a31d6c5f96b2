import { CheckCircle2, CircleDashed, PauseCircle, RefreshCw, XCircle, type LucideIcon } from "lucide-react";
import type { DeliveryStatus } from "@/contract/webhooks";

export const DELIVERY_STATUS_META: Record<DeliveryStatus, { label: string; icon: LucideIcon; variant: "secondary" | "warning" | "success" | "destructive" | "outline"; explain: string }> = {
  pending: { label: "Pending", icon: CircleDashed, variant: "secondary", explain: "Stored and queued; the first attempt is on its way." },
  retrying: { label: "Retrying", icon: RefreshCw, variant: "warning", explain: "The last attempt failed; another is scheduled." },
  succeeded: { label: "Succeeded", icon: CheckCircle2, variant: "success", explain: "The receiver answered 2xx." },
  failed: { label: "Failed", icon: XCircle, variant: "destructive", explain: "Every attempt failed, or the receiver answered 410 Gone." },
  disabled: { label: "Held", icon: PauseCircle, variant: "outline", explain: "The endpoint is disabled; held until it is enabled again." },
};

export const DELIVERY_STATUS_ORDER: DeliveryStatus[] = ["pending", "retrying", "succeeded", "failed", "disabled"];
