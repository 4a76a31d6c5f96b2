import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GatewayNode, GatewayNodeList } from "@/contract/cluster";
import type { Instance } from "@/contract/instances";
import { nodeKeys } from "@/features/system/api/nodes";
import { InstancesTableSlot } from "../instances-table-slot";

// The gateway through the BFF: the instance list and the node list (which says the mode).
const gateway = vi.hoisted(() => ({ instances: [] as unknown[], nodes: null as unknown }));
vi.mock("@/shared/lib/api-client", async (original) => ({
  ...(await original<typeof import("@/shared/lib/api-client")>()),
  bffTransport: {
    request: async (path: string) => {
      if (path === "/api/v1/nodes") return gateway.nodes;
      if (path.startsWith("/api/v1/instances?")) return { items: gateway.instances, nextCursor: null };
      throw new Error(`unexpected request ${path}`);
    },
  },
}));
vi.mock("next/link", async () => {
  const { createElement } = await import("react");
  return { default: ({ href, ...props }: { href: string }) => createElement("a", { href, ...props }) };
});
vi.mock("next/navigation", () => ({
  useSearchParams: () => new URLSearchParams(),
  usePathname: () => "/instances",
  useRouter: () => ({ replace: () => undefined }),
}));

const at = "2026-11-24T10:00:00.000Z";
const instance = (name: string, node: string | null): Instance => ({ id: `ins_${name}00000000`, name, status: "CONNECTED", seq: 1, engine: "sandbox", createdAt: at, updatedAt: at, node });
const gatewayNode = (name: string): GatewayNode => ({ name, version: "1.4.0", startedAt: at, heartbeatAt: at, live: true, draining: false, instances: 1 });

beforeEach(() => {
  // As wide as a desktop: the table, not the cards.
  vi.stubGlobal("matchMedia", () => ({ matches: true, addEventListener: () => undefined, removeEventListener: () => undefined }));
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  gateway.instances = [instance("alpha", "node-a"), instance("bravo", null)];
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function showTable(nodes: GatewayNodeList) {
  gateway.nodes = nodes;
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <InstancesTableSlot />
    </QueryClientProvider>,
  );
  await screen.findByRole("link", { name: "alpha" });
  // The mode is known once the node list has arrived.
  await waitFor(() => expect(queryClient.getQueryState(nodeKeys.list())?.status).toBe("success"));
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

const headers = () => [...document.querySelectorAll("thead th")].map((th) => th.textContent?.trim()).filter(Boolean);
const cellsOf = (name: string) => [...document.querySelectorAll("tbody tr")].find((row) => row.querySelector("a")?.textContent === name)!.querySelectorAll("td");

describe("the instances table's Node column", () => {
  it("shows which node runs each instance in cluster mode, an em dash for none", async () => {
    await showTable({ mode: "postgres", self: "node-a", items: [gatewayNode("node-a"), gatewayNode("node-b")] });
    const column = [...document.querySelectorAll("thead th")].findIndex((th) => th.textContent?.trim() === "Node");
    expect(column).toBeGreaterThan(-1);
    expect(cellsOf("alpha")[column]!.textContent).toBe("node-a");
    expect(cellsOf("bravo")[column]!.textContent).toBe("—");
  });

  it("has no Node column in single mode", async () => {
    await showTable({ mode: "single", self: "solo:3001", items: [gatewayNode("solo:3001")] });
    expect(headers()).toEqual(expect.arrayContaining(["Name", "Status", "Number"]));
    expect(headers()).not.toContain("Node");
    expect(document.querySelector("tbody")!.textContent).not.toContain("node-a");
  });
});
