"use client";

import type { ReactNode } from "react";
import { useWideLayout } from "@/shared/hooks/use-wide-layout";

/**
 * A list shown as a table on wide screens and as cards on phones. Only the layout the screen uses is rendered (a
 * page of rows is half the work to render, hydrate and update live); when the width is not known yet (server
 * render without a client hint), both are, and CSS shows the right one.
 */
export function TableOrCards({ table, cards }: { table: ReactNode; cards: ReactNode }) {
  const wide = useWideLayout();
  return (
    <>
      {wide !== false ? <div className="hidden md:block">{table}</div> : null}
      {wide !== true ? <div className="md:hidden">{cards}</div> : null}
    </>
  );
}
