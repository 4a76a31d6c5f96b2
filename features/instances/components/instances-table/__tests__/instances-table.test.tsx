import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Instance } from "@/contract/instances";
import { SocketBridge } from "@/shared/lib/realtime/socket-bridge";
import { FakeSocket } from "@/shared/lib/realtime/__tests__/fake-socket";
import { instanceKeys } from "../../../api/instances";
import { instancesLive } from "../../../live";
import { InstancesTable } from "../instances-table";

const gateway = vi.hoisted(() => {
  let params = new URLSearchParams();
  return {
    socket: null as unknown,
    list: [] as unknown[],
    /** The requests other than the list's: [method, path]. */
    calls: [] as Array<[string, string]>,
    /** The page's URL query, one object per value as the router gives it. */
    set search(search: string) {
      params = new URLSearchParams(search);
    },
    params: () => params,
  };
});
vi.mock("@/shared/lib/realtime/socket-provider", () => ({ useGatewaySocket: () => ({ socket: gateway.socket, state: "connected", lastError: null }) }));
vi.mock("@/shared/lib/api-client", async (original) => ({
  ...(await original<typeof import("@/shared/lib/api-client")>()),
  bffTransport: {
    request: async (path: string, init?: { method?: string }) => {
      if (!init?.method || init.method === "GET") return { items: gateway.list, nextCursor: null };
      gateway.calls.push([init.method, path]);
      // An action answers with the instance; which one is in the path.
      return (gateway.list as Instance[]).find((i) => path.includes(i.id));
    },
  },
}));
// A plain link: Next's prefetching on visibility has nothing to do in jsdom.
vi.mock("next/link", async () => {
  const { createElement } = await import("react");
  return { default: ({ href, ...props }: { href: string }) => createElement("a", { href, ...props }) };
});
vi.mock("next/navigation", () => ({
  useSearchParams: () => gateway.params(),
  usePathname: () => "/instances",
  useRouter: () => ({ replace: () => undefined }),
}));

const at = (n: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, n)).toISOString();
const instances: Instance[] = Array.from({ length: 30 }, (_, n) => ({
  id: `ins_row${String(n).padStart(8, "0")}`,
  name: `Row ${String(n).padStart(2, "0")}`,
  status: "CONNECTED",
  seq: 1,
  engine: "sandbox",
  createdAt: at(0),
  updatedAt: at(0),
}));
const status = (instance: Instance, s: Instance["status"], seq: number) => ({ instanceId: instance.id, status: s, seq, at: at(seq) });

// Animation frames run when a test says so; the table is as wide as a desktop's.
let frames: FrameRequestCallback[] = [];
const nextFrame = () =>
  act(() => {
    const run = frames;
    frames = [];
    for (const callback of run) callback(performance.now());
  });

beforeEach(() => {
  frames = [];
  vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => frames.push(callback));
  vi.stubGlobal("matchMedia", () => ({ matches: true, addEventListener: () => undefined, removeEventListener: () => undefined }));
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  gateway.search = "";
  gateway.list = instances;
  gateway.calls = [];
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function showTable() {
  const socket = new FakeSocket();
  gateway.socket = socket;
  const queryClient = new QueryClient();
  queryClient.setQueryData(instanceKeys.list(), instances);
  render(
    <QueryClientProvider client={queryClient}>
      <SocketBridge features={[instancesLive]} />
      <InstancesTable />
    </QueryClientProvider>,
  );
  await nextFrame();
  const row = (instance: Instance) => rowOf(instance)!;
  const badgeOf = (instance: Instance) => row(instance).querySelector("[data-status]")!;
  return { socket, queryClient, row, badgeOf };
}

// Rows found by their name link (role queries over a whole table are slow in jsdom).
const rows = () => [...document.querySelectorAll("tbody tr")];
const rowOf = (instance: Instance) => rows().find((row) => row.querySelector("a")?.textContent === instance.name);

/** The rows whose DOM changed while `run` ran. */
async function rowsTouchedBy(run: () => Promise<void>) {
  const touched = new Set<string>();
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const row = (record.target instanceof Element ? record.target : record.target.parentElement)?.closest("tr");
      if (row) touched.add(row.querySelector("a")?.textContent ?? "?");
    }
  });
  observer.observe(document.querySelector("tbody")!, { subtree: true, childList: true, attributes: true, characterData: true });
  await run();
  await Promise.resolve();
  observer.disconnect();
  return [...touched];
}

describe("the instances table, live", () => {
  it("repaints the badge of the instance an event is about, and no other row", async () => {
    const { socket, badgeOf } = await showTable();
    const [first, second] = [instances[0]!, instances[1]!];
    const touched = await rowsTouchedBy(async () => {
      socket.send("instance.status", status(second, "RECONNECTING", 2));
      await nextFrame();
    });
    expect(badgeOf(second).getAttribute("data-status")).toBe("RECONNECTING");
    expect(badgeOf(first).getAttribute("data-status")).toBe("CONNECTED");
    expect(touched).toEqual([second.name]);
    // A late, older event changes nothing on screen.
    expect(
      await rowsTouchedBy(async () => {
        socket.send("instance.status", status(second, "CONNECTED", 1));
        await nextFrame();
      }),
    ).toEqual([]);
  });

  it("moves an instance out of a status filter on the frame after its event", async () => {
    gateway.search = "filter.status=CONNECTED";
    const { socket, row } = await showTable();
    const leaving = instances[3]!;
    expect(row(leaving)).toBeTruthy();
    socket.send("instance.status", status(leaving, "ERROR", 2));
    await nextFrame();
    expect(rowOf(leaving)).toBeUndefined();
    expect(rows()).toHaveLength(instances.length - 1);
  });

  it("shows what the gateway holds after a reconnect, rows included (events sent while offline are gone)", async () => {
    const { socket, badgeOf } = await showTable();
    const changed = instances[5]!;
    gateway.list = instances.map((i) => (i.id === changed.id ? { ...i, status: "DISCONNECTED", seq: 7 } : i));
    await act(async () => {
      socket.emit("connect");
    });
    await vi.waitFor(async () => {
      await nextFrame();
      expect(badgeOf(changed).getAttribute("data-status")).toBe("DISCONNECTED");
    });
  });
});

describe("the instances table's row menus", () => {
  /** Opens a row's menu from the keyboard (as Radix's tests do in jsdom) and picks an item. */
  async function pick(instance: Instance, item: string) {
    const trigger = screen.getByRole("button", { name: `Actions for ${instance.name}` });
    await act(async () => {
      trigger.focus();
      fireEvent.keyDown(trigger, { key: "Enter" });
    });
    await act(async () => {
      fireEvent.click(screen.getByRole("menuitem", { name: item }));
    });
  }

  it("run a row's action on that row's instance; a destructive one only after a confirmation that names it", async () => {
    await showTable();
    const [restarted, loggedOut] = [instances[2]!, instances[7]!];
    await pick(restarted, "Restart");
    await vi.waitFor(() => expect(gateway.calls).toEqual([["POST", `/api/v1/instances/${restarted.id}/restart`]]));

    await pick(loggedOut, "Log out");
    const dialog = await screen.findByRole("alertdialog");
    expect(dialog.textContent).toContain(`“${loggedOut.name}”`);
    expect(gateway.calls).toHaveLength(1);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Log out" }));
    });
    await vi.waitFor(() => expect(gateway.calls.at(-1)).toEqual(["POST", `/api/v1/instances/${loggedOut.id}/logout`]));
    expect(gateway.calls).toHaveLength(2);
  });
});
