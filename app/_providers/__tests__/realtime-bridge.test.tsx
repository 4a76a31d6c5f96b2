import { HydrationBoundary, QueryClient, QueryClientProvider, dehydrate, useQuery } from "@tanstack/react-query";
import { act, cleanup, render, screen } from "@testing-library/react";
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { instanceKeys } from "@/features/instances/api/instances";
import { RealtimeBridge } from "../realtime-bridge";

// A stand-in for the gateway's socket.io connection (the real one is covered by the browser tests).
class FakeSocket extends EventEmitter {
  connected = false;
  onAny() {}
  offAny() {}
  connect() {
    this.connected = true;
    this.emit("connect");
  }
}
const live = vi.hoisted(() => ({ socket: null as unknown }));
vi.mock("@/shared/lib/realtime/socket-provider", () => ({ useGatewaySocket: () => ({ socket: live.socket, state: "connecting", lastError: null }) }));

/** What the panel's server would send: a dehydrated client holding `data` under `key`, read at `at`. */
function serverState(key: readonly unknown[], data: unknown, at: number) {
  const server = new QueryClient();
  server.setQueryData(key, data, { updatedAt: at });
  return dehydrate(server);
}

const LIST = instanceKeys.list();
function ShowList({ fetched }: { fetched: () => string }) {
  const query = useQuery({ queryKey: LIST, queryFn: fetched, staleTime: Infinity });
  return <p data-testid="list">{String(query.data ?? "pending")}</p>;
}

afterEach(() => {
  cleanup();
  live.socket = null;
});

describe("a page's server data (HydrationBoundary) and the live socket (RealtimeBridge)", () => {
  it("refetches what the socket feeds once it connects, and on every reconnect: events sent before were not delivered", async () => {
    const socket = new FakeSocket();
    live.socket = socket;
    const fetched = vi.fn(() => `fetched ${fetched.mock.calls.length}`);
    render(
      <QueryClientProvider client={new QueryClient()}>
        <RealtimeBridge />
        <HydrationBoundary state={serverState(LIST, "server list", Date.now())}>
          <ShowList fetched={fetched} />
        </HydrationBoundary>
      </QueryClientProvider>,
    );
    // The server's copy shows at once, without a fetch of its own.
    expect(screen.getByTestId("list").textContent).toBe("server list");
    expect(fetched).not.toHaveBeenCalled();

    await act(async () => socket.connect());
    expect(await screen.findByText("fetched 1")).toBeTruthy();
    await act(async () => {
      socket.connected = false;
      socket.connect();
    });
    expect(await screen.findByText("fetched 2")).toBeTruthy();
  });

  it("keeps a copy the socket wrote after the server's read when the page's server data is shown again (back navigation)", async () => {
    const client = new QueryClient();
    const serverRead = Date.now() - 60_000;
    client.setQueryData(LIST, "live copy, newer");
    render(
      <QueryClientProvider client={client}>
        <HydrationBoundary state={serverState(LIST, "server copy", serverRead)}>
          <ShowList fetched={() => "fetched"} />
        </HydrationBoundary>
      </QueryClientProvider>,
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(screen.getByTestId("list").textContent).toBe("live copy, newer");
  });
});
