import type { Metadata } from "next";
import { Suspense } from "react";
import { WebhooksPageClient } from "./_components/webhooks-page-client";

export const metadata: Metadata = { title: "Webhooks" };

export default function WebhooksPage() {
  return (
    <Suspense>
      <WebhooksPageClient />
    </Suspense>
  );
}
