import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { lookupSession } from "@/features/auth/api/server-session";
import { AccountMenu } from "@/features/auth/components/account-menu";
import { SessionExpiryRedirect } from "@/features/auth/components/session-expiry-redirect";
import { AppShell } from "@/shared/components/layout/app-shell";
import { publicApiUrl } from "@/shared/config/server-env";
import { WideLayoutGuess } from "@/shared/hooks/use-wide-layout";
import { SocketProvider } from "@/shared/lib/realtime/socket-provider";
import { PanelProviders } from "../_providers/panel-providers";
import { RealtimeBridge } from "../_providers/realtime-bridge";
import { GatewayUnavailable } from "./_components/gateway-unavailable";

export default async function PanelLayout({ children }: { children: ReactNode }) {
  const session = await lookupSession();
  if (session.kind === "gateway-down") return <GatewayUnavailable />;
  if (session.kind === "signed-out") {
    const here = (await headers()).get("x-pathname") ?? "/";
    redirect(`/login?reason=expired${here !== "/" ? `&next=${encodeURIComponent(here)}` : ""}`);
  }
  // Chromium-based browsers say whether they are on a phone (a default client hint): the server then renders only
  // the layout lists will use (cards or table). Without the hint it renders both and CSS picks.
  const mobile = (await headers()).get("sec-ch-ua-mobile");
  return (
    <PanelProviders>
      <SocketProvider url={publicApiUrl()}>
        <RealtimeBridge />
        <SessionExpiryRedirect />
        <WideLayoutGuess wide={mobile === "?1" ? false : mobile === "?0" ? true : null}>
          <AppShell accountMenu={<AccountMenu operator={session.me.operator} />}>{children}</AppShell>
        </WideLayoutGuess>
      </SocketProvider>
    </PanelProviders>
  );
}
