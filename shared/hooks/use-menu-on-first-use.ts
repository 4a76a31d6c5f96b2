"use client";

import { useState, type KeyboardEvent, type PointerEvent } from "react";

/** The keys Radix's DropdownMenu trigger opens on. */
const OPEN_KEYS = new Set(["Enter", " ", "ArrowDown"]);

/**
 * For a dropdown menu most page views never open: until it is first used, render a plain button with `triggerProps`
 * instead of the Radix menu; once `used`, render the real menu with `defaultOpen` (loaded lazily, or just mounted).
 * The plain button answers to the same pointer press and keys as Radix's trigger, so the first use feels the same.
 * `warm` runs on hover and focus, to start loading a lazy menu's chunk before the press.
 */
export function useMenuOnFirstUse(warm?: () => void) {
  const [used, setUsed] = useState(false);
  const triggerProps = {
    "aria-haspopup": "menu" as const,
    "aria-expanded": false,
    onPointerEnter: warm,
    onFocus: warm,
    onPointerDown(event: PointerEvent) {
      if (event.button !== 0 || event.ctrlKey) return;
      event.preventDefault();
      setUsed(true);
    },
    onKeyDown(event: KeyboardEvent) {
      if (!OPEN_KEYS.has(event.key)) return;
      event.preventDefault();
      setUsed(true);
    },
  };
  return { used, triggerProps };
}
