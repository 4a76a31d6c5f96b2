import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiKey } from "@/contract/api-keys";
import { apiKeyKeys } from "../../api/api-keys";
import { ApiKeysTable } from "../api-keys-table";
import { CreateApiKeyForm } from "../create-api-key-form";

// What the form asks the gateway for (through the BFF); the answer is whatever a test says.
const request = vi.hoisted(() => vi.fn());
vi.mock("@/shared/lib/api-client", async (original) => ({ ...(await original<typeof import("@/shared/lib/api-client")>()), bffTransport: { request } }));

const LABEL = "May create and revoke API keys (keys:manage)";

// Radix measures the checkbox's hidden form input; jsdom has no ResizeObserver.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

function wrapper(queryClient = new QueryClient()) {
  return function Providers({ children }: { children: ReactNode }) {
    return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  };
}

afterEach(() => {
  cleanup();
  request.mockReset();
});

describe("the keys:manage checkbox", () => {
  it("is shown for an admin key, off by default, and sends the permission only when ticked", async () => {
    request.mockResolvedValue({ token: "wam_x", key: { name: "Key manager" } });
    const onCreated = vi.fn();
    render(<CreateApiKeyForm instances={[]} onCancel={() => undefined} onCreated={onCreated} />, { wrapper: wrapper() });
    const box = screen.getByRole("checkbox", { name: LABEL });
    expect(box.getAttribute("aria-checked")).toBe("false");
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Key manager" } });
    fireEvent.click(screen.getByText(LABEL)); // the label toggles it too
    expect(box.getAttribute("aria-checked")).toBe("true");
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(request).toHaveBeenCalledWith("/api/v1/api-keys", expect.objectContaining({ method: "POST", body: { name: "Key manager", scope: "admin", permissions: ["keys:manage"] } }));
  });

  it("unticked, no permission is sent", async () => {
    request.mockResolvedValue({ token: "wam_x", key: { name: "Plain" } });
    const onCreated = vi.fn();
    render(<CreateApiKeyForm instances={[]} onCancel={() => undefined} onCreated={onCreated} />, { wrapper: wrapper() });
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Plain" } });
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(request.mock.calls[0]![1].body).toEqual({ name: "Plain", scope: "admin" });
  });

  it("is not offered for an instance token", () => {
    render(<CreateApiKeyForm instances={[{ id: "ins_abcdefghij12", name: "A" }]} fixedInstanceId="ins_abcdefghij12" onCancel={() => undefined} onCreated={() => undefined} />, { wrapper: wrapper() });
    expect(screen.queryByRole("checkbox", { name: LABEL })).toBeNull();
  });
});

describe("the keys table", () => {
  it("marks a key that holds keys:manage with a badge", () => {
    const base = { hint: "wam_…abcd", instanceId: null, createdAt: "2026-11-01T00:00:00.000Z", lastUsedAt: null, expiresAt: null, revokedAt: null } as const;
    const items: ApiKey[] = [
      { ...base, id: "key_manager0001", name: "Manager", scope: "admin", permissions: ["keys:manage"] },
      { ...base, id: "key_plain000001", name: "Plain", scope: "admin", permissions: [] },
    ];
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    queryClient.setQueryData(apiKeyKeys.list(undefined), { items, nextCursor: null });
    render(<ApiKeysTable instanceNames={{}} />, { wrapper: wrapper(queryClient) });
    const [manager, plain] = [screen.getByRole("row", { name: /Manager/ }), screen.getByRole("row", { name: /Plain/ })];
    expect(manager.textContent).toContain("keys:manage");
    expect(plain.textContent).not.toContain("keys:manage");
  });
});
