"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import type { ReactNode } from "react";
import { RenderTimeProvider } from "@/shared/hooks/use-now";
import { getQueryClient } from "@/shared/lib/query-client";
import { Toaster } from "@/shared/ui/sonner";

export function RootProviders({ nonce, renderedAt, children }: { nonce?: string; renderedAt: number; children: ReactNode }) {
  const queryClient = getQueryClient();
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      <QueryClientProvider client={queryClient}>
        <RenderTimeProvider renderedAt={renderedAt}>{children}</RenderTimeProvider>
        <Toaster />
      </QueryClientProvider>
    </ThemeProvider>
  );
}
