"use client";

import { createContext, useContext, type ReactNode } from "react";
import { useMediaQuery } from "./use-media-query";

const ServerGuess = createContext<boolean | null>(null);

/**
 * What the server guesses of the browser's width, from its `Sec-CH-UA-Mobile` client hint: false for a phone,
 * true for a desktop, null when the browser sent none (then both layouts are rendered and CSS shows one).
 */
export function WideLayoutGuess({ wide, children }: { wide: boolean | null; children: ReactNode }) {
  return <ServerGuess value={wide}>{children}</ServerGuess>;
}

/**
 * Whether the viewport is wide enough for tables (Tailwind's `md`: tables from here up, cards below). While the
 * server renders and React hydrates, the server's guess (null: unknown); right after, the browser's answer.
 */
export function useWideLayout(): boolean | null {
  return useMediaQuery("(min-width: 768px)", useContext(ServerGuess));
}
