import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CreateInstanceForm } from "../create-instance-form";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));

const queryClient = new QueryClient();

function Providers({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

afterEach(cleanup);

describe("the new-instance form's messages", () => {
  it("are sentences that say what to do, not the contract's fragments", async () => {
    render(<CreateInstanceForm onClose={() => undefined} />, { wrapper: Providers });
    fireEvent.click(screen.getByRole("button", { name: "Create and show QR" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Enter a name for the instance.");

    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "x".repeat(65) } });
    fireEvent.click(screen.getByRole("button", { name: "Create and show QR" }));
    expect((await screen.findByText(/at most 64/)).textContent).toBe("Name must be at most 64 characters.");
  });
});
