import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Script from "next/script";
import type { ReactNode } from "react";
import { PRODUCT_NAME } from "@/shared/config/navigation";
import { RootProviders } from "./_providers/root-providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: PRODUCT_NAME, template: `%s · ${PRODUCT_NAME}` },
  description: "Link WhatsApp numbers, watch their connections live, wire signed webhooks and hand out API credentials.",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0a0a0a" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request: this is the request's time.
  const renderedAt = Date.now();
  return (
    <html lang="en" suppressHydrationWarning className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-svh font-sans antialiased">
        {/* Before any bundle runs: zod must not probe `new Function`, which our CSP (rightly) reports as a violation. */}
        <Script id="zod-jitless" strategy="beforeInteractive" nonce={nonce}>
          {"globalThis.__zod_globalConfig=Object.assign(globalThis.__zod_globalConfig||{},{jitless:true});"}
        </Script>
        <RootProviders nonce={nonce} renderedAt={renderedAt}>{children}</RootProviders>
      </body>
    </html>
  );
}
