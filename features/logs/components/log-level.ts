import type { LogLevel, LogSource } from "@/contract/logs";

/** How each level looks: its badge and chip-dot colours and the word shown. */
export const LEVEL_META: Record<LogLevel, { label: string; badge: "secondary" | "info" | "warning" | "destructive"; dot: string }> = {
  debug: { label: "Debug", badge: "secondary", dot: "bg-muted-foreground" },
  info: { label: "Info", badge: "info", dot: "bg-info" },
  warn: { label: "Warn", badge: "warning", dot: "bg-warning" },
  error: { label: "Error", badge: "destructive", dot: "bg-destructive" },
};

export const SOURCE_LABELS: Record<LogSource, string> = { gateway: "Gateway", engine: "Engine", webhook: "Webhook", auth: "Auth" };

/** Instance names for display; ids not in the list (deleted instances) show as the id. */
export type InstanceOption = { id: string; name: string };
