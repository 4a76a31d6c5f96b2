import type { InfiniteData } from "@tanstack/react-query";
import type { DeliveryStatus, WebhookDelivery, WebhookDeliveryList, WebhookEventType } from "@/contract/webhooks";

/** Server-side filters of a deliveries list; `limit` is the page size. */
export type DeliveryFilters = {
  webhookId?: string;
  instanceId?: string;
  status?: DeliveryStatus[];
  event?: WebhookEventType[];
  limit?: number;
};

/** Same filters, same key: drops empty values and sorts the lists so `[a,b]` and `[b,a]` share one cache entry. */
export function normalizeDeliveryFilters(filters: DeliveryFilters): DeliveryFilters {
  return {
    ...(filters.webhookId ? { webhookId: filters.webhookId } : {}),
    ...(filters.instanceId ? { instanceId: filters.instanceId } : {}),
    ...(filters.status?.length ? { status: [...new Set(filters.status)].sort() } : {}),
    ...(filters.event?.length ? { event: [...new Set(filters.event)].sort() } : {}),
    ...(filters.limit ? { limit: filters.limit } : {}),
  };
}

/** A deliveries list as cached: pages fetched with cursors, newest first. */
export type DeliveryPages = InfiniteData<WebhookDeliveryList, string | null>;

/** Live rows added on top of the first page before the list is refetched in plain pages again. */
const LIVE_INSERT_CAP = 150;

const STATUS_RANK: Record<DeliveryStatus, number> = { pending: 0, retrying: 1, disabled: 1, succeeded: 2, failed: 2 };

/** True when `a` is a later state of the same delivery than `b` (events can arrive late or twice). */
export function isLaterState(a: WebhookDelivery, b: WebhookDelivery): boolean {
  const ta = Date.parse(a.updatedAt);
  const tb = Date.parse(b.updatedAt);
  if (ta !== tb) return ta > tb;
  if (a.attempts !== b.attempts) return a.attempts > b.attempts;
  return STATUS_RANK[a.status] > STATUS_RANK[b.status];
}

function matchesFilters(delivery: WebhookDelivery, filters: DeliveryFilters): boolean {
  return (
    (!filters.webhookId || delivery.webhookId === filters.webhookId) &&
    (!filters.instanceId || delivery.instanceId === filters.instanceId) &&
    (!filters.status?.length || filters.status.includes(delivery.status)) &&
    (!filters.event?.length || filters.event.includes(delivery.event))
  );
}

/** The gateway's order: createdAt descending, then id descending. Negative when `a` comes first. */
function newestFirst(a: WebhookDelivery, b: WebhookDelivery): number {
  const diff = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  if (diff !== 0) return diff;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function replaceAt(pages: DeliveryPages["pages"], pageIndex: number, items: WebhookDelivery[]) {
  const copy = pages.slice();
  copy[pageIndex] = { ...pages[pageIndex]!, items };
  return copy;
}

/**
 * Writes one delivery event into a cached list: updates the row if this is a later state, removes it once it no
 * longer matches the filters, inserts it where the gateway would list it. `refetch` asks for a clean refetch
 * (too many live rows piled up on the first page). Unchanged input comes back by identity.
 */
export function applyDeliveryEvent(data: DeliveryPages, filters: DeliveryFilters, delivery: WebhookDelivery): { data: DeliveryPages; refetch: boolean } {
  const unchanged = { data, refetch: false };
  for (let p = 0; p < data.pages.length; p++) {
    const items = data.pages[p]!.items;
    const index = items.findIndex((d) => d.id === delivery.id);
    if (index === -1) continue;
    if (!isLaterState(delivery, items[index]!)) return unchanged;
    const next = matchesFilters(delivery, filters) ? items.with(index, delivery) : items.toSpliced(index, 1);
    return { data: { ...data, pages: replaceAt(data.pages, p, next) }, refetch: false };
  }
  if (!matchesFilters(delivery, filters) || data.pages.length === 0) return unchanged;

  for (let p = 0; p < data.pages.length; p++) {
    const items = data.pages[p]!.items;
    const before = items.findIndex((d) => newestFirst(delivery, d) < 0);
    if (before === -1) continue;
    const pages = replaceAt(data.pages, p, items.toSpliced(before, 0, delivery));
    return { data: { ...data, pages }, refetch: pages[0]!.items.length > (filters.limit ?? 50) + LIVE_INSERT_CAP };
  }
  // Older than everything loaded: it belongs on the last page only when no page comes after it.
  const last = data.pages.length - 1;
  if (data.pages[last]!.nextCursor !== null) return unchanged;
  return { data: { ...data, pages: replaceAt(data.pages, last, [...data.pages[last]!.items, delivery]) }, refetch: false };
}

/**
 * A fetched page against what the cache already held: socket events that landed while the request was in flight
 * must not be undone. Keeps later states of known rows and, on the first page, rows created after the snapshot.
 */
export function mergeFetchedPage(fetched: WebhookDeliveryList, cached: DeliveryPages | undefined, filters: DeliveryFilters, isFirstPage: boolean): WebhookDeliveryList {
  if (!cached) return fetched;
  const known = new Map<string, WebhookDelivery>();
  for (const page of cached.pages) for (const d of page.items) known.set(d.id, d);
  const items = fetched.items.map((d) => {
    const mine = known.get(d.id);
    return mine && isLaterState(mine, d) && matchesFilters(mine, filters) ? mine : d;
  });
  if (!isFirstPage) return { ...fetched, items };
  const ids = new Set(items.map((d) => d.id));
  const newest = items[0];
  const arrived = [...known.values()].filter((d) => !ids.has(d.id) && matchesFilters(d, filters) && (!newest || newestFirst(d, newest) < 0));
  return { ...fetched, items: [...arrived.sort(newestFirst), ...items] };
}
