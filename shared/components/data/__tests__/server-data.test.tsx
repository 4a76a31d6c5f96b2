import { QueryClient, QueryClientProvider, dehydrate, useQuery } from "@tanstack/react-query";
import { act, cleanup, render, screen } from "@testing-library/react";
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ServerData } from "@/shared/components/data/server-data";

// A stand-in for the gateway's socket.io connection (the real one is covered by the browser tests): only
// `connected`, `once` and `off` are used here.
class FakeSocket extends EventEmitter {
  connected = false;
  connect() {
    this.connected = true;
    this.emit("connect");
  }
}
const live = vi.hoisted(() => ({ socket: null as unknown }));
vi.mock("@/shared/lib/realtime/socket-provider", () => ({ useGatewaySocket: () => ({ socket: live.socket, state: "connecting", lastError: null }) }));

/** What the panel's server would send: a dehydrated client holding `data` under each key, read at `at`. */
function serverState(entries: Array<[string, unknown]>, at = 1_000) {
  const server = new QueryClient();
  for (const [key, data] of entries) server.setQueryData([key], data, { updatedAt: at });
  return dehydrate(server);
}

function Show({ name, fetched }: { name: string; fetched: () => string }) {
  const query = useQuery({ queryKey: [name], queryFn: fetched, staleTime: Infinity });
  return <p data-testid={name}>{String(query.data ?? "pending")}</p>;
}

afterEach(() => {
  cleanup();
  live.socket = null;
});

describe("ServerData", () => {
  it("fills only what the cache lacks: a live copy already in the cache is never replaced by the server's", async () => {
    const client = new QueryClient();
    client.setQueryData(["detail"], "live copy, newer", { updatedAt: 500 });
    const fetched = vi.fn(() => "fetched");
    render(
      <QueryClientProvider client={client}>
        <ServerData state={serverState([["detail", "server copy"], ["list", "server list"]], 9_999)}>
          <Show name="detail" fetched={fetched} />
          <Show name="list" fetched={fetched} />
        </ServerData>
      </QueryClientProvider>,
    );
    // HydrationBoundary would merge a newer-stamped copy into an existing query after commit; let that happen first.
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(screen.getByTestId("detail").textContent).toBe("live copy, newer");
    expect(screen.getByTestId("list").textContent).toBe("server list");
    expect(fetched).not.toHaveBeenCalled();
  });

  it("refetches what it hydrated once the socket connects, since events sent before that were not delivered", async () => {
    const socket = new FakeSocket();
    live.socket = socket;
    const client = new QueryClient();
    client.setQueryData(["kept"], "cached", { updatedAt: 500 });
    const fetchList = vi.fn(() => "list after connect");
    const fetchKept = vi.fn(() => "kept refetched");
    render(
      <QueryClientProvider client={client}>
        <ServerData state={serverState([["list", "server list"], ["kept", "server kept"]])}>
          <Show name="list" fetched={fetchList} />
          <Show name="kept" fetched={fetchKept} />
        </ServerData>
      </QueryClientProvider>,
    );
    expect(screen.getByTestId("list").textContent).toBe("server list");
    expect(fetchList).not.toHaveBeenCalled();

    await act(async () => socket.connect());
    expect(await screen.findByText("list after connect")).toBeTruthy();
    expect(fetchList).toHaveBeenCalledTimes(1);
    // Not hydrated from the server, so not refetched: the socket keeps it current.
    expect(fetchKept).not.toHaveBeenCalled();

    // A reconnect is the realtime bridge's business, not this component's.
    await act(async () => {
      socket.connected = false;
      socket.connect();
    });
    expect(fetchList).toHaveBeenCalledTimes(1);
  });

  it("refetches at once when the socket is already connected (a page reached by client-side navigation)", async () => {
    const socket = new FakeSocket();
    socket.connected = true;
    live.socket = socket;
    const fetchList = vi.fn(() => "fresh list");
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ServerData state={serverState([["list", "server list"]])}>
          <Show name="list" fetched={fetchList} />
        </ServerData>
      </QueryClientProvider>,
    );
    expect(await screen.findByText("fresh list")).toBeTruthy();
    expect(fetchList).toHaveBeenCalledTimes(1);
  });
});
