import type { LiveFeature } from "@/shared/lib/realtime/socket-bridge";
import { logKeys } from "./api/logs";
import { appendLive, EMPTY_LIVE_BUFFER, type LiveLogBuffer } from "./lib/log-view";

export const logsLive: LiveFeature = {
  handlers: {
    // Only sockets that subscribed get entries (the viewer and the instance page do, see use-log-subscription.ts).
    // Every entry is kept; each list takes from the buffer only what matches its filters (compileLogFilter).
    "log.entry": (queryClient, entry) => queryClient.setQueryData<LiveLogBuffer>(logKeys.live(), (buffer = EMPTY_LIVE_BUFFER) => appendLive(buffer, [entry])),
  },
  // After a reconnect the history and the counts are refetched: entries sent while offline are gone from the socket.
  liveKeys: [logKeys.lists(), logKeys.counts()],
};
