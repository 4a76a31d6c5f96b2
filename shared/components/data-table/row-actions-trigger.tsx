"use client";

import { MoreHorizontal } from "lucide-react";
import type { ComponentProps } from "react";
import { Button } from "@/shared/ui/button";
import { DropdownMenuTrigger } from "@/shared/ui/dropdown-menu";

/** A row's "…" button that opens its actions menu, named after the row ("Actions for <name>"). */
export function RowActionsTrigger({ name, ...props }: { name: string } & Omit<ComponentProps<typeof Button>, "children" | "aria-label" | "variant" | "size" | "asChild">) {
  return (
    <DropdownMenuTrigger asChild>
      <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${name}`} {...props}>
        <MoreHorizontal className="size-4" aria-hidden />
      </Button>
    </DropdownMenuTrigger>
  );
}
