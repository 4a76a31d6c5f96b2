import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/shared/components/layout/page-header";
import { LogsPageClient } from "./_components/logs-page-client";

export const metadata: Metadata = { title: "Logs" };

export default function LogsPage() {
  return (
    <>
      <PageHeader title="Logs" description="Gateway and instance logs, live: filter, search, pause, export. Events shows the raw socket feed." />
      <Suspense>
        <LogsPageClient />
      </Suspense>
    </>
  );
}
