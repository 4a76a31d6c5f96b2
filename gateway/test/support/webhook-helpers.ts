import { expect } from "vitest";
import { WebhookDeliveryDetail, WebhookWithSecret, type WebhookDelivery } from "../../../contract/webhooks";
import { api, waitUntil, type RunningGateway } from "./gateway";

/** Settings every webhook test gateway uses: local receivers allowed, retry schedule in milliseconds. */
export const WEBHOOK_TEST_ENV = { WEBHOOK_ALLOW_IPS: "127.0.0.1", WEBHOOK_RETRY_SCALE: "0.001" };

export function caller(gw: () => RunningGateway, token: () => string) {
  const call = (method: string, url: string, body?: unknown) => api(gw().url, method, url, { token: token(), body });

  async function connectedInstance(name: string): Promise<string> {
    const created = await call("POST", "/api/v1/instances", { name });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "QR_REQUIRED", `${name} QR_REQUIRED`);
    expect((await call("POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
    await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED", `${name} CONNECTED`);
    return id;
  }

  async function createWebhook(body: Record<string, unknown>): Promise<WebhookWithSecret> {
    const res = await call("POST", "/api/v1/webhooks", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return WebhookWithSecret.parse(res.body);
  }

  async function inbound(instanceId: string, text: string, from = "4915100000009"): Promise<void> {
    const res = await call("POST", `/api/v1/sandbox/instances/${instanceId}/inbound`, { from, text });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  }

  async function deliveries(webhookId: string, query = ""): Promise<WebhookDelivery[]> {
    const res = await call("GET", `/api/v1/webhooks/${webhookId}/deliveries?limit=500${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as WebhookDelivery[];
  }

  async function detail(deliveryId: string): Promise<WebhookDeliveryDetail> {
    const res = await call("GET", `/api/v1/webhooks/deliveries/${deliveryId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return WebhookDeliveryDetail.parse(res.body);
  }

  return { call, connectedInstance, createWebhook, inbound, deliveries, detail };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
