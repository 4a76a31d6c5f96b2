"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { onUnauthorized } from "@/shared/lib/api-client";

/** When any call finds the session gone, go to sign-in with a message and come back here afterwards. */
export function SessionExpiryRedirect() {
  const router = useRouter();
  useEffect(
    () =>
      onUnauthorized(() => {
        const here = window.location.pathname + window.location.search;
        router.replace(`/login?reason=expired&next=${encodeURIComponent(here)}`);
      }),
    [router],
  );
  return null;
}
