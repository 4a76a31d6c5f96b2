import type { SocketFeature } from "@/shared/lib/realtime/event-router";
import { systemKeys } from "../api/health";

/** A hello arrives on every (re)connect: the gateway may have restarted, so its health is refetched. */
export const systemSocketFeature: SocketFeature = {
  handlers: {
    "gateway.hello": (queryClient) => {
      void queryClient.invalidateQueries({ queryKey: systemKeys.health() });
    },
  },
};
