"use client";

import { useEffect, useRef, type ReactElement } from "react";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/shared/ui/tooltip";

/**
 * The connection light's tooltip, loaded by `ConnectionIndicator` once the page has hydrated. Mounting it replaces
 * the light's button: if that button had focus and nothing else has taken it since, this one gets it back.
 */
export function ConnectionTooltip({ help, hadFocus, children }: { help: string; hadFocus: () => boolean; children: ReactElement }) {
  const trigger = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (hadFocus() && (active === null || active === document.body)) trigger.current?.focus();
  }, [hadFocus]);
  return (
    <Tooltip>
      <TooltipTrigger asChild ref={trigger}>
        {children}
      </TooltipTrigger>
      <TooltipContent side="bottom" className="max-w-72">
        {help}
      </TooltipContent>
    </Tooltip>
  );
}
