"use client";

import type { RefObject } from "react";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/shared/ui/sheet";
import { ProductMark } from "./product-mark";
import { SidebarNav } from "./sidebar-nav";

/**
 * The phone navigation drawer, loaded by `AppShell` the first time it opens. It has no Radix trigger (the shell's
 * button is a plain one), so closing it returns focus to `returnFocus` itself.
 */
export function NavSheet({ open, onOpenChange, returnFocus }: { open: boolean; onOpenChange: (open: boolean) => void; returnFocus: RefObject<HTMLButtonElement | null> }) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent
        side="left"
        className="w-72 bg-sidebar p-0"
        data-testid="nav-sheet"
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          returnFocus.current?.focus();
        }}
      >
        <SheetHeader className="border-b">
          <SheetTitle asChild>
            <div>
              <ProductMark />
            </div>
          </SheetTitle>
          <SheetDescription className="sr-only">Navigate between the panel&apos;s sections</SheetDescription>
        </SheetHeader>
        <div className="px-3">
          <SidebarNav onNavigate={() => onOpenChange(false)} />
        </div>
      </SheetContent>
    </Sheet>
  );
}
