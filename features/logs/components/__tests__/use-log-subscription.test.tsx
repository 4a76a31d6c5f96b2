import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, render } from "@testing-library/react";
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bufferSlice } from "@/shared/lib/live-buffer";
import { logKeys } from "../../api/logs";
import { appendLive, EMPTY_LIVE_BUFFER, type LiveLogBuffer } from "../../lib/log-view";
import { useLogSubscription } from "../use-log-subscription";

// The gateway's socket, recording what the panel asks of it.
class FakeSocket extends EventEmitter {
  connected = false;
  sent: Array<[string, unknown]> = [];
  override emit(name: string, ...args: unknown[]): boolean {
    if (name === "logs.subscribe" || name === "logs.unsubscribe") {
      this.sent.push([name, args[0]]);
      return true;
    }
    return super.emit(name, ...args);
  }
}
const live = vi.hoisted(() => ({ socket: null as unknown }));
vi.mock("@/shared/lib/realtime/socket-provider", () => ({ useGatewaySocket: () => ({ socket: live.socket, state: "connected", lastError: null }) }));

function Subscriber({ instanceId }: { instanceId?: string }) {
  useLogSubscription(instanceId);
  return null;
}

afterEach(() => {
  cleanup();
  live.socket = null;
});

describe("useLogSubscription", () => {
  it("starts from an empty live buffer, subscribes on every connect, and unsubscribes when it goes", async () => {
    const socket = new FakeSocket();
    live.socket = socket;
    const queryClient = new QueryClient();
    const old = { id: "log_000000000001", time: "2026-11-24T10:00:00.000Z", level: "info", source: "engine", message: "before", context: {} } as const;
    queryClient.setQueryData<LiveLogBuffer>(logKeys.live(), appendLive(EMPTY_LIVE_BUFFER, [old]));
    const { unmount } = render(
      <QueryClientProvider client={queryClient}>
        <Subscriber instanceId="ins_abcdefghij12" />
      </QueryClientProvider>,
    );
    // What streamed before belongs to the history the page fetches: the buffer starts over.
    expect(bufferSlice(queryClient.getQueryData<LiveLogBuffer>(logKeys.live())!)).toEqual([]);
    expect(socket.sent).toEqual([]);
    await act(async () => {
      socket.connected = true;
      socket.emit("connect");
    });
    await act(async () => void socket.emit("connect"));
    expect(socket.sent).toEqual([
      ["logs.subscribe", { instanceId: "ins_abcdefghij12" }],
      ["logs.subscribe", { instanceId: "ins_abcdefghij12" }],
    ]);
    unmount();
    expect(socket.sent.at(-1)).toEqual(["logs.unsubscribe", { instanceId: "ins_abcdefghij12" }]);
  });
});
