import { act, cleanup, render, screen } from "@testing-library/react";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TableOrCards } from "@/shared/components/data-table/table-or-cards";
import { WideLayoutGuess } from "@/shared/hooks/use-wide-layout";

const lists = <TableOrCards table={<p>the table</p>} cards={<p>the cards</p>} />;

/** A stand-in for the browser's `matchMedia` at a given width, whose width can change. */
function viewport(wide: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    matches: wide,
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  vi.stubGlobal("matchMedia", vi.fn(() => query));
  return {
    resize(toWide: boolean) {
      query.matches = toWide;
      for (const listener of listeners) listener();
    },
  };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("TableOrCards", () => {
  it("renders both layouts on the server when the width is unknown, and only the guessed one otherwise", () => {
    const unknown = renderToString(<WideLayoutGuess wide={null}>{lists}</WideLayoutGuess>);
    expect(unknown).toContain("the table");
    expect(unknown).toContain("the cards");
    const phone = renderToString(<WideLayoutGuess wide={false}>{lists}</WideLayoutGuess>);
    expect(phone).not.toContain("the table");
    expect(phone).toContain("the cards");
    const desktop = renderToString(<WideLayoutGuess wide={true}>{lists}</WideLayoutGuess>);
    expect(desktop).toContain("the table");
    expect(desktop).not.toContain("the cards");
  });

  it("renders only the layout the browser's width calls for, and switches when it crosses the breakpoint", () => {
    const screenSize = viewport(true);
    render(lists);
    expect(screen.getByText("the table")).toBeTruthy();
    expect(screen.queryByText("the cards")).toBeNull();
    act(() => screenSize.resize(false));
    expect(screen.queryByText("the table")).toBeNull();
    expect(screen.getByText("the cards")).toBeTruthy();
  });
});
