import "server-only";
import { QueryClient, dehydrate, type DehydratedState, type QueryKey } from "@tanstack/react-query";
import { cookies, headers } from "next/headers";
import type { ZodType } from "zod";
import { callGateway } from "./gateway-client";
import { SESSION_COOKIE } from "./session-cookie";

/** A gateway answer other than 2xx while prefetching; loaders may turn one into data (e.g. 409 → null). */
export class GatewayReadError extends Error {
  constructor(readonly status: number) {
    super(`gateway answered ${status}`);
  }
}

/** Reads one gateway route with the operator's session and validates it with the contract's schema. */
export type GatewayGet = <T>(path: string, schema: ZodType<T>) => Promise<T>;

/** A query a page shows first: the browser's cache key and how to load the same data on the server. */
export interface ServerQuery {
  queryKey: QueryKey;
  /** `undefined` leaves the query to the browser (e.g. a list too long to put in the page). */
  load: (get: GatewayGet) => Promise<unknown>;
}

// A slow gateway must not hold the page: past this, the browser fetches as it would without prefetching.
const PREFETCH_TIMEOUT_MS = 2_000;

/**
 * Loads a page's first queries on the server so its HTML already shows the data (no skeleton, no layout shift,
 * an early largest paint). Anything that fails or is slow is simply left out; the browser then fetches it itself.
 */
export async function prefetchQueries(queries: ServerQuery[]): Promise<DehydratedState> {
  const queryClient = new QueryClient();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  // Only when the browser loads the page as a document. A client-side navigation fetches the page's payload instead
  // (Sec-Fetch-Dest "empty"; Next hides its own RSC header from app code): its cache, which the socket keeps current,
  // has the data or fetches it, so a server copy would only ride along in the payload and be refetched.
  const documentLoad = ((await headers()).get("sec-fetch-dest") ?? "document") === "document";
  if (token && documentLoad) {
    const signal = AbortSignal.timeout(PREFETCH_TIMEOUT_MS);
    const get: GatewayGet = async (path, schema) => {
      const response = await callGateway(path, { token, signal });
      if (!response.ok) throw new GatewayReadError(response.status);
      return schema.parse(await response.json());
    };
    await Promise.all(
      queries.map(async ({ queryKey, load }) => {
        try {
          const data = await load(get);
          if (data !== undefined) queryClient.setQueryData(queryKey, data);
        } catch {
          // Left to the browser, which shows its own loading and error states.
        }
      }),
    );
  }
  return dehydrate(queryClient);
}
