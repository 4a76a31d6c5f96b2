import type { ReactNode } from "react";
import { ConnectionIndicator } from "./connection-indicator";
import { GatewayOutageBanner } from "./gateway-outage-banner";
import { NavSheet } from "./nav-sheet";
import { ProductMark } from "./product-mark";
import { SidebarNav } from "./sidebar-nav";
import { ThemeToggle } from "./theme-toggle";

/**
 * The panel's frame: a sidebar on wide screens that becomes a drawer on phones, and a top bar with the
 * live connection light. `accountMenu` is composed in by the app layer (shared code knows no features).
 */
export function AppShell({ accountMenu, children }: { accountMenu?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-svh bg-background">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-svh w-60 shrink-0 flex-col gap-6 border-r bg-sidebar px-3 py-4 md:flex" data-testid="sidebar">
        <div className="px-2">
          <ProductMark />
        </div>
        <SidebarNav />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/80 md:px-6">
          <NavSheet />
          <div className="min-w-0 flex-1 md:hidden">
            <ProductMark />
          </div>
          <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
            <ConnectionIndicator />
            <ThemeToggle />
            {accountMenu}
          </div>
        </header>
        <GatewayOutageBanner />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 outline-none md:px-6 md:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
