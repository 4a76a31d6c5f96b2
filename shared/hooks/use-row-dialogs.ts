"use client";

import { useCallback, useState } from "react";

export type RowDialogKind = "edit" | "delete";
/** Opens a row's edit or delete dialog (row actions call it, usually through a context). */
export type ShowRowDialog<T> = (kind: RowDialogKind, row: T) => void;

/**
 * The edit and delete dialogs over a list's rows: which one is open, the row being edited (kept while its dialog
 * animates closed), and the row to delete, read from the live list so it is current.
 */
export function useRowDialogs<T extends { id: string }>(rows: readonly T[]) {
  const [dialog, setDialog] = useState<{ kind: RowDialogKind; id: string } | null>(null);
  const [editing, setEditing] = useState<T | null>(null);
  const show = useCallback<ShowRowDialog<T>>((kind, row) => {
    if (kind === "edit") setEditing(row);
    setDialog({ kind, id: row.id });
  }, []);
  const onOpenChange = useCallback((open: boolean) => {
    if (!open) setDialog(null);
  }, []);
  return { show, editing, editOpen: dialog?.kind === "edit", deleteOpen: dialog?.kind === "delete", target: rows.find((row) => row.id === dialog?.id), onOpenChange };
}
