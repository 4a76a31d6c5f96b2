"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Network, RefreshCw } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import type { GatewayNode } from "@/contract/cluster";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";
import { useExactTime } from "@/shared/hooks/use-exact-time";
import { useNow } from "@/shared/hooks/use-now";
import { timeAgo } from "@/shared/lib/format-time";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { drainNodeMutation, nodeListOptions } from "../api/nodes";

// The confirmation (Radix AlertDialog) loads when an operator first asks to drain.
const DrainNodeConfirm = dynamic(() => import("./drain-node-confirm").then((m) => m.DrainNodeConfirm), { ssr: false });

function NodeRow({ node, self, now, onDrain, onEndDrain, busy }: { node: GatewayNode; self: boolean; now: number; onDrain: () => void; onEndDrain: () => void; busy: boolean }) {
  const exactTime = useExactTime();
  return (
    <li className="flex items-start justify-between gap-3 py-3 first:pt-0 last:pb-0" data-node={node.name} data-live={node.live} data-draining={node.draining}>
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="font-mono text-sm font-medium break-all">{node.name}</span>
          {self ? <Badge variant="outline">this node</Badge> : null}
          {node.live ? <Badge variant="success">live</Badge> : <Badge variant="destructive">down</Badge>}
          {node.draining ? <Badge variant="warning">draining</Badge> : null}
        </div>
        <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-muted-foreground">
          <span>{node.instances === 1 ? "1 instance" : `${node.instances} instances`}</span>
          <span>
            heartbeat{" "}
            <time dateTime={node.heartbeatAt} title={exactTime(node.heartbeatAt)}>
              {timeAgo(node.heartbeatAt, now)}
            </time>
          </span>
          <span>v{node.version}</span>
        </p>
      </div>
      {node.draining ? (
        <Button variant="outline" size="sm" className="shrink-0" disabled={busy} onClick={onEndDrain} aria-label={`End the drain of ${node.name}`}>
          End drain
        </Button>
      ) : node.live ? (
        <Button variant="outline" size="sm" className="shrink-0" disabled={busy} onClick={onDrain} aria-label={`Drain ${node.name}`}>
          Drain
        </Button>
      ) : null}
    </li>
  );
}

/**
 * The gateway nodes sharing the database, in cluster mode only: nothing renders in single mode, nor while the mode is
 * unknown (the Overview page prefetches the list, and the gateway card beside it reports an unreachable gateway).
 */
export function NodesCard() {
  const nodes = useQuery(nodeListOptions());
  const drain = useMutation(drainNodeMutation());
  const now = useNow(1000);
  // Kept after closing, so the dialog can animate out with its text intact.
  const [confirm, setConfirm] = useState<{ node: GatewayNode; open: boolean } | null>(null);
  if (nodes.data?.mode !== "postgres") return null;
  const { self, items } = nodes.data;
  return (
    <Card data-testid="gateway-nodes">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Network className="size-4" aria-hidden /> Nodes
        </CardTitle>
        <CardDescription>Gateway processes sharing the database</CardDescription>
        <CardAction>
          <Button variant="ghost" size="icon-sm" aria-label="Refresh nodes" onClick={() => void nodes.refetch()} disabled={nodes.isFetching}>
            <RefreshCw className={nodes.isFetching ? "size-4 animate-spin" : "size-4"} aria-hidden />
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {/* A failed refresh keeps the last list on screen, marked as such. */}
        {nodes.isError ? <InlineLoadError what="Could not refresh the nodes" error={nodes.error} /> : null}
        {items.length === 0 ? (
          <p className="text-sm text-muted-foreground">No node reports to the database right now.</p>
        ) : (
          <ul className="flex flex-col divide-y" aria-label="Gateway nodes">
            {items.map((node) => (
              <NodeRow
                key={node.name}
                node={node}
                self={node.name === self}
                now={now}
                busy={drain.isPending && drain.variables.name === node.name}
                onDrain={() => setConfirm({ node, open: true })}
                onEndDrain={() => drain.mutate({ name: node.name, drain: false })}
              />
            ))}
          </ul>
        )}
      </CardContent>
      {confirm ? (
        <DrainNodeConfirm
          node={confirm.node}
          open={confirm.open}
          onOpenChange={(open) => setConfirm({ ...confirm, open })}
          onConfirm={() => drain.mutate({ name: confirm.node.name, drain: true })}
        />
      ) : null}
    </Card>
  );
}
