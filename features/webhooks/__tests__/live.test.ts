import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import type { WebhookDeliveryDetail } from "@/contract/webhooks";
import { routeSocketEvent } from "@/shared/lib/realtime/socket-bridge";
import { webhookKeys, webhookListOptions } from "../api/webhooks";
import type { DeliveryPages } from "../lib/delivery-cache";
import { at, delivery, ids, pages } from "../lib/__tests__/delivery-fixtures";
import { webhooksLive } from "../live";

describe("webhook live events", () => {
  it("write webhook.delivery events into every matching list and refresh an open detail", async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const all = webhookKeys.deliveryList({ limit: 50 });
    const failedOnly = webhookKeys.deliveryList({ status: ["failed"], limit: 50 });
    qc.setQueryData(all, pages({ items: [], nextCursor: null }));
    qc.setQueryData(failedOnly, pages({ items: [], nextCursor: null }));
    const d = delivery(10);
    const detail: WebhookDeliveryDetail = { ...d, body: "{}", attemptLog: [] };
    qc.setQueryData(webhookKeys.deliveryDetail(d.id), detail);

    expect(routeSocketEvent([webhooksLive], qc, "webhook.delivery", { ...d, at: d.updatedAt })).toBe(true);
    expect(ids(qc.getQueryData<DeliveryPages>(all)!)).toEqual([[d.id]]);
    expect(ids(qc.getQueryData<DeliveryPages>(failedOnly)!)).toEqual([[]]);

    const done = { ...d, status: "succeeded" as const, attempts: 1, lastStatusCode: 200, lastLatencyMs: 12, updatedAt: at(11) };
    routeSocketEvent([webhooksLive], qc, "webhook.delivery", { ...done, at: done.updatedAt });
    expect(qc.getQueryData<DeliveryPages>(all)!.pages[0]!.items[0]).toEqual(done);
    const cachedDetail = qc.getQueryData<WebhookDeliveryDetail>(webhookKeys.deliveryDetail(d.id))!;
    expect(cachedDetail).toMatchObject({ status: "succeeded", attempts: 1, body: "{}" });
    expect(qc.getQueryState(webhookKeys.deliveryDetail(d.id))!.isInvalidated).toBe(true);
  });

  it("an event for a delivery whose detail is still being fetched fetches it again: the first answer may predate the event", async () => {
    // A replay: the drawer opens the new delivery at once and its attempt may be recorded, and announced, before the
    // gateway answers that first fetch (then with no attempt, and no later event to correct it).
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const d = delivery(50);
    const answers: Array<(detail: WebhookDeliveryDetail) => void> = [];
    const fetched = vi.fn(() => new Promise<WebhookDeliveryDetail>((resolve) => answers.push(resolve)));
    const observer = new QueryObserver(qc, { queryKey: webhookKeys.deliveryDetail(d.id), queryFn: fetched });
    const unsubscribe = observer.subscribe(() => undefined);
    expect(fetched).toHaveBeenCalledTimes(1);

    const done = { ...d, status: "succeeded" as const, attempts: 1, lastStatusCode: 200, lastLatencyMs: 9, updatedAt: at(51) };
    routeSocketEvent([webhooksLive], qc, "webhook.delivery", { ...done, at: done.updatedAt });
    await vi.waitFor(() => expect(fetched).toHaveBeenCalledTimes(2));
    // The second answer stands, even when the first one (from before the attempt) comes in after it.
    answers[1]!({ ...done, body: "{}", attemptLog: [{ n: 1, at: at(51), url: "http://127.0.0.1:9/hook", statusCode: 200, latencyMs: 9, responseExcerpt: "", responseHeaders: {}, requestHeaders: {} }] });
    await vi.waitFor(() => expect(qc.getQueryData<WebhookDeliveryDetail>(webhookKeys.deliveryDetail(d.id))?.attemptLog).toHaveLength(1));
    answers[0]!({ ...d, body: "{}", attemptLog: [] });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(qc.getQueryData<WebhookDeliveryDetail>(webhookKeys.deliveryDetail(d.id))).toMatchObject({ status: "succeeded", attempts: 1, attemptLog: [{ n: 1 }] });
    unsubscribe();
  });

  it("refetches endpoint health while deliveries are attempted, at most every 3 s", async () => {
    vi.useFakeTimers();
    const qc = new QueryClient();
    const fetched = vi.fn(async () => []);
    const observer = new QueryObserver(qc, { ...webhookListOptions(), queryFn: fetched });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetched).toHaveBeenCalledTimes(1);
    // A burst of attempts within a second: one refetch, three seconds after the first.
    for (let s = 0; s < 10; s += 1) {
      const d = delivery(20 + s, { status: "succeeded", attempts: 1 });
      routeSocketEvent([webhooksLive], qc, "webhook.delivery", { ...d, at: d.updatedAt });
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(fetched).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fetched).toHaveBeenCalledTimes(2);
    // Nothing more to learn: no more refetches. Queued and test deliveries never count.
    const queued = delivery(40);
    routeSocketEvent([webhooksLive], qc, "webhook.delivery", { ...queued, at: queued.updatedAt });
    const test = delivery(41, { status: "succeeded", attempts: 1, test: true });
    routeSocketEvent([webhooksLive], qc, "webhook.delivery", { ...test, at: test.updatedAt });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetched).toHaveBeenCalledTimes(2);
    unsubscribe();
    vi.useRealTimers();
  });

  it("ignores malformed events", () => {
    const qc = new QueryClient();
    expect(routeSocketEvent([webhooksLive], qc, "webhook.delivery", { id: "nope" })).toBe(false);
  });
});
