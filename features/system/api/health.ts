import { queryOptions } from "@tanstack/react-query";
import { HealthResponse } from "@/contract/health";
import { bffTransport, type Transport } from "@/shared/lib/api-client";

// The gateway's health, once for the browser and the panel's server.

const healthPaths = { health: () => "/health" };

export const systemKeys = {
  all: ["system"] as const,
  health: () => [...systemKeys.all, "health"] as const,
};

export const healthOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: systemKeys.health(),
    queryFn: ({ signal }) => transport.request(healthPaths.health(), { schema: HealthResponse, signal }),
    refetchInterval: 30_000,
  });
