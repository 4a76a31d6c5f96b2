// @vitest-environment node
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as z from "zod/mini";
import { ApiClientError, bffTransport, readAllPages, type Transport } from "@/shared/lib/api-client";

vi.mock("server-only", () => ({}));
// What the browser sent with the page request: its cookies and headers.
const request = vi.hoisted(() => ({ cookie: "token-of-the-operator" as string | undefined, dest: "document" as string | null }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => (request.cookie === undefined ? undefined : { value: request.cookie }) }),
  headers: async () => new Headers(request.dest === null ? {} : { "sec-fetch-dest": request.dest }),
}));
const { prefetchForPage } = await import("../server-prefetch");

type Item = { id: string };
const Page = z.object({ items: z.array(z.object({ id: z.string() })), nextCursor: z.nullable(z.string()) });
// A list as every gateway list is shaped, and a read that turns 409 into "no data" (like the instance's QR).
const listOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: ["things"],
    queryFn: ({ signal }) => readAllPages<Item>(transport, (cursor) => `/api/v1/things${cursor ? `?cursor=${cursor}` : ""}`, Page, { max: 100, signal }),
  });
const qrOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: ["qr"],
    queryFn: async ({ signal }) => {
      try {
        return await transport.request<{ qr: string }>("/api/v1/qr", { signal });
      } catch (error) {
        if (error instanceof ApiClientError && error.status === 409) return null;
        throw error;
      }
    },
  });

const gateway = vi.fn<(url: string, init: RequestInit) => Promise<Response>>();
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const prefetchBoth = (queryClient: QueryClient, transport: Transport) => [queryClient.prefetchQuery(listOptions(transport)), queryClient.prefetchQuery(qrOptions(transport))];

beforeEach(() => {
  vi.stubGlobal("fetch", gateway);
  request.cookie = "token-of-the-operator";
  request.dest = "document";
});
afterEach(() => {
  vi.unstubAllGlobals();
  gateway.mockReset();
});

describe("prefetchForPage", () => {
  it("reads a document load's queries from the gateway with the operator's session, through the browser's own query options", async () => {
    gateway.mockImplementation(async (url) => (url.endsWith("/api/v1/things") ? json({ items: [], nextCursor: null }) : json({ error: { code: "conflict", message: "not waiting for a scan" } }, 409)));
    const state = await prefetchForPage(prefetchBoth);
    expect(Object.fromEntries(state.queries.map((q) => [q.queryHash, q.state.data]))).toEqual({ '["things"]': [], '["qr"]': null });
    expect(new Headers(gateway.mock.calls[0]![1].headers).get("authorization")).toBe("Bearer token-of-the-operator");
  });

  it("leaves to the browser what failed or is longer than one page, so the HTML never carries an error or a huge list", async () => {
    gateway.mockImplementation(async (url) => (url.includes("things") ? json({ items: [{ id: "a" }], nextCursor: "more" }) : json({ error: { code: "internal_error", message: "boom" } }, 500)));
    const state = await prefetchForPage(prefetchBoth);
    expect(state.queries).toEqual([]);
    // One attempt each: a retry would hold the page.
    expect(gateway).toHaveBeenCalledTimes(2);
  });

  it("prefetches nothing for a client-side navigation (the browser's cache has the data) or without a session", async () => {
    request.dest = "empty";
    expect((await prefetchForPage(prefetchBoth)).queries).toEqual([]);
    request.dest = "document";
    request.cookie = undefined;
    expect((await prefetchForPage(prefetchBoth)).queries).toEqual([]);
    expect(gateway).not.toHaveBeenCalled();
  });
});
