import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { lookupSession } from "@/features/auth/api/server-session";
import { ChangePasswordForm } from "@/features/auth/components/change-password-form";
import { SignOutButton } from "@/features/auth/components/sign-out-button";
import { healthOptions } from "@/features/system/api/health";
import { GatewayHealthCard } from "@/features/system/components/gateway-health-card";
import { proxyPoolOptions, templateListOptions } from "@/features/templates/api/templates";
import { TemplatesCard } from "@/features/templates/components/templates-card";
import { PageHeader } from "@/shared/components/layout/page-header";
import { publicApiUrl } from "@/shared/config/server-env";
import { prefetchForPage } from "@/shared/lib/server/server-prefetch";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/shared/ui/card";

export const metadata: Metadata = { title: "Settings" };

function formatTime(iso: string) {
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

export default async function SettingsPage() {
  const session = await lookupSession();
  const me = session.kind === "signed-in" ? session.me : null;
  // The health card is prefetched too: rendered after hydration, its rows pushed the cards below down (layout shift 0.028).
  const state = await prefetchForPage((queryClient, gateway) => [
    queryClient.prefetchQuery(healthOptions(gateway)),
    queryClient.prefetchQuery(templateListOptions(gateway)),
    queryClient.prefetchQuery(proxyPoolOptions(gateway)),
  ]);
  return (
    <HydrationBoundary state={state}>
      <PageHeader title="Settings" description="Your operator account, the gateway this panel manages, and settings templates for its instances." />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Account</CardTitle>
            <CardDescription>Signed in as an operator of this gateway</CardDescription>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
              <dt className="text-muted-foreground">Username</dt>
              <dd className="font-medium" data-testid="settings-username">
                {me?.operator.username}
              </dd>
              <dt className="text-muted-foreground">Session ends</dt>
              <dd>{me ? formatTime(me.session.expiresAt) : "—"}</dd>
              <dt className="text-muted-foreground">Idle timeout</dt>
              <dd>After 30 minutes without activity</dd>
            </dl>
          </CardContent>
          <CardFooter>
            <SignOutButton />
          </CardFooter>
        </Card>
        <GatewayHealthCard gatewayUrl={publicApiUrl()} />
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Change password</CardTitle>
            <CardDescription>Changing it signs out every other session of this account.</CardDescription>
          </CardHeader>
          <CardContent>
            <ChangePasswordForm />
          </CardContent>
        </Card>
        <TemplatesCard />
      </div>
    </HydrationBoundary>
  );
}
