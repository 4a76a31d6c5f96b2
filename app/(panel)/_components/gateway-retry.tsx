"use client";

import { useEffect, useState } from "react";
import { UNREACHABLE_RETRY_MS, bffRequest } from "@/shared/lib/api-client";
import { Button } from "@/shared/ui/button";

/** Asks the gateway's health through the panel's server every few seconds and reloads the page once it answers. */
export function GatewayRetry() {
  const [tries, setTries] = useState(0);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(() => {
      bffRequest("/bff/health").then(
        () => !stopped && window.location.reload(),
        () => !stopped && setTries((n) => n + 1),
      );
    }, UNREACHABLE_RETRY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return (
    <div className="flex flex-col items-center gap-2">
      <p className="text-sm text-muted-foreground" aria-live="polite">
        Retrying every {UNREACHABLE_RETRY_MS / 1000} s by itself{tries > 0 ? ` (${tries} ${tries === 1 ? "try" : "tries"} so far)` : ""}; the page reloads as soon as the gateway answers.
      </p>
      <Button onClick={() => window.location.reload()}>Try again now</Button>
    </div>
  );
}
