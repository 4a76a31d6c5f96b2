"use client";

import type { Instance } from "@/contract/instances";
import { CopyButton } from "@/shared/components/copy-button";
import { useExactTime } from "@/shared/hooks/use-exact-time";
import { useNow } from "@/shared/hooks/use-now";
import { timeAgo } from "@/shared/lib/format-time";
import { Badge } from "@/shared/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/shared/ui/card";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] items-center gap-2 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="flex min-w-0 items-center gap-1 font-medium">{children}</dd>
    </div>
  );
}

/** `showNode`: cluster mode, where the node running the instance is worth knowing. */
export function InstanceMetadataCard({ instance, showNode = false }: { instance: Instance; showNode?: boolean }) {
  const now = useNow(15_000);
  const exactTime = useExactTime();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Details</CardTitle>
      </CardHeader>
      <CardContent>
        <dl data-testid="instance-metadata">
          <Row label="Number">{instance.number ? `+${instance.number}` : <span className="text-muted-foreground">not linked</span>}</Row>
          <Row label="Push name">{instance.pushName ?? <span className="text-muted-foreground">—</span>}</Row>
          <Row label="Platform">{instance.platform ?? <span className="text-muted-foreground">—</span>}</Row>
          <Row label="Shown as">
            <span className="truncate">{instance.browser ? instance.browser.join(" · ") : "—"}</span>
          </Row>
          <Row label="Connected since">
            {instance.connectedAt ? <time dateTime={instance.connectedAt} title={exactTime(instance.connectedAt)}>{timeAgo(instance.connectedAt, now)}</time> : <span className="text-muted-foreground">—</span>}
          </Row>
          {showNode ? (
            <Row label="Node">{instance.node ? <span className="font-mono break-all">{instance.node}</span> : <span className="text-muted-foreground">— (no node runs it now)</span>}</Row>
          ) : null}
          <Row label="Engine">
            {instance.engine === "sandbox" ? <Badge variant="warning">sandbox (simulated)</Badge> : <Badge variant="secondary">baileys</Badge>}
          </Row>
          <Row label="Instance id">
            <code className="truncate font-mono text-xs">{instance.id}</code>
            <CopyButton value={instance.id} label="Copy instance id" />
          </Row>
          {instance.lastError ? (
            <Row label="Last error">
              {/* Kept for the record once connected again, but no longer an alarm. */}
              <span
                className={instance.status === "CONNECTED" ? "min-w-0 font-normal break-words text-muted-foreground" : "min-w-0 break-words text-destructive"}
                title={exactTime(instance.lastError.at)}
                data-testid="last-error"
                data-recovered={instance.status === "CONNECTED"}
              >
                {instance.lastError.reason} ({timeAgo(instance.lastError.at, now)}){instance.status === "CONNECTED" ? " · recovered" : ""}
              </span>
            </Row>
          ) : null}
        </dl>
      </CardContent>
    </Card>
  );
}
