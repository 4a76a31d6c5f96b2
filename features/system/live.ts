import type { LiveFeature } from "@/shared/lib/realtime/socket-bridge";
import { systemKeys } from "./api/health";
import { nodeKeys } from "./api/nodes";

/**
 * A hello arrives on every (re)connect: the gateway may have restarted (perhaps into or out of cluster mode), so its
 * health and its nodes are refetched.
 */
export const systemLive: LiveFeature = {
  handlers: {
    "gateway.hello": (queryClient) => {
      void queryClient.invalidateQueries({ queryKey: systemKeys.health() });
      void queryClient.invalidateQueries({ queryKey: nodeKeys.list() });
    },
  },
};
