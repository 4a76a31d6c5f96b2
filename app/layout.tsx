import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
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

/**
 * Geist Sans and Geist Mono from the `geist` package, cut to the Latin subset by scripts/subset-fonts.mjs (about half
 * of each file; the `unicode-range` is that script's, as next/font/google declares a subset's), with next/font's own
 * metric-matched fallback for Sans. Sans is preloaded, since every page's text is set in it. Mono is not: it sets ids,
 * URLs and code, never a page's headline, and preloading it put its bytes in front of every page's first paint
 * (docs/architecture.md, "What every page loads, and why"). A page that shows mono text asks for it then and swaps
 * it in (`optional` would hold the first paint of a page with an id at the top for its block period).
 */
const geistSans = localFont({
  src: "./fonts/geist-sans-latin.woff2",
  variable: "--font-geist-sans",
  weight: "100 900",
  declarations: [{ prop: "unicode-range", value: "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2190-2199, U+2212, U+2215, U+FEFF, U+FFFD" }],
});
const geistMono = localFont({
  src: "./fonts/geist-mono-latin.woff2",
  variable: "--font-geist-mono",
  weight: "100 900",
  preload: false,
  display: "swap",
  adjustFontFallback: false,
  fallback: ["ui-monospace", "SFMono-Regular", "Roboto Mono", "Menlo", "Monaco", "Liberation Mono", "DejaVu Sans Mono", "Courier New", "monospace"],
  declarations: [{ prop: "unicode-range", value: "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2190-2199, U+2212, U+2215, U+FEFF, U+FFFD" }],
});

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
    <html lang="en" suppressHydrationWarning className={`${geistSans.variable} ${geistMono.variable}`}>
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
