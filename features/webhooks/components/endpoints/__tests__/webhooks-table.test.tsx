import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Webhook } from "@/contract/webhooks";
import { webhookListOptions } from "../../../api/webhooks";
import { WebhooksTable } from "../webhooks-table";

const webhook: Webhook = {
  id: "whk_abcdefghij12",
  url: "https://hooks.example.com/wa",
  enabled: true,
  events: ["instance.status"],
  instanceId: null,
  headers: [],
  secretHint: "whsec_AbCd…",
  createdAt: "2026-11-30T00:00:00.000Z",
  updatedAt: "2026-11-30T00:00:00.000Z",
  health: { successRate24h: 1, attempts24h: 3 },
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("WebhooksTable", () => {
  it("keeps each row's actions mounted when the instance list or the clock changes (an open dialog stays open)", () => {
    vi.stubGlobal("matchMedia", vi.fn(() => ({ matches: true, addEventListener: () => undefined, removeEventListener: () => undefined })));
    const client = new QueryClient();
    client.setQueryData(webhookListOptions().queryKey, [webhook]);
    const ui = (instances: Array<{ id: string; name: string }>) => (
      <QueryClientProvider client={client}>
        <WebhooksTable instances={instances} />
      </QueryClientProvider>
    );
    const { rerender } = render(ui([{ id: "ins_a", name: "Alpha" }]));
    const before = screen.getByRole("button", { name: `Send a test event to ${webhook.url}` });
    rerender(ui([{ id: "ins_a", name: "Alpha" }, { id: "ins_b", name: "Bravo" }]));
    expect(screen.getByRole("button", { name: `Send a test event to ${webhook.url}` })).toBe(before);
  });
});
