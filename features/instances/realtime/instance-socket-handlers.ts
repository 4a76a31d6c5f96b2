import type { SocketFeature } from "@/shared/lib/realtime/event-router";
import { instanceKeys } from "../api/query-keys";

/** Additions and deletions change list membership: refetch rather than guess. */
export const instanceSocketFeature: SocketFeature = {
  handlers: {
    "instance.created": (queryClient) => void queryClient.invalidateQueries({ queryKey: instanceKeys.lists() }),
    "instance.deleted": (queryClient, { instanceId }) => {
      queryClient.removeQueries({ queryKey: instanceKeys.detail(instanceId) });
      void queryClient.invalidateQueries({ queryKey: instanceKeys.lists() });
    },
  },
  liveKeys: [instanceKeys.all],
};
