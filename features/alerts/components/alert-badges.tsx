import { BellRing, CheckCircle2, Eye, Info, OctagonAlert, TriangleAlert, type LucideIcon } from "lucide-react";
import type { AlertSeverity, AlertState } from "@/contract/alerts";
import { Badge } from "@/shared/ui/badge";
import { SEVERITY_LABELS, STATE_LABELS } from "../lib/alert-words";

type Meta = { variant: "destructive" | "warning" | "info" | "success" | "secondary" | "outline"; icon: LucideIcon };

const SEVERITY: Record<AlertSeverity, Meta> = {
  critical: { variant: "destructive", icon: OctagonAlert },
  warning: { variant: "warning", icon: TriangleAlert },
  info: { variant: "info", icon: Info },
};

const STATE: Record<AlertState, Meta> = {
  firing: { variant: "outline", icon: BellRing },
  acknowledged: { variant: "secondary", icon: Eye },
  resolved: { variant: "success", icon: CheckCircle2 },
};

/** Colour, icon and word together, so severity never relies on colour alone. */
export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  const meta = SEVERITY[severity];
  return (
    <Badge variant={meta.variant} data-severity={severity}>
      <meta.icon aria-hidden />
      {SEVERITY_LABELS[severity]}
    </Badge>
  );
}

export function AlertStateBadge({ state }: { state: AlertState }) {
  const meta = STATE[state];
  return (
    <Badge variant={meta.variant} data-state={state} data-testid="alert-state" className={state === "firing" ? "border-destructive/60 text-destructive" : undefined}>
      <meta.icon aria-hidden />
      {STATE_LABELS[state]}
    </Badge>
  );
}
