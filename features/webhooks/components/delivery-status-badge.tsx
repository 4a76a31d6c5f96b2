import type { DeliveryStatus } from "@/contract/webhooks";
import { cn } from "@/shared/lib/cn";
import { Badge } from "@/shared/ui/badge";
import { DELIVERY_STATUS_META } from "./delivery-status";

/** Colour, icon and word together, so the state never relies on colour alone. */
export function DeliveryStatusBadge({ status, className }: { status: DeliveryStatus; className?: string }) {
  const meta = DELIVERY_STATUS_META[status];
  return (
    <Badge variant={meta.variant} data-status={status} title={meta.explain} className={cn("gap-1.5", className)}>
      <meta.icon aria-hidden />
      {meta.label}
    </Badge>
  );
}

/** An HTTP status code, green for 2xx and red otherwise. */
export function StatusCode({ code, className }: { code: number | undefined; className?: string }) {
  if (code === undefined) return <span className={cn("text-muted-foreground", className)}>—</span>;
  const ok = code >= 200 && code < 300;
  return <span className={cn("font-mono text-sm font-medium", ok ? "text-success" : "text-destructive", className)}>{code}</span>;
}
