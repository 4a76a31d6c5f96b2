"use client";

import { TriangleAlert } from "lucide-react";
import { useEffect } from "react";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { Button } from "@/shared/ui/button";

export default function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main className="flex min-h-[60svh] items-center justify-center p-6">
      <EmptyState
        icon={TriangleAlert}
        title="This page hit an error"
        description={`Something went wrong while showing this page.${error.digest ? ` Reference: ${error.digest}.` : ""} Try again; if it keeps happening, check the gateway's logs.`}
        action={<Button onClick={reset}>Try again</Button>}
      />
    </main>
  );
}
