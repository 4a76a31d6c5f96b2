"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { getQueryClient } from "@/shared/lib/query-client";
import { Toaster } from "@/shared/ui/sonner";

/**
 * The signed-in panel's client state: the query cache and the toasts its mutations raise. Not the root layout's, so
 * the sign-in page carries neither library (docs/architecture.md, "The sign-in page").
 */
export function PanelProviders({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      {children}
      <Toaster />
    </QueryClientProvider>
  );
}
