"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { Webhook } from "@/contract/webhooks";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/shared/ui/alert-dialog";
import { Field, FieldLabel } from "@/shared/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { rotateSecretMutation } from "../api/webhooks";
import { SecretDialog, type RevealedSecret } from "./secret-dialog";

const GRACE: Record<string, string> = {
  "86400": "24 hours (recommended)",
  "3600": "1 hour",
  "604800": "7 days",
  "0": "None: the old secret stops at once",
};

/** Confirms a rotation (with how long the old secret keeps signing), then shows the new secret once. */
export function RotateSecretDialog({ webhook, open, onOpenChange }: { webhook: Webhook; open: boolean; onOpenChange: (open: boolean) => void }) {
  const id = useId();
  const rotate = useMutation(rotateSecretMutation(webhook.id));
  const [grace, setGrace] = useState("86400");
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  return (
    <>
      <AlertDialog open={open} onOpenChange={onOpenChange}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Rotate the signing secret?</AlertDialogTitle>
            <AlertDialogDescription>
              A new secret is made and shown once. During the grace period every delivery is signed with both the old and the new secret, so you can update
              your receiver without dropping events.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <Field>
            <FieldLabel htmlFor={`${id}-grace`}>Old secret keeps signing for</FieldLabel>
            <Select value={grace} onValueChange={setGrace}>
              <SelectTrigger id={`${id}-grace`} className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {Object.entries(GRACE).map(([value, label]) => (
                  <SelectItem key={value} value={value}>
                    {label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </Field>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              onClick={() =>
                rotate.mutate(Number(grace), {
                  onSuccess: ({ secret, previousSecretExpiresAt, webhook: w }) => setRevealed({ secret, url: w.url, rotation: { previousSecretExpiresAt } }),
                })
              }
            >
              Rotate secret
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      <SecretDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}
