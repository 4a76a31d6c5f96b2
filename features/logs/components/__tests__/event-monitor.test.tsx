import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { appendToBuffer, EMPTY_BUFFER, type LiveBuffer } from "@/shared/lib/live-buffer";
import { socketEventLogOptions, type SocketEvent } from "@/shared/lib/realtime/socket-bridge";
import { EventMonitor } from "../event-monitor";

const hello = (version: string): SocketEvent => ({ name: "gateway.hello", payload: { version, engine: "sandbox" }, at: "2026-11-24T10:00:00.000Z" });

beforeEach(() => {
  vi.stubGlobal("matchMedia", () => ({ matches: true, addEventListener: () => undefined, removeEventListener: () => undefined }));
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function setup() {
  const queryClient = new QueryClient();
  const key = socketEventLogOptions().queryKey;
  // What the socket bridge does for every event, then the notification TanStack Query schedules for it.
  const arrive = (...events: SocketEvent[]) =>
    act(async () => {
      queryClient.setQueryData(key, (log: LiveBuffer<SocketEvent> = EMPTY_BUFFER) => appendToBuffer(log, events, 5_000));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  const summary = () => screen.getByTestId("event-summary").textContent;
  return { queryClient, arrive, summary };
}

describe("the event monitor", () => {
  it("shows what arrived since the page opened; holds and counts new events while paused; clears", async () => {
    const { queryClient, arrive, summary } = setup();
    await arrive(hello("before"));
    render(
      <QueryClientProvider client={queryClient}>
        <EventMonitor instances={[]} />
      </QueryClientProvider>,
    );
    expect(summary()).toMatch(/^0 of 0 events since this page opened/);
    await arrive(hello("1"), hello("2"), hello("3"));
    expect(summary()).toMatch(/^3 of 3 events/);

    fireEvent.click(screen.getByRole("button", { name: "Pause" }));
    await arrive(hello("4"), hello("5"));
    expect(summary()).toMatch(/^3 of 3 events.*· paused/);
    expect(screen.getByTestId("events-held").textContent).toBe("2 new");

    fireEvent.click(screen.getByRole("button", { name: /Resume/ }));
    expect(summary()).toMatch(/^5 of 5 events/);
    fireEvent.click(screen.getByRole("button", { name: "Clear" }));
    expect(summary()).toMatch(/^0 of 0 events/);
    await arrive(hello("6"));
    expect(summary()).toMatch(/^1 of 1 events/);
  });
});
