"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { LayoutTemplate, Pencil, Plus, Star, Trash2 } from "lucide-react";
import { createContext, useContext, useMemo, useState } from "react";
import type { SettingsTemplate, SettingsTemplateWithSecret } from "@/contract/templates";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { RowActionsTrigger } from "@/shared/components/data-table/row-actions-trigger";
import { useRowDialogs, type ShowRowDialog } from "@/shared/hooks/use-row-dialogs";
import { DataTable } from "@/shared/components/data-table/data-table";
import { TableOrCards } from "@/shared/components/data-table/table-or-cards";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { LoadErrorState, RefreshError } from "@/shared/components/feedback/load-error-state";
import { Badge } from "@/shared/ui/badge";
import { Button } from "@/shared/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator } from "@/shared/ui/dropdown-menu";
import { Skeleton } from "@/shared/ui/skeleton";
import { deleteTemplateMutation, templateListOptions, updateTemplateMutation } from "../api/templates";
import { templateSettingLabels, templateSummary } from "../lib/template-words";
import { preloadTemplateForm, TemplateFormDialog, TemplateSecretDialog } from "./lazy-dialogs";
import { useProxyNames } from "./use-proxy-names";

type Show = ShowRowDialog<SettingsTemplate>;
const ShowContext = createContext<Show>(() => undefined);

/** "New template": the form, then the signing secret shown once. */
function NewTemplateButton() {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false); // loads on first open, then stays mounted (closing animation)
  const [revealed, setRevealed] = useState<SettingsTemplateWithSecret | null>(null);
  return (
    <>
      <Button
        size="sm"
        onClick={() => {
          setOpened(true);
          setOpen(true);
        }}
        onPointerEnter={preloadTemplateForm}
        onFocus={preloadTemplateForm}
      >
        <Plus className="size-4" aria-hidden /> New template
      </Button>
      {opened ? <TemplateFormDialog open={open} onOpenChange={setOpen} onCreated={setRevealed} /> : null}
      {revealed ? <TemplateSecretDialog template={revealed} onClose={() => setRevealed(null)} /> : null}
    </>
  );
}

function Actions({ template }: { template: SettingsTemplate }) {
  const show = useContext(ShowContext);
  const makeDefault = useMutation(updateTemplateMutation(template.id, { toastErrors: true }));
  return (
    <div className="flex justify-end">
      <DropdownMenu>
        <RowActionsTrigger name={template.name} onPointerEnter={preloadTemplateForm} />
        <DropdownMenuContent align="end" className="w-44">
          <DropdownMenuItem onSelect={() => show("edit", template)}>
            <Pencil className="size-4" aria-hidden /> Edit
          </DropdownMenuItem>
          <DropdownMenuItem disabled={template.isDefault || makeDefault.isPending} onSelect={() => makeDefault.mutate({ isDefault: true })}>
            <Star className="size-4" aria-hidden /> Make default
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => show("delete", template)}>
            <Trash2 className="size-4" aria-hidden /> Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}

function NameCell({ template }: { template: SettingsTemplate }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <span className="flex flex-wrap items-center gap-2">
        <span className="font-medium break-words">{template.name}</span>
        {template.isDefault ? <Badge variant="secondary">Default</Badge> : null}
      </span>
      {template.description ? <span className="text-xs break-words text-muted-foreground">{template.description}</span> : null}
    </div>
  );
}

function SummaryCell({ template }: { template: SettingsTemplate }) {
  const names = useProxyNames();
  const labels = templateSettingLabels(template);
  return (
    <span className="text-sm text-muted-foreground" title={labels.length ? `Sets: ${labels.join(", ")}` : undefined} data-testid="template-summary">
      {templateSummary(template, names)}
    </span>
  );
}

const COLUMNS: ColumnDef<SettingsTemplate>[] = [
  { id: "name", header: "Name", cell: ({ row }) => <NameCell template={row.original} />, meta: { className: "max-w-72" } },
  { id: "sets", header: "What it sets", cell: ({ row }) => <SummaryCell template={row.original} /> },
  { id: "actions", header: () => <span className="sr-only">Actions</span>, cell: ({ row }) => <Actions template={row.original} /> },
];

function TemplateCards({ templates, isLoading }: { templates: readonly SettingsTemplate[]; isLoading: boolean }) {
  if (isLoading) return <Skeleton className="h-24 w-full rounded-xl" />;
  return (
    <ul className="flex flex-col gap-2" aria-label="Templates">
      {templates.map((template) => (
        <li key={template.id} className="flex items-start justify-between gap-2 rounded-xl border bg-card p-3">
          <div className="flex min-w-0 flex-col gap-1">
            <NameCell template={template} />
            <SummaryCell template={template} />
          </div>
          <Actions template={template} />
        </li>
      ))}
    </ul>
  );
}

function TemplateList() {
  const list = useQuery(templateListOptions());
  const data = useMemo(() => list.data ?? [], [list.data]);
  const { show, editing, editOpen, deleteOpen, target, onOpenChange } = useRowDialogs(data);
  const remove = useMutation(deleteTemplateMutation());

  // TanStack Table v8 is not React Compiler-safe; the compiler skips this component, which is what we want.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns: COLUMNS, getRowId: (row) => row.id, getCoreRowModel: getCoreRowModel() });

  if (list.isError && !list.data) return <LoadErrorState title="Could not load the templates" error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isSuccess && data.length === 0) {
    return (
      <EmptyState
        icon={LayoutTemplate}
        title="No templates yet"
        description="A template is a set of settings, a proxy policy and webhooks. Make one the default for new instances, or apply one to many instances from the instances table."
      />
    );
  }
  return (
    <ShowContext.Provider value={show}>
      <RefreshError what="templates" query={list} />
      <TableOrCards table={<DataTable table={table} isLoading={list.isPending} aria-label="Templates" />} cards={<TemplateCards templates={data} isLoading={list.isPending} />} />
      {editing ? <TemplateFormDialog key={editing.id} open={editOpen} onOpenChange={onOpenChange} template={editing} /> : null}
      <ConfirmDialog
        open={deleteOpen}
        onOpenChange={onOpenChange}
        title="Delete this template?"
        description={
          <>
            <p className="font-medium break-all">{target?.name}</p>
            <p className="mt-2">
              Instances keep the settings, proxies and webhooks it gave them.{target?.isDefault ? " New instances will be created without a default template." : ""}
            </p>
          </>
        }
        confirmLabel="Delete"
        onConfirm={() => target && remove.mutate(target.id)}
      />
    </ShowContext.Provider>
  );
}

/** Templates under Settings: the list with what each sets, and the actions on them. */
export function TemplatesCard() {
  return (
    <Card className="min-w-0 lg:col-span-2" data-testid="templates-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <LayoutTemplate className="size-4" aria-hidden /> Templates
        </CardTitle>
        <CardDescription>Settings, a proxy policy and webhooks, given to new instances by the default template or to selected instances from the instances table.</CardDescription>
        <CardAction>
          <NewTemplateButton />
        </CardAction>
      </CardHeader>
      <CardContent>
        <TemplateList />
      </CardContent>
    </Card>
  );
}
