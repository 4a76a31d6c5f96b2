"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { ListChecks, Plus } from "lucide-react";
import { createContext, useContext, useMemo, useState } from "react";
import type { AlertChannel, AlertRule } from "@/contract/alerts";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { useRowDialogs, type ShowRowDialog } from "@/shared/hooks/use-row-dialogs";
import { DataTable } from "@/shared/components/data-table/data-table";
import { TableOrCards } from "@/shared/components/data-table/table-or-cards";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { LoadErrorState, RefreshError } from "@/shared/components/feedback/load-error-state";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { Skeleton } from "@/shared/ui/skeleton";
import { alertChannelListOptions, alertRuleListOptions, deleteAlertRuleMutation } from "../../api/alerts";
import { KIND_LABELS, minutesInWords, ruleCondition } from "../../lib/alert-words";
import { SeverityBadge } from "../alert-badges";
import type { InstanceChoice } from "../instance-choice";
import { preloadRuleForm, RuleFormDialog } from "../lazy-dialogs";
import { EditDeleteMenu } from "../row-actions";

type Show = ShowRowDialog<AlertRule>;
type Context = { show: Show; channelNames: ReadonlyMap<string, string> };
const RulesContext = createContext<Context>({ show: () => undefined, channelNames: new Map() });

/** "New rule": the form in a dialog that loads on first open. */
export function NewRuleButton({ instances }: { instances: readonly InstanceChoice[] }) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        size="sm"
        onClick={() => {
          setOpened(true);
          setOpen(true);
        }}
        onPointerEnter={preloadRuleForm}
        onFocus={preloadRuleForm}
      >
        <Plus className="size-4" aria-hidden /> New rule
      </Button>
      {opened ? <RuleFormDialog open={open} onOpenChange={setOpen} instances={instances} /> : null}
    </>
  );
}

function Condition({ rule }: { rule: AlertRule }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <span className="text-sm break-words whitespace-normal">{ruleCondition(rule)}</span>
      <span className="text-xs text-muted-foreground">
        {KIND_LABELS[rule.kind]} · {rule.cooldownMinutes > 0 ? `cooldown ${minutesInWords(rule.cooldownMinutes)}` : "no reminders"}
      </span>
    </div>
  );
}

function Channels({ rule }: { rule: AlertRule }) {
  const { channelNames } = useContext(RulesContext);
  if (rule.channelIds.length === 0) return <span className="text-sm text-muted-foreground">History only</span>;
  return <span className="text-sm break-words whitespace-normal">{rule.channelIds.map((id) => channelNames.get(id) ?? id).join(", ")}</span>;
}

const Enabled = ({ rule }: { rule: AlertRule }) => <Badge variant={rule.enabled ? "success" : "secondary"}>{rule.enabled ? "Enabled" : "Disabled"}</Badge>;

function Actions({ rule }: { rule: AlertRule }) {
  const { show } = useContext(RulesContext);
  return (
    <div className="flex justify-end">
      <EditDeleteMenu name={rule.name} onEdit={() => show("edit", rule)} onDelete={() => show("delete", rule)} />
    </div>
  );
}

const COLUMNS: ColumnDef<AlertRule>[] = [
  { id: "name", header: "Name", cell: ({ row }) => <span className="font-medium break-words whitespace-normal">{row.original.name}</span> },
  { id: "condition", header: "Fires when", cell: ({ row }) => <Condition rule={row.original} />, meta: { className: "min-w-56" } },
  { id: "severity", header: "Severity", cell: ({ row }) => <SeverityBadge severity={row.original.severity} /> },
  { id: "channels", header: "Sends to", cell: ({ row }) => <Channels rule={row.original} /> },
  { id: "enabled", header: "Status", cell: ({ row }) => <Enabled rule={row.original} /> },
  { id: "actions", header: () => <span className="sr-only">Actions</span>, cell: ({ row }) => <Actions rule={row.original} /> },
];

function RuleCards({ rules, isLoading }: { rules: readonly AlertRule[]; isLoading: boolean }) {
  if (isLoading) return <Skeleton className="h-24 w-full rounded-xl" />;
  return (
    <ul className="flex flex-col gap-2" aria-label="Rules">
      {rules.map((rule) => (
        <li key={rule.id} className="flex flex-col gap-2 rounded-xl border bg-card p-3">
          <div className="flex items-start justify-between gap-2">
            <p className="min-w-0 font-medium break-words">{rule.name}</p>
            <Actions rule={rule} />
          </div>
          <Condition rule={rule} />
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={rule.severity} />
            <Enabled rule={rule} />
          </div>
          <div className="text-xs text-muted-foreground">
            Sends to: <Channels rule={rule} />
          </div>
        </li>
      ))}
    </ul>
  );
}

const NO_CHANNELS: AlertChannel[] = [];

/** Every rule: what it watches in words, severity, channels, enabled, edit and delete. */
export function RulesTable({ instances }: { instances: readonly InstanceChoice[] }) {
  const list = useQuery(alertRuleListOptions());
  const channels = useQuery(alertChannelListOptions()).data ?? NO_CHANNELS;
  const data = useMemo(() => list.data ?? [], [list.data]);
  const { show, editing, editOpen, deleteOpen, target, onOpenChange } = useRowDialogs(data);
  const remove = useMutation(deleteAlertRuleMutation());
  const context = useMemo<Context>(
    () => ({ show, channelNames: new Map(channels.map((c) => [c.id, c.name])) }),
    [show, channels],
  );

  // TanStack Table v8 is not React Compiler-safe; the compiler skips this component, which is what we want.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns: COLUMNS, getRowId: (row) => row.id, getCoreRowModel: getCoreRowModel() });

  if (list.isError && !list.data) return <LoadErrorState title="Could not load the rules" error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isSuccess && data.length === 0) {
    return (
      <EmptyState
        icon={ListChecks}
        title="No rules yet"
        description="A rule says what to watch (an instance disconnected, a webhook failing, a node down), for how long, how severe it is, and which channels hear about it."
        action={<NewRuleButton instances={instances} />}
      />
    );
  }
  return (
    <RulesContext.Provider value={context}>
      <RefreshError what="rules" query={list} />
      <TableOrCards table={<DataTable table={table} isLoading={list.isPending} aria-label="Rules" />} cards={<RuleCards rules={data} isLoading={list.isPending} />} />
      {editing ? <RuleFormDialog key={editing.id} open={editOpen} onOpenChange={onOpenChange} rule={editing} instances={instances} /> : null}
      <ConfirmDialog
        open={deleteOpen}
        onOpenChange={onOpenChange}
        title="Delete this rule?"
        description={
          <>
            <p className="font-medium break-all">{target?.name}</p>
            <p className="mt-2">It opens no more alerts. Its alerts stay in the history; open ones resolve silently when their subjects recover.</p>
          </>
        }
        confirmLabel="Delete"
        onConfirm={() => target && remove.mutate(target.id)}
      />
    </RulesContext.Provider>
  );
}
