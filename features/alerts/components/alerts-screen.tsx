"use client";

import type { ReactNode } from "react";
import { PageHeader } from "@/shared/components/layout/page-header";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/shared/ui/tabs";
import { ChannelsTable, NewChannelButton } from "./channels/channels-table";
import { AlertHistory } from "./history/alert-history";
import type { InstanceChoice } from "./instance-choice";
import { NewRuleButton, RulesTable } from "./rules/rules-table";

function Section({ title, description, action, children }: { title: string; description: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle>
          <h2>{title}</h2>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
        {action ? <CardAction>{action}</CardAction> : null}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** The alerts page: what fired (and acknowledging it), where notices go, and the rules that decide when. */
export function AlertsScreen({ instances }: { instances: readonly InstanceChoice[] }) {
  return (
    <>
      <PageHeader title="Alerts" description="Rules that watch instances, webhooks and nodes, the channels that carry their notices, and everything that fired." />
      <Tabs defaultValue="history" className="gap-4">
        <TabsList className="w-full sm:w-fit">
          <TabsTrigger value="history">History</TabsTrigger>
          <TabsTrigger value="channels">Channels</TabsTrigger>
          <TabsTrigger value="rules">Rules</TabsTrigger>
        </TabsList>
        <TabsContent value="history">
          <Section title="History" description="Newest first. Acknowledge a firing alert to stop its reminders; it resolves when everything it covers has recovered.">
            <AlertHistory />
          </Section>
        </TabsContent>
        <TabsContent value="channels">
          <Section title="Channels" description="Where notices go. Send a test alert to check one; credentials are never shown again once saved." action={<NewChannelButton />}>
            <ChannelsTable />
          </Section>
        </TabsContent>
        <TabsContent value="rules">
          <Section title="Rules" description="What to watch, for how long, how severe, and where to send it. Subjects that go wrong together are grouped into one alert." action={<NewRuleButton instances={instances} />}>
            <RulesTable instances={instances} />
          </Section>
        </TabsContent>
      </Tabs>
    </>
  );
}
