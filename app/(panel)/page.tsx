import { ArrowRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { GatewayHealthCard } from "@/features/system/components/gateway-health-card";
import { PageHeader } from "@/shared/components/layout/page-header";
import { NAV_ITEMS } from "@/shared/config/navigation";
import { publicApiUrl } from "@/shared/config/server-env";
import { Card, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  const sections = NAV_ITEMS.filter((item) => item.href !== "/");
  return (
    <>
      <PageHeader title="Overview" description="Your gateway and its WhatsApp numbers at a glance." />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-1">
          <GatewayHealthCard gatewayUrl={publicApiUrl()} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2 lg:col-span-2">
          {sections.map((item) => (
            <Link key={item.href} href={item.href} className="group rounded-xl outline-none focus-visible:ring-2 focus-visible:ring-ring">
              <Card className="h-full transition-colors group-hover:bg-accent/50">
                <CardHeader>
                  <CardTitle className="flex items-center gap-2">
                    <item.icon className="size-4" aria-hidden />
                    {item.label}
                    <ArrowRight className="ml-auto size-4 opacity-0 transition-opacity group-hover:opacity-100" aria-hidden />
                  </CardTitle>
                  <CardDescription>{item.description}</CardDescription>
                </CardHeader>
              </Card>
            </Link>
          ))}
        </div>
      </div>
    </>
  );
}
