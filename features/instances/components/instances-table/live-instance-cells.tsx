"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Instance } from "@/contract/instances";
import { useExactTime } from "@/shared/hooks/use-exact-time";
import { useNow } from "@/shared/hooks/use-now";
import { timeAgo } from "@/shared/lib/format-time";
import { instanceDetailOptions, instanceKeys } from "../../api/instances";
import { lastChangeOf } from "../../lib/instance-table-view";
import { InstanceStatusBadge } from "../instance-status-badge";

/**
 * One instance as the live cache holds it, for a row, card or menu rendered from `snapshot` (the list's copy): it
 * reads the instance's own entry, seeded from the list when the cache has none yet, so a live event re-renders the
 * components of that instance and no others. It never fetches: live events and list refetches keep the entry current.
 */
export function useInstance(snapshot: Instance): Instance {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    ...instanceDetailOptions(snapshot.id),
    initialData: () => queryClient.getQueryData<Instance[]>(instanceKeys.list())?.find((i) => i.id === snapshot.id),
    initialDataUpdatedAt: () => queryClient.getQueryState(instanceKeys.list())?.dataUpdatedAt,
    enabled: false,
  });
  return data ?? snapshot;
}

const TIME_AGO_REFRESH_MS = 30_000;

/** "3 minutes ago", kept fresh by its own clock so a tick re-renders this text and not the whole table. */
export function TimeAgo({ at }: { at: string }) {
  const now = useNow(TIME_AGO_REFRESH_MS);
  return timeAgo(at, now);
}

/** The row's status badge, following every live change without waiting for the table's next snapshot. */
export function LiveStatusBadge({ instance }: { instance: Instance }) {
  const live = useInstance(instance);
  return <InstanceStatusBadge status={live.status} reason={live.statusReason} code={live.statusCode} />;
}

/** The row's "connected since / last change" time, live like the badge. */
export function LiveLastChange({ instance }: { instance: Instance }) {
  const live = useInstance(instance);
  const exactTime = useExactTime();
  const at = lastChangeOf(live);
  return (
    <time dateTime={at} title={exactTime(at)} className="whitespace-nowrap text-sm text-muted-foreground">
      {live.status === "CONNECTED" ? "connected " : ""}
      <TimeAgo at={at} />
    </time>
  );
}
