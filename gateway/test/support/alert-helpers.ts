import type http from "node:http";
import { expect } from "vitest";
import { Alert, AlertChannelWithSecret, AlertRule } from "../../../contract/alerts";
import { api, type RunningGateway } from "./gateway";
import { startReceiver, type Receiver } from "./webhook-receiver";

/** Settings of an alerts test gateway: rounds every 0.2 s, a 2 s grouping window, local receivers allowed. */
export const ALERT_TEST_ENV = { ALERT_EVAL_SECONDS: "0.2", ALERT_GROUP_SECONDS: "2", WEBHOOK_ALLOW_IPS: "127.0.0.1", WEBHOOK_RETRY_SCALE: "0.001" };

export interface JsonReceiver {
  receiver: Receiver;
  /** Each request's path, in order. */
  paths: string[];
  /** Each request's JSON body, in order. */
  bodies(): Array<Record<string, unknown>>;
  /** Slack-style bodies' `text`, in order. */
  texts(): string[];
}

/** A Slack-, Discord- or Telegram-style receiver on 127.0.0.1 that answers what `reply` says (200 `{"ok":true}`). */
export async function jsonReceiver(reply: (req: http.IncomingMessage) => { status: number; body?: string } = () => ({ status: 200, body: '{"ok":true}' })): Promise<JsonReceiver> {
  const paths: string[] = [];
  const receiver = await startReceiver({
    respond: (req) => {
      paths.push(req.url ?? "");
      return reply(req);
    },
  });
  const bodies = () => receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
  return { receiver, paths, bodies, texts: () => bodies().map((b) => String(b.text)) };
}

export function alertCalls(gw: () => RunningGateway, token: () => string) {
  const call = (method: string, url: string, body?: unknown) => api(gw().url, method, url, { token: token(), body });

  async function createChannel(body: Record<string, unknown>): Promise<AlertChannelWithSecret> {
    const res = await call("POST", "/api/v1/alerts/channels", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return AlertChannelWithSecret.parse(res.body);
  }

  async function createRule(body: Record<string, unknown>): Promise<AlertRule> {
    const res = await call("POST", "/api/v1/alerts/rules", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return AlertRule.parse(res.body);
  }

  /** Every alert (all pages) matching the query, newest first. */
  async function history(query = ""): Promise<Alert[]> {
    const items: Alert[] = [];
    let cursor: string | null = null;
    do {
      const res = await call("GET", `/api/v1/alerts/history?limit=100${query}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      items.push(...(res.body.items as unknown[]).map((item) => Alert.parse(item)));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return items;
  }

  return { call, createChannel, createRule, history };
}
