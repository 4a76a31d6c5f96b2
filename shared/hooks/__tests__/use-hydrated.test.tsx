import { act, render, screen } from "@testing-library/react";
import { useState } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { HydratedProvider, useHydrated } from "@/shared/hooks/use-hydrated";

function Flag({ name }: { name: string }) {
  const hydrated = useHydrated();
  return <span data-name={name}>{hydrated ? "browser" : "server"}</span>;
}

function Reader({ onRender }: { onRender: (hydrated: boolean) => void }) {
  onRender(useHydrated());
  return <Flag name="early" />;
}

function Page({ onRender }: { onRender: (hydrated: boolean) => void }) {
  const [later, setLater] = useState(false);
  return (
    <HydratedProvider>
      <Reader onRender={onRender} />
      <button type="button" onClick={() => setLater(true)}>
        mount
      </button>
      {later ? <Flag name="later" /> : null}
    </HydratedProvider>
  );
}

describe("useHydrated", () => {
  it("is false while the server's HTML hydrates (no mismatch), then true; a component mounted later starts true", async () => {
    const serverRenders: boolean[] = [];
    const container = document.createElement("div");
    container.innerHTML = renderToString(<Page onRender={(h) => serverRenders.push(h)} />);
    document.body.append(container);
    expect(serverRenders).toEqual([false]);
    expect(container.textContent).toContain("server");

    const renders: boolean[] = [];
    const onRecoverableError = vi.fn();
    const root = await act(async () => hydrateRoot(container, <Page onRender={(h) => renders.push(h)} />, { onRecoverableError }));
    expect(onRecoverableError).not.toHaveBeenCalled();
    // The hydrating render saw the server's value; the one after it the browser's.
    expect(renders[0]).toBe(false);
    expect(renders.at(-1)).toBe(true);
    expect(container.querySelector('[data-name="early"]')?.textContent).toBe("browser");

    await act(async () => container.querySelector("button")!.click());
    expect(container.querySelector('[data-name="later"]')?.textContent).toBe("browser");
    act(() => root.unmount());
    container.remove();
  });

  it("is true outside the provider: a render that is not a hydration", () => {
    render(<Flag name="bare" />);
    expect(screen.getByText("browser")).toBeTruthy();
  });
});
