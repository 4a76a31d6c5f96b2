import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HealthResponse } from "@/contract/health";
import { GatewayHealthCard } from "../gateway-health-card";

// The gateway's health as the BFF answers it, held back until the test lets it through.
const gateway = vi.hoisted(() => ({ answer: null as null | ((health: unknown) => void) }));
vi.mock("@/shared/lib/api-client", async (original) => ({
  ...(await original<typeof import("@/shared/lib/api-client")>()),
  bffTransport: { request: () => new Promise((resolve) => (gateway.answer = resolve)) },
}));

afterEach(cleanup);

const now = new Date().toISOString();
const health: HealthResponse = {
  status: "ok",
  db: { ok: true, dialect: "sqlite" },
  engine: "sandbox",
  version: "1.4.0",
  uptimeSeconds: 3_720,
  time: now,
  node: { name: "node-a", startedAt: now, version: "1.4.0" },
  cluster: { mode: "single", nodes: [] },
};

const labels = (list: HTMLElement) => within(list).getAllByRole("term").map((term) => term.textContent);

describe("GatewayHealthCard", () => {
  it("loads in the rows it will fill, then fills each one", async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={queryClient}>
        <GatewayHealthCard gatewayUrl="https://wa.example.test" />
      </QueryClientProvider>,
    );
    const loading = screen.getByLabelText("Loading gateway health");
    expect(labels(loading)).toEqual(["Status", "Engine", "Database", "Version", "Uptime", "Public URL"]);
    expect(within(loading).queryAllByRole("definition").map((d) => d.textContent)).toEqual(["", "", "", "", "", ""]);

    await waitFor(() => expect(gateway.answer).not.toBeNull());
    gateway.answer!(health);
    const card = screen.getByTestId("gateway-health");
    await waitFor(() => expect(screen.queryByLabelText("Loading gateway health")).toBeNull());
    expect(labels(card)).toEqual(["Status", "Engine", "Database", "Version", "Uptime", "Public URL"]);
    expect(within(card).getAllByRole("definition").map((d) => d.textContent?.trim())).toEqual(["Healthy", "sandbox (simulated)", "sqlite, answering", "1.4.0", expect.stringMatching(/^1 h/), "https://wa.example.test"]);
  });
});
