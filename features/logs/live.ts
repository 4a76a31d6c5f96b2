import type { LiveFeature } from "@/shared/lib/realtime/socket-bridge";
import { logKeys } from "./api/logs";
import { appendLive, EMPTY_LIVE_BUFFER, type LiveLogBuffer } from "./lib/log-view";

export const logsLive: LiveFeature = {
  handlers: {
    // Only sockets that subscribed get entries (the viewer and the instance page do, see use-log-subscription.ts).
    "log.entry": (queryClient, entry) => queryClient.setQueryData<LiveLogBuffer>(logKeys.live(), (buffer = EMPTY_LIVE_BUFFER) => appendLive(buffer, [entry])),
  },
  // After a reconnect the history is refetched: entries sent while offline are gone from the socket.
  liveKeys: [logKeys.lists()],
};
