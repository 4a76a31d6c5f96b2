import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Activity } from "@/contract/stats";
import { ActivityCharts } from "../activity-charts";

// The card's loading, empty, error and data states against the BFF's answers (fetch stubbed); the drawings themselves
// are left to the browser test. jsdom lays nothing out: every box gets a size, so Recharts has one to measure.

const STATUSES = [{ key: "CONNECTED" as const, label: "Connected", color: "var(--success)" }];

function series(fields: Partial<Activity["points"][number]> = {}): Activity {
  const points = Array.from({ length: 288 }, (_, i) => ({
    at: new Date(Date.parse("2026-11-24T00:00:00.000Z") + i * 300_000).toISOString(),
    messagesIn: 0,
    messagesOut: 0,
    webhooksDelivered: 0,
    webhooksFailed: 0,
    webhookLatencyMs: null,
    instances: null,
  }));
  Object.assign(points[287]!, fields);
  return { range: "24h", bucketSeconds: 300, from: points[0]!.at, to: "2026-11-25T00:00:00.000Z", points };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function renderCard(...answers: Response[]) {
  const fetch = vi.fn(async () => answers.shift() ?? json(series()));
  vi.stubGlobal("fetch", fetch);
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue(DOMRect.fromRect({ width: 400, height: 224 }));
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <ActivityCharts statuses={STATUSES} />
    </QueryClientProvider>,
  );
  return fetch;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("ActivityCharts", () => {
  it("reads the last 24 hours first, and says so when nothing was recorded", async () => {
    const fetch = renderCard(json(series()));
    expect(screen.getByText("Loading activity…")).toBeTruthy();
    expect(await screen.findByRole("heading", { name: "No activity yet" })).toBeTruthy();
    expect(fetch).toHaveBeenCalledWith("/bff/api/v1/activity?range=24h", expect.anything());
    expect(screen.getByRole("tab", { name: "24 h", selected: true })).toBeTruthy();
  });

  it("names each chart by what it shows", async () => {
    renderCard(json(series({ messagesIn: 30, messagesOut: 6, webhooksDelivered: 3, webhooksFailed: 1, webhookLatencyMs: 250, instances: { INIT: 0, QR_REQUIRED: 0, CONNECTED: 2, RECONNECTING: 0, DISCONNECTED: 0, ERROR: 0 } })));
    expect(await screen.findByRole("img", { name: "Messages per minute over the last 24 hours: 0.02 in, 0.004 out on average (30 received, 6 sent)" })).toBeTruthy();
    expect(screen.getByRole("img", { name: "Instances by status over the last 24 hours: 2 Connected at the latest point" })).toBeTruthy();
    expect(screen.getByRole("img", { name: "Webhook success rate over the last 24 hours: 75% (3 of 4 attempts delivered)" })).toBeTruthy();
    expect(screen.getByRole("img", { name: "Webhook latency over the last 24 hours: 250 ms on average, 250 ms at the slowest" })).toBeTruthy();
  });

  it("shows why it could not load, and loads again on retry", async () => {
    const fetch = renderCard(json({ error: { code: "internal_error", message: "The database is not answering." } }, 500), json(series()));
    expect(await screen.findByRole("heading", { name: "Could not load activity" })).toBeTruthy();
    expect(screen.getByText("The database is not answering.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "No activity yet" })).toBeTruthy();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
