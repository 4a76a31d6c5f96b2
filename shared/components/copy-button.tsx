"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { cn } from "@/shared/lib/cn";
import { Button } from "@/shared/ui/button";

/** Copies `value` to the clipboard with visible and announced feedback. */
export function CopyButton({ value, label = "Copy", className, size = "icon-sm" }: { value: string; label?: string; className?: string; size?: "icon-sm" | "icon" | "sm" }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success("Copied to the clipboard");
      setTimeout(() => setCopied(false), 1500);
    } catch {
      toast.error("The browser refused clipboard access; select the text and copy it by hand.");
    }
  };
  const Icon = copied ? Check : Copy;
  return (
    <Button type="button" variant="ghost" size={size} className={cn("shrink-0", className)} onClick={() => void copy()} aria-label={label}>
      <Icon className="size-4" aria-hidden />
      {size === "sm" ? <span>{copied ? "Copied" : label}</span> : null}
    </Button>
  );
}
