"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { Loader2, Plus, Radio, Send } from "lucide-react";
import { createContext, useContext, useMemo, useState } from "react";
import type { AlertChannel, AlertChannelWithSecret } from "@/contract/alerts";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { useRowDialogs, type ShowRowDialog } from "@/shared/hooks/use-row-dialogs";
import { DataTable } from "@/shared/components/data-table/data-table";
import { TableOrCards } from "@/shared/components/data-table/table-or-cards";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { LoadErrorState, RefreshError } from "@/shared/components/feedback/load-error-state";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { Skeleton } from "@/shared/ui/skeleton";
import { alertChannelListOptions, deleteAlertChannelMutation, testAlertChannelMutation } from "../../api/alerts";
import { CHANNEL_TYPE_LABELS, channelTarget } from "../../lib/alert-words";
import { ChannelFormDialog, ChannelSecretDialog, preloadChannelForm } from "../lazy-dialogs";
import { EditDeleteMenu } from "../row-actions";

type Show = ShowRowDialog<AlertChannel>;
const ShowContext = createContext<Show>(() => undefined);

/** "New channel": the form, then (for a signed webhook) the secret shown once. */
export function NewChannelButton() {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false); // loads on first open, then stays mounted (closing animation)
  const [revealed, setRevealed] = useState<AlertChannelWithSecret | null>(null);
  return (
    <>
      <Button
        size="sm"
        onClick={() => {
          setOpened(true);
          setOpen(true);
        }}
        onPointerEnter={preloadChannelForm}
        onFocus={preloadChannelForm}
      >
        <Plus className="size-4" aria-hidden /> New channel
      </Button>
      {opened ? <ChannelFormDialog open={open} onOpenChange={setOpen} onCreated={(created) => created.secret && setRevealed(created)} /> : null}
      {revealed ? <ChannelSecretDialog channel={revealed} onClose={() => setRevealed(null)} /> : null}
    </>
  );
}

function TestButton({ channel }: { channel: AlertChannel }) {
  const test = useMutation(testAlertChannelMutation(channel.id));
  return (
    <Button variant="outline" size="sm" disabled={test.isPending} onClick={() => test.mutate()} aria-label={`Send test alert to ${channel.name}`}>
      {test.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <Send className="size-4" aria-hidden />} Send test alert
    </Button>
  );
}

function Actions({ channel }: { channel: AlertChannel }) {
  const show = useContext(ShowContext);
  return (
    <div className="flex items-center justify-end gap-1">
      <TestButton channel={channel} />
      <EditDeleteMenu name={channel.name} onEdit={() => show("edit", channel)} onDelete={() => show("delete", channel)} />
    </div>
  );
}

const Target = ({ channel }: { channel: AlertChannel }) => (
  <span className="block truncate font-mono text-xs text-muted-foreground" title={channelTarget(channel)}>
    {channelTarget(channel)}
  </span>
);
const Enabled = ({ channel }: { channel: AlertChannel }) => <Badge variant={channel.enabled ? "success" : "secondary"}>{channel.enabled ? "Enabled" : "Disabled"}</Badge>;

const COLUMNS: ColumnDef<AlertChannel>[] = [
  { id: "name", header: "Name", cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
  { id: "type", header: "Type", cell: ({ row }) => CHANNEL_TYPE_LABELS[row.original.type] },
  { id: "target", header: "Sends to", cell: ({ row }) => <Target channel={row.original} />, meta: { className: "max-w-64" } },
  { id: "enabled", header: "Status", cell: ({ row }) => <Enabled channel={row.original} /> },
  { id: "actions", header: () => <span className="sr-only">Actions</span>, cell: ({ row }) => <Actions channel={row.original} /> },
];

function ChannelCards({ channels, isLoading }: { channels: readonly AlertChannel[]; isLoading: boolean }) {
  if (isLoading) return <Skeleton className="h-24 w-full rounded-xl" />;
  return (
    <ul className="flex flex-col gap-2" aria-label="Channels">
      {channels.map((channel) => (
        <li key={channel.id} className="flex flex-col gap-2 rounded-xl border bg-card p-3">
          <div className="flex items-start justify-between gap-2">
            <div className="min-w-0">
              <p className="font-medium break-words">{channel.name}</p>
              <p className="text-xs text-muted-foreground">{CHANNEL_TYPE_LABELS[channel.type]}</p>
            </div>
            <Enabled channel={channel} />
          </div>
          <Target channel={channel} />
          <Actions channel={channel} />
        </li>
      ))}
    </ul>
  );
}

/** Every channel with where it sends (credentials only as hints), a test button, edit and delete. */
export function ChannelsTable() {
  const list = useQuery(alertChannelListOptions());
  const data = useMemo(() => list.data ?? [], [list.data]);
  const { show, editing, editOpen, deleteOpen, target, onOpenChange } = useRowDialogs(data);
  const remove = useMutation(deleteAlertChannelMutation());

  // TanStack Table v8 is not React Compiler-safe; the compiler skips this component, which is what we want.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns: COLUMNS, getRowId: (row) => row.id, getCoreRowModel: getCoreRowModel() });

  if (list.isError && !list.data) return <LoadErrorState title="Could not load the channels" error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isSuccess && data.length === 0) {
    return (
      <EmptyState
        icon={Radio}
        title="No channels yet"
        description="A channel is where notices go: e-mail, Slack, Discord, Telegram or a signed webhook. Add one, send it a test alert, then pick it in a rule."
        action={<NewChannelButton />}
      />
    );
  }
  return (
    <ShowContext.Provider value={show}>
      <RefreshError what="channels" query={list} />
      <TableOrCards table={<DataTable table={table} isLoading={list.isPending} aria-label="Channels" />} cards={<ChannelCards channels={data} isLoading={list.isPending} />} />
      {editing ? <ChannelFormDialog key={editing.id} open={editOpen} onOpenChange={onOpenChange} channel={editing} /> : null}
      <ConfirmDialog
        open={deleteOpen}
        onOpenChange={onOpenChange}
        title="Delete this channel?"
        description={
          <>
            <p className="font-medium break-all">{target?.name}</p>
            <p className="mt-2">Rules stop sending to it at once. Alerts already sent keep its name in the history.</p>
          </>
        }
        confirmLabel="Delete"
        onConfirm={() => target && remove.mutate(target.id)}
      />
    </ShowContext.Provider>
  );
}
