"use client";

import { useEffect, useRef, useState, type ReactElement, type ReactNode } from "react";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/shared/ui/tooltip";

/**
 * The Radix tooltip `LazyTooltip` mounts on first use. Mounting replaces the trigger's element, which no event tells
 * Radix about, so this does what Radix would have: a pointer already over the trigger opens it at once (and the first
 * move outside the trigger and the tooltip closes it, as Radix saw no enter to pair a leave with); a trigger that had
 * focus gets it back, which opens it, unless focus has moved elsewhere meanwhile.
 */
export function TooltipOpen({
  content,
  side,
  className,
  pointerInside,
  hadFocus,
  children,
}: {
  content: ReactNode;
  side?: "top" | "bottom" | "left" | "right";
  className?: string;
  /** Whether the pointer was over the trigger when this mounted. */
  pointerInside: boolean;
  /** Whether the trigger had focus when this mounted. */
  hadFocus: boolean;
  children: ReactElement;
}) {
  const trigger = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(pointerInside);
  const [openedOnMount, setOpenedOnMount] = useState(open);

  useEffect(() => {
    const active = document.activeElement;
    if (hadFocus && (active === null || active === document.body)) trigger.current?.focus();
  }, [hadFocus]);

  useEffect(() => {
    if (!openedOnMount) return;
    const onMove = (event: PointerEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      if (target && (trigger.current?.contains(target) || target.closest("[data-slot=tooltip-content]"))) return;
      setOpen(false);
      setOpenedOnMount(false);
    };
    document.addEventListener("pointermove", onMove);
    return () => document.removeEventListener("pointermove", onMove);
  }, [openedOnMount]);

  return (
    <Tooltip
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setOpenedOnMount(false);
      }}
    >
      <TooltipTrigger asChild ref={trigger}>
        {children}
      </TooltipTrigger>
      <TooltipContent side={side} className={className}>
        {content}
      </TooltipContent>
    </Tooltip>
  );
}
