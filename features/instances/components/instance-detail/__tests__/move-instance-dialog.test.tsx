import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GatewayNode } from "@/contract/cluster";
import type { Instance } from "@/contract/instances";
import { Button } from "@/shared/ui/button";
import { MoveInstanceDialog } from "../move-instance-dialog";

const at = "2026-11-24T10:00:00.000Z";
const instance: Instance = { id: "ins_move00000000", name: "Shop", status: "CONNECTED", seq: 3, engine: "sandbox", createdAt: at, updatedAt: at, node: "node-a" };

// The move route through the BFF, recorded; it answers as the gateway does (202 with the instance).
const gateway = vi.hoisted(() => ({ calls: [] as { path: string; method?: string; body?: unknown }[] }));
vi.mock("@/shared/lib/api-client", async (original) => ({
  ...(await original<typeof import("@/shared/lib/api-client")>()),
  bffTransport: {
    request: async (path: string, options: { method?: string; body?: unknown } = {}) => {
      gateway.calls.push({ path, method: options.method, body: options.body });
      return instance;
    },
  },
}));

const node = (name: string, extra: Partial<GatewayNode> = {}): GatewayNode => ({ name, version: "1.4.0", startedAt: at, heartbeatAt: at, live: true, draining: false, instances: 2, ...extra });
const nodes = [node("node-a"), node("node-b"), node("node-c", { draining: true }), node("node-d", { live: false }), node("node-e", { instances: 1 })];

beforeEach(() => {
  gateway.calls = [];
  // What Radix Select asks of the DOM that jsdom lacks.
  Element.prototype.hasPointerCapture ??= () => false;
  Element.prototype.releasePointerCapture ??= () => undefined;
  Element.prototype.scrollIntoView ??= () => undefined;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});
afterEach(cleanup);

function showDialog(choices: GatewayNode[]) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MoveInstanceDialog instance={instance} nodes={choices}>
        <Button>Move…</Button>
      </MoveInstanceDialog>
    </QueryClientProvider>,
  );
  fireEvent.click(screen.getByRole("button", { name: "Move…" }));
  return screen.findByRole("dialog");
}

describe("moving an instance to another node", () => {
  it("offers only live, non-draining nodes other than the current one, and moves it to the one picked", async () => {
    const dialog = await showDialog(nodes);
    const picker = await within(dialog).findByRole("combobox", { name: "Node" });
    expect(within(dialog).getByRole("button", { name: "Move" }).hasAttribute("disabled")).toBe(true);
    fireEvent.keyDown(picker, { key: "Enter" });
    const options = await screen.findAllByRole("option");
    expect(options.map((option) => option.textContent)).toEqual(["node-b2 instances", "node-e1 instance"]);
    fireEvent.click(options[1]!);
    fireEvent.click(within(dialog).getByRole("button", { name: "Move" }));
    await waitFor(() => expect(gateway.calls).toEqual([{ path: "/api/v1/instances/ins_move00000000/move", method: "POST", body: { node: "node-e" } }]));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("says so when no other node can take the instance", async () => {
    const dialog = await showDialog([node("node-a"), node("node-c", { draining: true })]);
    expect((await within(dialog).findByRole("status")).textContent).toContain("No other node can take it now");
    expect(within(dialog).getByRole("button", { name: "Move" }).hasAttribute("disabled")).toBe(true);
  });
});
