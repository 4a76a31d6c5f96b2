import { afterAll, describe, expect, it } from "vitest";
import { FAST_SANDBOX, login, startGateway, storedRows, waitUntil } from "../support/gateway";
import { WEBHOOK_TEST_ENV, caller } from "../support/webhook-helpers";
import { startReceiver, unusedPort } from "../support/webhook-receiver";

// The delivery log keeps finished deliveries WEBHOOK_DELIVERY_RETENTION_DAYS after their last attempt, then forgets
// them with their attempts and the body that was sent; a delivery still queued is never deleted, however old.
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

describe("delivery log retention", () => {
  it("forgets succeeded and failed deliveries after the retention, with their attempts, and keeps queued ones", { timeout: 60_000 }, async () => {
    // A retention of 3 s (the sweep runs every tenth of it).
    const gw = await startGateway({ ...FAST_SANDBOX, ...WEBHOOK_TEST_ENV, WEBHOOK_DELIVERY_RETENTION_DAYS: String(3 / 86_400) });
    cleanup.push(() => gw.stop());
    const token = await login(gw.url);
    const api = caller(() => gw, () => token);
    const receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    const instanceId = await api.connectedInstance("Retained");

    const answering = await api.createWebhook({ url: `${receiver.url}/hooks`, events: ["message.received"], instanceId });
    receiver.secrets = [answering.secret];
    // Nothing listens on this port: every attempt is refused, so its deliveries stay queued (retrying).
    const refused = await api.createWebhook({ url: `http://127.0.0.1:${await unusedPort()}/hooks`, events: ["message.received"], instanceId });

    await api.inbound(instanceId, "kept a while");
    const [succeeded] = await waitUntil(() => api.deliveries(answering.id), (d) => d.length === 1 && d[0]!.status === "succeeded", "the delivery to succeed");
    const [retrying] = await waitUntil(() => api.deliveries(refused.id), (d) => d.length === 1 && d[0]!.status === "retrying", "the delivery to be retried");
    // The test tool's delivery to the refusing endpoint is failed at once (it is never retried).
    const test = await api.call("POST", `/api/v1/webhooks/${refused.id}/test`, { event: "message.received" });
    expect(test.status, JSON.stringify(test.body)).toBe(200);
    const failedId = test.body.deliveryId as string;
    expect((await api.detail(failedId)).status).toBe("failed");
    const attemptsOf = async (id: string) => (await storedRows<{ n: number }>(gw.dataDir, "select count(*) as n from webhook_attempts where delivery_id = ?", [id]))[0]!.n;
    expect(await attemptsOf(succeeded!.id)).toBe(1);
    expect(await attemptsOf(failedId)).toBe(1);

    // Both finished deliveries go, then 404, with their attempts; the queued one has lived longer than the retention too.
    for (const id of [succeeded!.id, failedId]) await waitUntil(() => api.call("GET", `/api/v1/webhooks/deliveries/${id}`), (r) => r.status === 404, `${id} forgotten`, 15_000);
    expect(await attemptsOf(succeeded!.id)).toBe(0);
    expect(await attemptsOf(failedId)).toBe(0);
    expect(Date.now() - Date.parse(retrying!.createdAt)).toBeGreaterThan(3_000);
    const kept = await api.detail(retrying!.id);
    expect(kept.status).toBe("retrying");
    expect(kept.attempts).toBeGreaterThan(1);
    expect(await api.deliveries(answering.id)).toEqual([]);
    expect((await api.deliveries(refused.id)).map((d) => d.id)).toEqual([retrying!.id]);
  });
});
