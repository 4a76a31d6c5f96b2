"use client";

import { lazy, Suspense, useState, type ReactElement, type ReactNode } from "react";

/** The props the trigger element must spread, so the first hover or focus can load and mount the tooltip. */
export interface LazyTooltipTriggerProps {
  onPointerEnter?: () => void;
  onPointerLeave?: () => void;
  onFocus?: () => void;
  onBlur?: () => void;
}

const loadTooltip = () => import("./lazy-tooltip-open");
const TooltipOpen = lazy(() => loadTooltip().then((m) => ({ default: m.TooltipOpen })));

/**
 * A tooltip that costs nothing until it is first wanted: its trigger renders plain (no Radix, no floating-ui, not
 * even in the page's first load) until the pointer or focus first reaches it; then the Radix tooltip loads, mounts
 * around the trigger and opens. A table with hundreds of status badges used to mount a Radix tooltip for each.
 *
 * `trigger` renders the trigger element from the props given (spread them onto it); it must forward a ref to a DOM
 * element when called without props (Radix's trigger attaches to it).
 */
export function LazyTooltip({
  content,
  side,
  className,
  trigger,
}: {
  content: ReactNode;
  side?: "top" | "bottom" | "left" | "right";
  className?: string;
  trigger: (props: LazyTooltipTriggerProps) => ReactElement;
}) {
  const [used, setUsed] = useState(false);
  const [inside, setInside] = useState(false);
  const [focused, setFocused] = useState(false);
  const plain = trigger({
    onPointerEnter() {
      setInside(true);
      setUsed(true);
    },
    onPointerLeave() {
      setInside(false);
    },
    onFocus() {
      setFocused(true);
      setUsed(true);
    },
    // Focus that left before the tooltip arrived is not given back.
    onBlur() {
      setFocused(false);
    },
  });
  if (!used) return plain;
  return (
    <Suspense fallback={plain}>
      <TooltipOpen content={content} side={side} className={className} pointerInside={inside} hadFocus={focused}>
        {trigger({})}
      </TooltipOpen>
    </Suspense>
  );
}
