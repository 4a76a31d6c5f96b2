import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorBody } from "../../../contract/errors";
import { api, login, startGateway, type RunningGateway } from "../support/gateway";
import { ALERT_TEST_ENV, alertCalls } from "../support/alert-helpers";
import { caller } from "../support/webhook-helpers";

// Bad input: every body and query is checked, the answer is a 400 in the one error shape naming the field, and
// nothing changes. Who may call: operators and admin API keys; an instance token gets 403 on every alerts route.

let gw: RunningGateway;
let token: string;

beforeAll(async () => {
  gw = await startGateway(ALERT_TEST_ENV);
  token = await login(gw.url);
});
afterAll(() => gw.stop());

const { call } = caller(() => gw, () => token);
const { createChannel, createRule } = alertCalls(() => gw, () => token);

async function expectBadRequest(method: string, url: string, body: unknown, path: string) {
  const res = await call(method, url, body);
  expect(res.status, `${method} ${url} ${JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(400);
  const error = ErrorBody.parse(res.body).error;
  expect(error.code).toBe("bad_request");
  expect(error.message, JSON.stringify(body)).toMatch(new RegExp(`^Invalid request: ${path.replace(/\./g, "\\.")}\\b`));
  return error;
}

/** Everything the alerts API holds, to compare before and after refused requests. */
const snapshot = async () =>
  JSON.stringify(await Promise.all(["/api/v1/alerts/rules?limit=500", "/api/v1/alerts/channels?limit=500", "/api/v1/alerts/history?limit=500"].map(async (url) => (await call("GET", url)).body)));

describe("alerts input validation", () => {
  it("refuses bad rules, naming the field, and changes nothing", async () => {
    const channel = await createChannel({ type: "email", name: "Mail", to: ["ops@example.test"] });
    const rule = await createRule({ kind: "instance_status", name: "Down", statuses: ["ERROR"], forMinutes: 5, channelIds: [channel.id] });
    const before = await snapshot();
    const rules = "/api/v1/alerts/rules";
    const base = { kind: "instance_status", name: "x", statuses: ["DISCONNECTED"], forMinutes: 1 };
    const bad: Array<[unknown, string]> = [
      [{ ...base, kind: "instance_sad" }, "body.kind"],
      [{ ...base, name: "" }, "body.name"],
      [{ ...base, name: "n".repeat(101) }, "body.name"],
      [{ ...base, statuses: [] }, "body.statuses"],
      [{ ...base, statuses: ["CONNECTED"] }, "body.statuses.0"],
      [{ ...base, forMinutes: -1 }, "body.forMinutes"],
      [{ ...base, forMinutes: 10_081 }, "body.forMinutes"],
      [{ ...base, forMinutes: "5" }, "body.forMinutes"],
      [{ kind: "instance_status", name: "x", statuses: ["ERROR"] }, "body.forMinutes"],
      [{ ...base, severity: "fatal" }, "body.severity"],
      [{ ...base, cooldownMinutes: -5 }, "body.cooldownMinutes"],
      [{ ...base, instanceIds: [] }, "body.instanceIds"],
      [{ ...base, instanceIds: ["ins_doesnotexist99"] }, "body.instanceIds.0"],
      [{ ...base, instanceIds: ["not-an-id"] }, "body.instanceIds.0"],
      [{ ...base, channelIds: ["alc_doesnotexist99"] }, "body.channelIds.0"],
      [{ ...base, unknownField: true }, "body"],
      [{ kind: "webhook_disabled", name: "x", statuses: ["ERROR"] }, "body"],
      [{ kind: "node_down", name: "x", instanceIds: null }, "body"],
    ];
    for (const [body, path] of bad) await expectBadRequest("POST", rules, body, path);
    const notJson = await call("POST", rules, "{not json");
    expect(notJson.status).toBe(400);
    expect(ErrorBody.parse(notJson.body).error.code).toBe("bad_request");

    const one = `${rules}/${rule.id}`;
    await expectBadRequest("PATCH", one, {}, "body");
    await expectBadRequest("PATCH", one, { kind: "node_down" }, "body");
    await expectBadRequest("PATCH", one, { forMinutes: -2 }, "body.forMinutes");
    await expectBadRequest("PATCH", one, { statuses: ["RECONNECTING"] }, "body.statuses.0");
    await expectBadRequest("PATCH", one, { channelIds: ["alc_doesnotexist99"] }, "body.channelIds.0");
    const disabledRule = await createRule({ kind: "webhook_disabled", name: "Off" });
    const error = await expectBadRequest("PATCH", `${rules}/${disabledRule.id}`, { forMinutes: 3 }, "body.forMinutes");
    expect(error.message).toBe("Invalid request: body.forMinutes is not a field of a webhook_disabled rule");
    expect((await call("DELETE", `${rules}/${disabledRule.id}`)).status).toBe(204);
    expect(await snapshot()).toBe(before);

    const changed = await call("PATCH", one, { forMinutes: 2.5, statuses: ["ERROR", "QR_REQUIRED", "ERROR"], instanceIds: null });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ kind: "instance_status", forMinutes: 2.5, statuses: ["ERROR", "QR_REQUIRED"], instanceIds: null, channelIds: [channel.id], cooldownMinutes: 30, severity: "warning" });
  });

  it("keeps a rule editable after an instance it names is deleted; a deleted instance is not taken anew", async () => {
    const channel = await createChannel({ type: "email", name: "Mail for gone", to: ["ops@example.test"] });
    const [kept, gone] = await Promise.all(["Kept", "Gone"].map(async (name) => (await call("POST", "/api/v1/instances", { name: `Rule ${name}`, connect: false })).body.id as string));
    const rule = await createRule({ kind: "instance_status", name: "Named", statuses: ["ERROR"], forMinutes: 5, instanceIds: [kept!, gone!], channelIds: [channel.id] });
    expect((await call("DELETE", `/api/v1/instances/${gone}`)).status).toBe(204);
    const disabled = await call("PATCH", `/api/v1/alerts/rules/${rule.id}`, { enabled: false });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, instanceIds: [kept, gone] });
    // Dropping it is fine; naming it again (it no longer exists) is not.
    expect((await call("PATCH", `/api/v1/alerts/rules/${rule.id}`, { instanceIds: [kept] })).status).toBe(200);
    await expectBadRequest("PATCH", `/api/v1/alerts/rules/${rule.id}`, { instanceIds: [kept, gone] }, "body.instanceIds.1");
    expect((await call("DELETE", `/api/v1/alerts/rules/${rule.id}`)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/instances/${kept}`)).status).toBe(204);
  });

  it("refuses bad channels, naming the field, and changes nothing", async () => {
    const before = await snapshot();
    const channels = "/api/v1/alerts/channels";
    const bad: Array<[unknown, string]> = [
      [{ type: "pager", name: "x" }, "body.type"],
      [{ type: "email", name: "x", to: [] }, "body.to"],
      [{ type: "email", name: "x", to: ["not an address"] }, "body.to.0"],
      [{ type: "email", name: "", to: ["a@example.test"] }, "body.name"],
      [{ type: "slack", name: "x", url: "ftp://example.com/x" }, "body.url"],
      [{ type: "slack", name: "x", url: "https://user:pw@example.com/x" }, "body.url"],
      [{ type: "slack", name: "x", url: "http://127.0.0.2/x" }, "body.url"],
      [{ type: "discord", name: "x" }, "body.url"],
      [{ type: "telegram", name: "x", botToken: "nope", chatId: "1" }, "body.botToken"],
      [{ type: "telegram", name: "x", botToken: "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0", chatId: "chat me" }, "body.chatId"],
      [{ type: "webhook", name: "x", url: "https://example.com/x", secret: "whsec_mine" }, "body"],
    ];
    for (const [body, path] of bad) await expectBadRequest("POST", channels, body, path);
    const slack = await createChannel({ type: "slack", name: "Slack", url: "https://hooks.slack.example/services/T/B/secret" });
    const after = await snapshot();
    await expectBadRequest("PATCH", `${channels}/${slack.id}`, { type: "email" }, "body");
    await expectBadRequest("PATCH", `${channels}/${slack.id}`, { chatId: "42" }, "body.chatId");
    await expectBadRequest("PATCH", `${channels}/${slack.id}`, { url: "http://[::1]/x" }, "body.url");
    expect(await snapshot()).toBe(after);
    expect((await call("DELETE", `${channels}/${slack.id}`)).status).toBe(204);
    expect(await snapshot()).toBe(before);
  });

  it("refuses unknown and bad query parameters, bad ids and bodies where none are taken", async () => {
    const unknown = await expectBadRequest("GET", "/api/v1/alerts/history?status=firing", undefined, "query.status");
    expect(unknown.message).toContain("accepted: state, severity, ruleId, limit, cursor");
    await expectBadRequest("GET", "/api/v1/alerts/history?state=burning", undefined, "query.state");
    await expectBadRequest("GET", "/api/v1/alerts/history?severity=critical,meh", undefined, "query.severity");
    await expectBadRequest("GET", "/api/v1/alerts/history?limit=0", undefined, "query.limit");
    await expectBadRequest("GET", "/api/v1/alerts/history?cursor=not-ours", undefined, "query.cursor");
    await expectBadRequest("GET", "/api/v1/alerts/history?ruleId=rule-1", undefined, "query.ruleId");
    await expectBadRequest("GET", "/api/v1/alerts/rules?search=x", undefined, "query.search");
    await expectBadRequest("GET", "/api/v1/alerts/channels?limit=501", undefined, "query.limit");
    await expectBadRequest("GET", "/api/v1/alerts/rules/not-a-rule", undefined, "params.id");
    await expectBadRequest("POST", "/api/v1/alerts/history/alt_doesnotexist99/ack", { note: "seen" }, "body");
    expect((await call("POST", "/api/v1/alerts/history/alt_doesnotexist99/ack")).status).toBe(404);
    expect((await call("POST", "/api/v1/alerts/channels/alc_doesnotexist99/test")).status).toBe(404);
    expect((await call("GET", "/api/v1/alerts/rules/alr_doesnotexist99")).status).toBe(404);
    expect((await call("DELETE", "/api/v1/alerts/channels/alc_doesnotexist99")).status).toBe(404);
  });

  it("answers operators and admin API keys; an instance token gets 403 on every alerts route", async () => {
    const { connectedInstance } = caller(() => gw, () => token);
    const instanceId = await connectedInstance("Token holder");
    const instanceToken = (await call("POST", "/api/v1/api-keys", { name: "Shop token", scope: "instance", instanceId })).body.token as string;
    const adminKey = (await call("POST", "/api/v1/api-keys", { name: "Ops key", scope: "admin" })).body.token as string;
    const routes = gw.gateway.routes.filter((r) => r.url.startsWith("/api/v1/alerts"));
    expect(routes).toHaveLength(14);
    for (const route of routes) {
      expect(route.auth, route.url).toBe("operator");
      const url = route.url.replace(":id", route.url.includes("/rules") ? "alr_doesnotexist99" : route.url.includes("/channels") ? "alc_doesnotexist99" : "alt_doesnotexist99");
      const res = await api(gw.url, route.method, url, { token: instanceToken, body: ["POST", "PATCH"].includes(route.method) && !url.endsWith("/test") && !url.endsWith("/ack") ? {} : undefined });
      expect(res.status, `${route.method} ${route.url}`).toBe(403);
      expect(ErrorBody.parse(res.body).error.code).toBe("forbidden");
    }
    expect((await api(gw.url, "GET", "/api/v1/alerts/rules", { token: adminKey })).status).toBe(200);
    const created = await api(gw.url, "POST", "/api/v1/alerts/rules", { token: adminKey, body: { kind: "instance_logged_out", name: "By key" } });
    expect(created.status).toBe(201);
    expect(created.body.instanceIds).toBeNull();
  });
});
