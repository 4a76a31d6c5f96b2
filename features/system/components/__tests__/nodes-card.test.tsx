import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GatewayNode, GatewayNodeList } from "@/contract/cluster";
import { nodeKeys } from "../../api/nodes";
import { NodesCard } from "../nodes-card";

// The gateway as the BFF answers: the node list, and the drain routes, recorded.
const gateway = vi.hoisted(() => ({
  list: null as unknown,
  calls: [] as { path: string; method: string }[],
}));
vi.mock("@/shared/lib/api-client", async (original) => ({
  ...(await original<typeof import("@/shared/lib/api-client")>()),
  bffTransport: {
    request: async (path: string, options: { method?: string } = {}) => {
      const method = options.method ?? "GET";
      gateway.calls.push({ path, method });
      if (path === "/api/v1/nodes") return gateway.list;
      const list = gateway.list as GatewayNodeList;
      const node = list.items.find((n) => path === `/api/v1/nodes/${encodeURIComponent(n.name)}/drain`)!;
      return { node: { ...node, draining: method === "POST" }, moving: method === "POST" ? node.instances : 0 };
    },
  },
}));

const at = new Date().toISOString();
const node = (name: string, extra: Partial<GatewayNode> = {}): GatewayNode => ({ name, version: "1.4.0", startedAt: at, heartbeatAt: at, live: true, draining: false, instances: 0, ...extra });
const cluster: GatewayNodeList = {
  mode: "postgres",
  self: "node-a",
  items: [node("node-a", { instances: 4 }), node("node-b", { instances: 3 }), node("node-c", { draining: true }), node("node-d", { live: false })],
};

beforeEach(() => {
  gateway.calls = [];
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});
afterEach(cleanup);

function showCard(list: GatewayNodeList) {
  gateway.list = list;
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <NodesCard />
    </QueryClientProvider>,
  );
  return { ...view, queryClient };
}

const rowOf = (name: string) => document.querySelector<HTMLElement>(`[data-node="${name}"]`)!;

describe("the Overview's nodes card", () => {
  it("lists every node in cluster mode: the one that answered, live or down, draining, instances, version", async () => {
    showCard(cluster);
    await screen.findByRole("list", { name: "Gateway nodes" });
    expect([...document.querySelectorAll("[data-node]")].map((row) => row.getAttribute("data-node"))).toEqual(["node-a", "node-b", "node-c", "node-d"]);
    const a = within(rowOf("node-a"));
    expect(a.getByText("this node")).toBeTruthy();
    expect(a.getByText("live")).toBeTruthy();
    expect(a.getByText("4 instances")).toBeTruthy();
    expect(a.getByText("v1.4.0")).toBeTruthy();
    expect(a.getByText("just now")).toBeTruthy();
    expect(within(rowOf("node-b")).queryByText("this node")).toBeNull();
    expect(within(rowOf("node-c")).getByText("draining")).toBeTruthy();
    expect(within(rowOf("node-d")).getByText("down")).toBeTruthy();
    // Drain for a live node, End drain for a draining one, nothing for a down one.
    expect(within(rowOf("node-b")).getByRole("button", { name: "Drain node-b" })).toBeTruthy();
    expect(within(rowOf("node-c")).getByRole("button", { name: "End the drain of node-c" })).toBeTruthy();
    expect(within(rowOf("node-d")).queryByRole("button")).toBeNull();
  });

  it("renders nothing at all in single mode", async () => {
    const { container, queryClient } = showCard({ mode: "single", self: "solo:3001", items: [node("solo:3001", { instances: 2 })] });
    // The list has arrived (and the component has rendered with it)...
    await waitFor(() => expect(queryClient.getQueryState(nodeKeys.list())?.status).toBe("success"));
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    // ...and says single mode: no card, no heading, no skeleton.
    expect(container.innerHTML).toBe("");
  });

  it("asks before draining, saying how many instances move, then drains that node", async () => {
    showCard(cluster);
    fireEvent.click(await screen.findByRole("button", { name: "Drain node-b" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(within(dialog).getByText("Drain “node-b”?")).toBeTruthy();
    expect(dialog.textContent).toContain("Its 3 instances move to other live nodes");
    expect(gateway.calls.filter((call) => call.method !== "GET")).toEqual([]);
    fireEvent.click(within(dialog).getByRole("button", { name: "Drain" }));
    await waitFor(() => expect(gateway.calls.filter((call) => call.method !== "GET")).toEqual([{ path: "/api/v1/nodes/node-b/drain", method: "POST" }]));
    // The list is read again after the drain.
    await waitFor(() => expect(gateway.calls.filter((call) => call.path === "/api/v1/nodes").length).toBe(2));
  });

  it("cancelling the confirmation drains nothing", async () => {
    showCard(cluster);
    fireEvent.click(await screen.findByRole("button", { name: "Drain node-a" }));
    const dialog = await screen.findByRole("alertdialog");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(gateway.calls.filter((call) => call.method !== "GET")).toEqual([]);
  });

  it("ends a drain without asking", async () => {
    showCard(cluster);
    fireEvent.click(await screen.findByRole("button", { name: "End the drain of node-c" }));
    await waitFor(() => expect(gateway.calls.filter((call) => call.method !== "GET")).toEqual([{ path: "/api/v1/nodes/node-c/drain", method: "DELETE" }]));
  });
});
