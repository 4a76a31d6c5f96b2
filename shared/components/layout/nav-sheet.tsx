"use client";

import { Menu } from "lucide-react";
import { useState } from "react";
import { Button } from "@/shared/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle, SheetTrigger } from "@/shared/ui/sheet";
import { ProductMark } from "./product-mark";
import { SidebarNav } from "./sidebar-nav";

/** The phone navigation: a button in the top bar (below md) that opens the sidebar's links as a drawer. */
export function NavSheet() {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open navigation">
          <Menu className="size-5" aria-hidden />
        </Button>
      </SheetTrigger>
      <SheetContent side="left" className="w-72 bg-sidebar p-0" data-testid="nav-sheet">
        <SheetHeader className="border-b">
          <SheetTitle asChild>
            <div>
              <ProductMark />
            </div>
          </SheetTitle>
          <SheetDescription className="sr-only">Navigate between the panel&apos;s sections</SheetDescription>
        </SheetHeader>
        <div className="px-3">
          <SidebarNav onNavigate={() => setOpen(false)} />
        </div>
      </SheetContent>
    </Sheet>
  );
}
