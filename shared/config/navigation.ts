import { Activity, BellRing, Gauge, KeyRound, Network, ScrollText, Settings, Smartphone, Webhook, type LucideIcon } from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  description: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Overview", icon: Gauge, description: "Status at a glance" },
  { href: "/instances", label: "Instances", icon: Smartphone, description: "Linked WhatsApp numbers" },
  { href: "/webhooks", label: "Webhooks", icon: Webhook, description: "Signed event delivery" },
  { href: "/alerts", label: "Alerts", icon: BellRing, description: "Rules, channels and history" },
  { href: "/proxies", label: "Proxies", icon: Network, description: "Proxy pool, health and usage" },
  { href: "/api", label: "API", icon: KeyRound, description: "Endpoints and credentials" },
  { href: "/logs", label: "Logs", icon: ScrollText, description: "Gateway and instance logs" },
  { href: "/settings", label: "Settings", icon: Settings, description: "Account and gateway" },
];

export const PRODUCT_NAME = "WhatsApp API Manager";
export const ProductIcon = Activity;
