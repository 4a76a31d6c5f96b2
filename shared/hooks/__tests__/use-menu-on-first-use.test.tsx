import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useMenuOnFirstUse } from "@/shared/hooks/use-menu-on-first-use";

function Probe({ warm }: { warm?: () => void }) {
  const { used, triggerProps } = useMenuOnFirstUse(warm);
  return used ? <p>menu mounted</p> : <button {...triggerProps}>Actions</button>;
}

afterEach(cleanup);

describe("useMenuOnFirstUse", () => {
  it("is a plain menu button until first used, and warms the menu on hover and focus", () => {
    const warm = vi.fn();
    render(<Probe warm={warm} />);
    const button = screen.getByRole("button", { name: "Actions" });
    expect(button.getAttribute("aria-haspopup")).toBe("menu");
    expect(button.getAttribute("aria-expanded")).toBe("false");
    fireEvent.pointerEnter(button);
    fireEvent.focus(button);
    expect(warm).toHaveBeenCalledTimes(2);
    expect(screen.queryByText("menu mounted")).toBeNull();
  });

  it("mounts the menu on a primary press, as Radix's trigger opens it, but not on a right or ctrl press", () => {
    render(<Probe />);
    const button = screen.getByRole("button", { name: "Actions" });
    fireEvent.pointerDown(button, { button: 2 });
    fireEvent.pointerDown(button, { button: 0, ctrlKey: true });
    expect(screen.queryByText("menu mounted")).toBeNull();
    fireEvent.pointerDown(button, { button: 0 });
    expect(screen.getByText("menu mounted")).toBeTruthy();
  });

  it.each(["Enter", " ", "ArrowDown"])("mounts the menu on %j, one of the keys Radix's trigger opens on", (key) => {
    render(<Probe />);
    const button = screen.getByRole("button", { name: "Actions" });
    fireEvent.keyDown(button, { key: "Tab" });
    fireEvent.keyDown(button, { key: "ArrowUp" });
    expect(screen.queryByText("menu mounted")).toBeNull();
    fireEvent.keyDown(button, { key });
    expect(screen.getByText("menu mounted")).toBeTruthy();
  });
});
