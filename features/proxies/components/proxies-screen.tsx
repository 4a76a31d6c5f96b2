"use client";

import { PageHeader } from "@/shared/components/layout/page-header";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { AddProxyButton, ProxiesTable } from "./proxies-table";

/** The Proxies page: the pool with health and usage, and how instances are given a proxy. */
export function ProxiesScreen() {
  return (
    <>
      <PageHeader title="Proxies" description="Named HTTP(S) and SOCKS5 proxies instances connect to WhatsApp through, with caps and health checks." />
      <Card className="gap-4">
        <CardHeader>
          <CardTitle>
            <h2>Pool</h2>
          </CardTitle>
          <CardDescription>Health comes from periodic checks that open a tunnel to WhatsApp through each proxy; Check now runs one at once.</CardDescription>
          <CardAction>
            <AddProxyButton />
          </CardAction>
        </CardHeader>
        <CardContent>
          <ProxiesTable />
        </CardContent>
      </Card>
      <Card className="gap-3">
        <CardHeader>
          <CardTitle>
            <h2>Caps and assignment</h2>
          </CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-2 text-sm text-muted-foreground">
          <p>
            <span className="font-medium text-foreground">Max instances</span> caps how many instances use a proxy at once. A full proxy takes no new ones; lowering the cap
            keeps those already on it.
          </p>
          <p>
            <span className="font-medium text-foreground">Automatic</span> gives an instance the least used proxy that has room and is not failing its check, at creation or
            later (its Settings, or Assign proxy on the selected rows of the instances table).
          </p>
          <p>Changing an instance&apos;s proxy restarts its session through the new one with the same credentials: no QR. A proxy in use cannot be deleted until its instances are moved.</p>
        </CardContent>
      </Card>
    </>
  );
}
