import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { bufferSlice } from "@/shared/lib/live-buffer";
import { routeSocketEvent, socketEventLogOptions, SocketBridge, type LiveFeature } from "../socket-bridge";
import { FakeSocket } from "./fake-socket";

const hello = (version: string) => ({ version, engine: "sandbox", at: "2026-11-24T10:00:00.000Z" });

describe("routeSocketEvent", () => {
  it("hands each event, validated against the contract, to the features' handlers at once", () => {
    const seen: string[] = [];
    const feature = { handlers: { "gateway.hello": (_qc: QueryClient, p: { version: string }) => void seen.push(p.version) } };
    const qc = new QueryClient();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);

    expect(routeSocketEvent([feature], qc, "gateway.hello", hello("1"))).toBe(true);
    expect(routeSocketEvent([feature], qc, "gateway.hello", { version: 2 })).toBe(false); // malformed
    expect(routeSocketEvent([feature], qc, "gateway.hello", hello("3"))).toBe(true);
    expect(routeSocketEvent([feature], qc, "not.an.event", {})).toBe(false);
    expect(routeSocketEvent([feature], qc, "toString", {})).toBe(false);
    expect(seen).toEqual(["1", "3"]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

const live = vi.hoisted(() => ({ socket: null as unknown }));
vi.mock("@/shared/lib/realtime/socket-provider", () => ({ useGatewaySocket: () => ({ socket: live.socket, state: "connected", lastError: null }) }));

// Animation frames run when a test says so.
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
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  live.socket = null;
});

/** A feature that keeps the newest gateway version it heard in ["version"]. */
const versionFeature: LiveFeature = {
  handlers: { "gateway.hello": (queryClient, { version }) => queryClient.setQueryData(["version"], version) },
};

function Version({ renders }: { renders: string[] }) {
  const version = useQuery({ queryKey: ["version"], queryFn: () => "none", staleTime: Infinity }).data;
  renders.push(String(version));
  return <p data-testid="version">{String(version)}</p>;
}

function setup(queryClient = new QueryClient()) {
  const socket = new FakeSocket();
  live.socket = socket;
  const renders: string[] = [];
  render(
    <QueryClientProvider client={queryClient}>
      <SocketBridge features={[versionFeature]} />
      <Version renders={renders} />
    </QueryClientProvider>,
  );
  return { socket, renders, queryClient };
}

describe("the socket bridge", () => {
  it("writes each event into the cache at once and re-renders its readers once per frame, however many events it brought", async () => {
    const { socket, renders, queryClient } = setup();
    await nextFrame();
    renders.length = 0;
    for (const version of ["1", "2", "3"]) socket.send("gateway.hello", hello(version));
    // The cache is current at once; the screen catches up on the next frame, in one render.
    expect(queryClient.getQueryData(["version"])).toBe("3");
    expect(renders).toEqual([]);
    await nextFrame();
    expect(screen.getByTestId("version").textContent).toBe("3");
    expect(renders).toEqual(["3"]);
  });

  it("ignores events that do not match the contract, and records every event for the monitor", async () => {
    const { socket, queryClient } = setup();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    socket.send("gateway.hello", hello("1"));
    socket.send("gateway.hello", { version: 2 });
    expect(queryClient.getQueryData(["version"])).toBe("1");
    const log = queryClient.getQueryData(socketEventLogOptions().queryKey)!;
    expect(bufferSlice(log).map((event) => [event.name, event.payload])).toEqual([
      ["gateway.hello", hello("1")],
      ["gateway.hello", { version: 2 }],
    ]);
    warn.mockRestore();
  });

  it("refetches the features' live keys whenever the socket connects: events sent before were not delivered", async () => {
    const socket = new FakeSocket();
    socket.connected = false;
    live.socket = socket;
    const queryClient = new QueryClient();
    const fetched = vi.fn(async () => `fetched ${fetched.mock.calls.length}`);
    function Thing() {
      return <p data-testid="thing">{String(useQuery({ queryKey: ["thing"], queryFn: fetched, staleTime: Infinity }).data)}</p>;
    }
    queryClient.setQueryData(["thing"], "from the server's HTML");
    render(
      <QueryClientProvider client={queryClient}>
        <SocketBridge features={[{ handlers: {}, liveKeys: [["thing"]] }]} />
        <Thing />
      </QueryClientProvider>,
    );
    expect(fetched).not.toHaveBeenCalled();
    await act(async () => {
      socket.connected = true;
      socket.emit("connect");
    });
    await vi.waitFor(() => expect(fetched).toHaveBeenCalledTimes(1));
    await act(async () => socket.emit("connect"));
    await vi.waitFor(() => expect(fetched).toHaveBeenCalledTimes(2));
  });

  it("refetches them at once when the socket connected before the bridge was there", async () => {
    const socket = new FakeSocket();
    live.socket = socket;
    const queryClient = new QueryClient();
    queryClient.setQueryData(["thing"], "cached");
    const fetched = vi.fn(async () => "fresh");
    function Thing() {
      return <p>{String(useQuery({ queryKey: ["thing"], queryFn: fetched, staleTime: Infinity }).data)}</p>;
    }
    render(
      <QueryClientProvider client={queryClient}>
        <SocketBridge features={[{ handlers: {}, liveKeys: [["thing"]] }]} />
        <Thing />
      </QueryClientProvider>,
    );
    await vi.waitFor(() => expect(fetched).toHaveBeenCalledTimes(1));
  });
});
