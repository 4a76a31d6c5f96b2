import { queryOptions } from "@tanstack/react-query";
import { bffRequest } from "@/shared/lib/api-client";

export const systemKeys = {
  all: ["system"] as const,
  health: () => [...systemKeys.all, "health"] as const,
};

export const healthQueryOptions = () =>
  queryOptions({
    queryKey: systemKeys.health(),
    queryFn: ({ signal }) => bffRequest("/bff/health", { schema: (c) => c.HealthResponse, signal }),
    refetchInterval: 30_000,
  });
