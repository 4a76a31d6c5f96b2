"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { GatewayNode } from "@/contract/cluster";
import type { Instance } from "@/contract/instances";
import { Button } from "@/shared/ui/button";
import { DialogFooter } from "@/shared/ui/dialog";
import { Field, FieldDescription, FieldLabel } from "@/shared/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { moveInstanceMutation } from "../../api/instances";

/** The nodes an instance can move to: live, not draining, and not the one running it now. */
function moveTargets(nodes: GatewayNode[], current: string | null | undefined): GatewayNode[] {
  return nodes.filter((node) => node.live && !node.draining && node.name !== current);
}

/** The move dialog's form, loaded when the dialog first opens (the Select is not on the page before). */
export function MoveInstanceForm({ instance, nodes, onDone }: { instance: Instance; nodes: GatewayNode[]; onDone: () => void }) {
  const move = useMutation(moveInstanceMutation(instance.id));
  const targets = moveTargets(nodes, instance.node);
  const [node, setNode] = useState<string>("");
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (node) move.mutate(node, { onSuccess: onDone });
      }}
    >
      {targets.length === 0 ? (
        <p className="text-sm text-muted-foreground" role="status">
          No other node can take it now: every other node is down or draining.
        </p>
      ) : (
        <Field>
          <FieldLabel htmlFor="move-node">Node</FieldLabel>
          <Select value={node} onValueChange={setNode}>
            <SelectTrigger id="move-node" className="w-full">
              <SelectValue placeholder="Pick a node" />
            </SelectTrigger>
            <SelectContent>
              {targets.map((target) => (
                <SelectItem key={target.name} value={target.name}>
                  <span className="font-mono">{target.name}</span>
                  <span className="text-muted-foreground">{target.instances === 1 ? "1 instance" : `${target.instances} instances`}</span>
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <FieldDescription>Live nodes that are not draining.</FieldDescription>
        </Field>
      )}
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={!node || move.isPending}>
          Move
        </Button>
      </DialogFooter>
    </form>
  );
}
