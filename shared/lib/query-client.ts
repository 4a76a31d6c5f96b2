import { MutationCache, QueryClient, isServer } from "@tanstack/react-query";
import { toast } from "sonner";
import { ApiClientError, UNREACHABLE_RETRY_MS, isUnreachable } from "./api-client";

/** A toast's text; `tone` overrides success/error (a test delivery the receiver refused is a success of the request). */
type ToastText = string | { title: string; description?: string; tone?: "success" | "error" };

declare module "@tanstack/react-query" {
  interface Register {
    /**
     * What a mutation tells the operator, declared with the mutation (features/<name>/api) and shown by the query
     * client below, so resource modules stay free of UI code the panel's server would otherwise pull in.
     */
    mutationMeta: {
      successToast?(data: unknown, variables: unknown): ToastText | undefined;
      /** Undefined when the form that made the request shows the error itself. */
      errorToast?(error: Error, variables: unknown): ToastText | undefined;
    };
  }
}

function show(kind: "success" | "error", text: ToastText | undefined) {
  if (text === undefined) return;
  const { title, description, tone = kind } = typeof text === "string" ? { title: text } : text;
  toast[tone](title, description === undefined ? undefined : { description });
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Client errors (bad input, signed out, not found) will not heal by retrying. Nor will an unreachable gateway
        // within seconds: the page shows its error at once (rather than a skeleton for the retries) and the interval
        // below, or the live connection coming back (socket-bridge.tsx), fetches again.
        retry: (failureCount, error) => !(error instanceof ApiClientError && error.status >= 400 && error.status < 500) && !isUnreachable(error) && failureCount < 2,
        refetchInterval: (query) => (query.state.status === "error" && isUnreachable(query.state.error) ? UNREACHABLE_RETRY_MS : false),
      },
    },
    mutationCache: new MutationCache({
      onSuccess: (data, variables, _result, mutation) => show("success", mutation.meta?.successToast?.(data, variables)),
      onError: (error, variables, _result, mutation) => show("error", mutation.meta?.errorToast?.(error, variables)),
    }),
  });
}

let browserClient: QueryClient | undefined;

/** A new client per request on the server; one for the life of the page in the browser. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  return (browserClient ??= makeQueryClient());
}
