import "server-only";
import { QueryClient, dehydrate, type DehydratedState } from "@tanstack/react-query";
import { cookies, headers } from "next/headers";
import type { Transport } from "@/shared/lib/api-client";
import { gatewayTransport } from "./gateway-client";
import { SESSION_COOKIE } from "./session-cookie";

// A slow gateway must not hold the page: past this, the browser fetches as it would without prefetching.
const PREFETCH_TIMEOUT_MS = 2_000;

/**
 * Prefetches a page's first queries on the panel's server, with the same query options the browser uses, so the
 * HTML already shows the data (no skeleton, no layout shift, an early largest paint); the page hands the result to
 * `HydrationBoundary`. Only what loaded is handed over: a failed, slow or too long read (see `Transport.onePageLists`)
 * is left to the browser, which shows its own loading and error states.
 *
 *   const state = await prefetchForPage((queryClient, gateway) => [queryClient.prefetchQuery(instanceListOptions(gateway))]);
 */
export async function prefetchForPage(prefetch: (queryClient: QueryClient, gateway: Transport) => Promise<void>[]): Promise<DehydratedState> {
  // No retries: a retry would hold the page for seconds.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  // Only when the browser loads the page as a document. A client-side navigation fetches the page's payload instead
  // (Sec-Fetch-Dest "empty"; Next hides its own RSC header from app code): its cache, which the socket keeps current,
  // has the data or fetches it, so a server copy would only ride along in the payload and be refetched.
  const documentLoad = ((await headers()).get("sec-fetch-dest") ?? "document") === "document";
  if (token && documentLoad) await Promise.all(prefetch(queryClient, gatewayTransport({ token, signal: AbortSignal.timeout(PREFETCH_TIMEOUT_MS) })));
  return dehydrate(queryClient);
}
