import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { DrainNodeResponse, GatewayNodeList, type GatewayNode } from "@/contract/cluster";
import { bffTransport, type Transport } from "@/shared/lib/api-client";
import { systemKeys } from "./health";

// The gateway's nodes (cluster mode), once for the browser and the panel's server.

const nodePaths = {
  list: () => "/api/v1/nodes",
  drain: (name: string) => `/api/v1/nodes/${encodeURIComponent(name)}/drain`,
};

export const nodeKeys = {
  all: [...systemKeys.all, "nodes"] as const,
  list: () => [...nodeKeys.all, "list"] as const,
};

// No socket event reports heartbeats: the list is polled while on screen, except in single mode, which a running
// gateway never leaves (a restart into cluster mode sends a hello, which refetches it: features/system/live.ts).
const NODES_REFRESH_MS = 5_000;

export const nodeListOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: nodeKeys.list(),
    queryFn: ({ signal }) => transport.request(nodePaths.list(), { schema: GatewayNodeList, signal }),
    refetchInterval: (query) => (query.state.data?.mode === "single" ? false : NODES_REFRESH_MS),
  });

/** Whether the gateway runs in cluster mode (false too while the mode is not known). */
export const isClusterMode = (list: GatewayNodeList | undefined): boolean => list?.mode === "postgres";

/** The nodes in cluster mode; undefined in single mode, or while the mode is not known, so nothing about nodes shows. */
export const clusterNodesOf = (list: GatewayNodeList | undefined): GatewayNode[] | undefined => (list?.mode === "postgres" ? list.items : undefined);

type DrainInput = { name: string; drain: boolean };

/** Drains a node (its instances are placed on other nodes) or ends its drain (it takes new instances again). */
export const drainNodeMutation = () =>
  mutationOptions({
    mutationFn: ({ name, drain }: DrainInput) => bffTransport.request(nodePaths.drain(name), { method: drain ? "POST" : "DELETE", schema: DrainNodeResponse }),
    onSettled: (_data, _error, _input, _result, { client }) => client.invalidateQueries({ queryKey: nodeKeys.list() }),
    meta: {
      successToast: (data, input: DrainInput) => {
        const { moving } = data as DrainNodeResponse;
        return input.drain
          ? { title: `Draining “${input.name}”`, description: moving === 1 ? "1 instance is moving to other nodes." : `${moving} instances are moving to other nodes.` }
          : { title: `“${input.name}” takes new instances again` };
      },
      errorToast: (error, input: DrainInput) => ({ title: input.drain ? `Could not drain “${input.name}”` : `Could not end the drain of “${input.name}”`, description: error.message }),
    },
  });
