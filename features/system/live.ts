import type { LiveFeature } from "@/shared/lib/realtime/socket-bridge";
import { systemKeys } from "./api/health";

/** A hello arrives on every (re)connect: the gateway may have restarted, so its health is refetched. */
export const systemLive: LiveFeature = {
  handlers: {
    "gateway.hello": (queryClient) => void queryClient.invalidateQueries({ queryKey: systemKeys.health() }),
  },
};
