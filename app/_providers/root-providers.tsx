"use client";

import { ThemeProvider } from "next-themes";
import type { ReactNode } from "react";
import { HydratedProvider } from "@/shared/hooks/use-hydrated";
import { RenderTimeProvider } from "@/shared/hooks/use-now";

export function RootProviders({ nonce, renderedAt, children }: { nonce?: string; renderedAt: number; children: ReactNode }) {
  // No `disableTransitionOnChange`: next-themes applies the theme again when it mounts, and with that option it adds
  // and removes a `*{transition:none}` sheet each time, two full-page style recalculations right after every page's
  // hydration (docs/architecture.md, "What every page loads, and why"). A theme switch lets colours transition.
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem nonce={nonce}>
      <HydratedProvider>
        <RenderTimeProvider renderedAt={renderedAt}>{children}</RenderTimeProvider>
      </HydratedProvider>
    </ThemeProvider>
  );
}
