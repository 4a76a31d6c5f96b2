"use client";

import { LogOut } from "lucide-react";
import { Button } from "@/shared/ui/button";
import { useSignOut } from "../api/auth";

export function SignOutButton() {
  const signOut = useSignOut();
  return (
    <Button variant="outline" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      <LogOut className="size-4" aria-hidden /> Sign out
    </Button>
  );
}
