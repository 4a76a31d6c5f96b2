import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DIALECT, login, startGateway, storedRows, waitUntil, type RunningGateway } from "../support/gateway";
import { ALERT_TEST_ENV, alertCalls, jsonReceiver, type JsonReceiver } from "../support/alert-helpers";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver";
import { caller, sleep } from "../support/webhook-helpers";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

// Rules end to end on the sandbox engine: real instances dropping and coming back, real receivers. Timings are
// scaled down: rounds every 0.2 s, a 2 s grouping window, conditions and cooldowns of a few seconds.

let gw: RunningGateway;
let token: string;
let smtp: SmtpReceiver;
const opened: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  smtp = await startSmtpReceiver("alerts", "smtp-pass-rules");
  gw = await startGateway({ ...ALERT_TEST_ENV, SMTP_URL: smtp.url(), SMTP_FROM: "alerts@example.test" });
  token = await login(gw.url);
});
afterAll(async () => {
  await gw.stop();
  await Promise.all([smtp.close(), ...opened.map((r) => r.close())]);
});

const { call, connectedInstance, createWebhook, inbound } = caller(() => gw, () => token);
const { createChannel, createRule, history } = alertCalls(() => gw, () => token);

async function slackChannel(name: string): Promise<{ id: string; slack: JsonReceiver }> {
  const slack = await jsonReceiver();
  opened.push(slack.receiver);
  const channel = await createChannel({ type: "slack", name, url: `${slack.receiver.url}/services/${name.replace(/\W/g, "")}` });
  return { id: channel.id, slack };
}

const status = (id: string, want: string) => waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === want, `${id} ${want}`);
const dropped = async (id: string, code = 440) => expect((await call("POST", `/api/v1/sandbox/instances/${id}/disconnect`, { code })).status).toBe(202);
const reconnect = async (id: string) => {
  const res = await call("POST", `/api/v1/instances/${id}/connect`);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  await status(id, "CONNECTED");
};
const messages = (slack: JsonReceiver, n: number, what: string, timeoutMs = 15_000) => waitUntil(async () => slack.texts(), (texts) => texts.length >= n, what, timeoutMs);

describe("alert rules", () => {
  it("fires once when an instance stays DISCONNECTED longer than forMinutes (Slack and e-mail), then sends a resolved notice", { timeout: 60_000 }, async () => {
    const id = await connectedInstance("Support line");
    const { id: slackId, slack } = await slackChannel("Numbers");
    const mail = await createChannel({ type: "email", name: "On-call mail", to: ["oncall@example.test"] });
    const rule = await createRule({ kind: "instance_status", name: "Numbers down", statuses: ["DISCONNECTED"], forMinutes: 0.02, severity: "critical", cooldownMinutes: 10, instanceIds: [id], channelIds: [slackId, mail.id] });

    const droppedAt = Date.now();
    await dropped(id);
    await status(id, "DISCONNECTED");
    const [firing] = await messages(slack, 1, "the firing notice");
    expect(slack.receiver.received[0]!.receivedAt - droppedAt).toBeGreaterThanOrEqual(1200);
    expect(firing).toContain('*[CRITICAL] Instance "Support line" DISCONNECTED for over 1.2 s*');
    expect(firing).toContain(`Support line (${id}): DISCONNECTED (440)`);
    await waitUntil(async () => smtp.mails.length, (n) => n >= 1, "the e-mail");
    const [email] = smtp.mails;
    expect(email!.to).toEqual(["oncall@example.test"]);
    expect(email!.subject).toBe('[CRITICAL] Instance "Support line" DISCONNECTED for over 1.2 s');
    expect(email!.text).toContain(`Support line (${id}): DISCONNECTED (440)`);

    await sleep(1500);
    expect(slack.texts()).toHaveLength(1);
    const [alert] = await history(`&ruleId=${rule.id}`);
    expect(alert).toMatchObject({ state: "firing", severity: "critical", ruleName: "Numbers down", kind: "instance_status", subjects: [{ type: "instance", id, name: "Support line" }] });
    expect(alert!.deliveries.map((d) => [d.channelType, d.notice, d.ok])).toEqual(expect.arrayContaining([["slack", "firing", true], ["email", "firing", true]]));

    await reconnect(id);
    const texts = await messages(slack, 2, "the resolved notice");
    expect(texts[1]).toMatch(/^\*\[RESOLVED\] Instance "Support line" DISCONNECTED for over 1\.2 s\*\nResolved /);
    await waitUntil(async () => smtp.mails.length, (n) => n >= 2, "the resolved e-mail");
    expect(smtp.mails[1]!.subject).toBe('[RESOLVED] Instance "Support line" DISCONNECTED for over 1.2 s');
    // A receiver has a notice before the gateway records how sending it went: wait for both records.
    const [resolved] = await waitUntil(() => history(`&ruleId=${rule.id}`), ([a]) => (a?.deliveries.filter((d) => d.notice === "resolved").length ?? 0) >= 2, "both resolved deliveries recorded");
    expect(resolved).toMatchObject({ state: "resolved", resolvedAt: expect.any(String) });
    expect(resolved!.subjects[0]!.resolvedAt).toBeTruthy();
    expect(resolved!.deliveries.filter((d) => d.notice === "resolved" && d.ok)).toHaveLength(2);
    await sleep(800);
    expect(slack.texts()).toHaveLength(2);
  });

  it("sends one message for 40 instances dropping together, and one when they are back", { timeout: 120_000 }, async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 8) ids.push(...(await Promise.all(Array.from({ length: 8 }, (_, j) => connectedInstance(`Bulk ${String(i + j).padStart(2, "0")}`)))));
    const { id: channelId, slack } = await slackChannel("Bulk");
    const rule = await createRule({ kind: "instance_status", name: "Fleet down", statuses: ["DISCONNECTED", "ERROR"], forMinutes: 0, cooldownMinutes: 10, instanceIds: ids, channelIds: [channelId] });

    await Promise.all(ids.map((id) => dropped(id)));
    const [text] = await messages(slack, 1, "the grouped notice");
    await sleep(2500);
    expect(slack.texts()).toHaveLength(1);
    expect(text).toContain("*[WARNING] 40 instances DISCONNECTED*");
    for (let i = 0; i < 40; i += 1) expect(text).toContain(`Bulk ${String(i).padStart(2, "0")} (`);
    const alerts = await history(`&ruleId=${rule.id}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subjects).toHaveLength(40);

    for (let i = 0; i < 40; i += 8) await Promise.all(ids.slice(i, i + 8).map(reconnect));
    const texts = await messages(slack, 2, "the resolved notice");
    expect(texts[1]).toMatch(/^\*\[RESOLVED\] 40 instances DISCONNECTED\*/);
    await sleep(1000);
    expect(slack.texts()).toHaveLength(2);
    expect((await history(`&ruleId=${rule.id}`))[0]!.state).toBe("resolved");
  });

  it("keeps quiet about a subject during the cooldown, and fires again once it is over if still down", { timeout: 60_000 }, async () => {
    const id = await connectedInstance("Flaky line");
    const { id: channelId, slack } = await slackChannel("Flaky");
    const rule = await createRule({ kind: "instance_status", name: "Flapping", statuses: ["DISCONNECTED"], forMinutes: 0, cooldownMinutes: 0.1, instanceIds: [id], channelIds: [channelId] });

    await dropped(id);
    await messages(slack, 1, "the first notice");
    const first = slack.receiver.received[0]!.receivedAt;
    await reconnect(id);
    await messages(slack, 2, "resolved");
    await dropped(id);
    await status(id, "DISCONNECTED");
    await sleep(Math.max(0, first + 5000 - Date.now()));
    expect(slack.texts()).toHaveLength(2);
    expect(await history(`&ruleId=${rule.id}`)).toHaveLength(1);

    const texts = await messages(slack, 3, "the notice after the cooldown");
    expect(texts[2]).toMatch(/^\*\[WARNING\] Instance "Flaky line" DISCONNECTED\*/);
    expect(slack.receiver.received[2]!.receivedAt - first).toBeGreaterThanOrEqual(6000);
    const alerts = await history(`&ruleId=${rule.id}`);
    expect(alerts.map((a) => a.state)).toEqual(["firing", "resolved"]);
    await reconnect(id);
  });

  it("counts the cooldown from a notice that said the subject had recovered already (it fell and rose within the grouping window)", { timeout: 60_000 }, async () => {
    const id = await connectedInstance("Blink line");
    const { id: channelId, slack } = await slackChannel("Blink");
    const rule = await createRule({ kind: "instance_status", name: "Blinking", statuses: ["DISCONNECTED"], forMinutes: 0, cooldownMinutes: 0.1, instanceIds: [id], channelIds: [channelId] });

    await dropped(id);
    // Back before the 2 s window closes: the alert's one notice says it fell and recovered.
    await waitUntil(() => history(`&ruleId=${rule.id}`), (alerts) => alerts.length === 1, "the alert to open");
    await reconnect(id);
    const [only] = await messages(slack, 1, "the one notice");
    expect(only).toMatch(/^\*\[RESOLVED\] Instance "Blink line" DISCONNECTED\*/);
    const first = slack.receiver.received[0]!.receivedAt;
    // Down again at once: within the cooldown (6 s from that notice), so no new alert and no notice.
    await dropped(id);
    await status(id, "DISCONNECTED");
    await sleep(Math.max(0, first + 4500 - Date.now()));
    expect(slack.texts()).toHaveLength(1);
    expect(await history(`&ruleId=${rule.id}`)).toHaveLength(1);
    await messages(slack, 2, "the notice after the cooldown");
    await reconnect(id);
  });

  it("reminds about an unacknowledged alert every cooldown; acknowledging stops that, and it still resolves", { timeout: 60_000 }, async () => {
    const id = await connectedInstance("Quiet line");
    const { id: channelId, slack } = await slackChannel("Reminders");
    const rule = await createRule({ kind: "instance_status", name: "Still down", statuses: ["DISCONNECTED"], forMinutes: 0, cooldownMinutes: 0.05, severity: "info", instanceIds: [id], channelIds: [channelId] });

    await dropped(id);
    const texts = await messages(slack, 2, "a reminder");
    expect(texts[0]).toMatch(/^\*\[INFO\] Instance "Quiet line"/);
    expect(texts[1]).toMatch(/^\*\[INFO · still firing\] Instance "Quiet line" DISCONNECTED\*\nStill firing since /);
    const [alert] = await history(`&ruleId=${rule.id}`);
    const acked = await call("POST", `/api/v1/alerts/history/${alert!.id}/ack`);
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);
    expect(acked.body).toMatchObject({ state: "acknowledged", acknowledgedBy: "admin", acknowledgedAt: expect.any(String) });
    expect((await call("POST", `/api/v1/alerts/history/${alert!.id}/ack`)).body.state).toBe("acknowledged");
    const seen = slack.texts().length;

    await sleep(4000);
    expect(slack.texts()).toHaveLength(seen);
    expect((await history("&state=acknowledged")).map((a) => a.id)).toContain(alert!.id);

    await reconnect(id);
    const after = await messages(slack, seen + 1, "resolved");
    expect(after.at(-1)).toMatch(/^\*\[RESOLVED\]/);
    const [resolved] = await history(`&ruleId=${rule.id}`);
    expect(resolved).toMatchObject({ state: "resolved", acknowledgedBy: "admin" });
    const again = await call("POST", `/api/v1/alerts/history/${alert!.id}/ack`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it("stops reminding about an instance its rule no longer covers: narrowed away, it counts as resolved", { timeout: 60_000 }, async () => {
    const kept = await connectedInstance("Narrowed kept");
    const dropped2 = await connectedInstance("Narrowed away");
    const { id: channelId, slack } = await slackChannel("Narrowed");
    const rule = await createRule({ kind: "instance_status", name: "Both down", statuses: ["DISCONNECTED"], forMinutes: 0, cooldownMinutes: 0.05, instanceIds: [kept, dropped2], channelIds: [channelId] });

    await Promise.all([dropped(kept), dropped(dropped2)]);
    const [first] = await messages(slack, 1, "the first notice");
    expect(first).toContain("Narrowed away");
    const patched = await call("PATCH", `/api/v1/alerts/rules/${rule.id}`, { instanceIds: [kept] });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // The instance left out is resolved in the open alert, which reminds about the other one alone.
    const [alert] = await waitUntil(() => history(`&ruleId=${rule.id}`), (alerts) => alerts[0]?.subjects.find((s) => s.id === dropped2)?.resolvedAt !== undefined, "the narrowed-away subject to resolve");
    expect(alert!.subjects.find((s) => s.id === kept)?.resolvedAt).toBeUndefined();
    const seen = slack.texts().length;
    const reminders = (await messages(slack, seen + 1, "a reminder after narrowing")).slice(seen);
    expect(reminders[0]).toMatch(/still firing/);
    expect(reminders[0]).not.toContain("Narrowed away");
    // The one it still covers recovers: the alert resolves, though the other is still down.
    await reconnect(kept);
    await waitUntil(() => history(`&ruleId=${rule.id}`), (alerts) => alerts[0]?.state === "resolved", "the alert to resolve");
    await reconnect(dropped2);
  });

  it("tells when the phone logged an instance out (401), until it is linked again", { timeout: 60_000 }, async () => {
    const id = await connectedInstance("Logged out line");
    const { id: channelId, slack } = await slackChannel("Logout");
    await createRule({ kind: "instance_logged_out", name: "Unlinked", severity: "critical", instanceIds: [id], channelIds: [channelId] });

    await dropped(id, 401);
    const [text] = await messages(slack, 1, "the logged-out notice");
    expect(text).toContain('[CRITICAL] Instance "Logged out line" logged out by the phone');
    expect(text).toContain("QR_REQUIRED (401)");
    await status(id, "QR_REQUIRED");
    await sleep(1000);
    expect(slack.texts()).toHaveLength(1);
    expect((await call("POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
    await status(id, "CONNECTED");
    expect((await messages(slack, 2, "resolved"))[1]).toMatch(/^\*\[RESOLVED\] Instance "Logged out line" logged out by the phone/);
  });

  it("reports an instance the watchdog marks unresponsive: from its status event, and from the status it is left in", { timeout: 60_000 }, async () => {
    const id = await connectedInstance("Stalled line");
    const { id: channelId, slack } = await slackChannel("Watchdog");
    // No cooldown: the second case is the same subject a moment after the first notice, which a cooldown holds back.
    await createRule({ kind: "instance_unresponsive", name: "Stalls", cooldownMinutes: 0, instanceIds: [id], channelIds: [channelId] });

    // Restart policy: RECONNECTING "Unresponsive…", back a moment later; the event alone must be enough.
    gw.gateway.app.events.emit("instance.status", { instanceId: id, status: "RECONNECTING", statusReason: "Unresponsive: no answer to 3 keep-alives; restarting", seq: 10_000, at: new Date().toISOString() });
    const [blip] = await messages(slack, 1, "the unresponsive notice");
    expect(blip).toMatch(/^\*\[RESOLVED\] Instance "Stalled line" unresponsive\*/);
    expect(blip).toContain("RECONNECTING: Unresponsive: no answer to 3 keep-alives; restarting");

    // Alert policy: it stays CONNECTED with the watchdog's reason until it answers again.
    await storedRows(gw.dataDir, "update instances set status_reason = ? where id = ?", ["Unresponsive: no answer for 90 s", id], { write: true });
    const texts = await messages(slack, 2, "the firing notice");
    expect(texts[1]).toMatch(/^\*\[WARNING\] Instance "Stalled line" unresponsive\*/);
    expect(texts[1]).toContain("CONNECTED: Unresponsive: no answer for 90 s");
    await storedRows(gw.dataDir, "update instances set status_reason = ? where id = ?", ["Connected", id], { write: true });
    expect((await messages(slack, 3, "resolved"))[2]).toMatch(/^\*\[RESOLVED\] Instance "Stalled line" unresponsive\*/);
  });

  it("reports webhook endpoints the gateway disabled or that keep failing, until they recover", { timeout: 60_000 }, async () => {
    const id = await connectedInstance("Webhook source");
    let failing = true;
    const gone: Receiver = await startReceiver({ respond: () => ({ status: failing ? 410 : 204 }) });
    const flaky: Receiver = await startReceiver({ respond: () => ({ status: failing ? 500 : 204 }) });
    opened.push(gone, flaky);
    const off = await createWebhook({ url: `${gone.url}/hooks`, description: "Old CRM", events: ["message.received"], instanceId: id });
    await createWebhook({ url: `${flaky.url}/hooks?token=hook-token-in-url`, events: ["message.received"], instanceId: id });
    const { id: channelId, slack } = await slackChannel("Webhooks");
    await createRule({ kind: "webhook_disabled", name: "Endpoints off", channelIds: [channelId] });
    await createRule({ kind: "webhook_failing", name: "Endpoints failing", forMinutes: 0.01, channelIds: [channelId] });

    await inbound(id, "hello");
    const texts = await messages(slack, 2, "both notices");
    expect(texts.find((t) => t.includes('Webhook endpoint "Old CRM" disabled'))).toContain("disabled by the gateway: The receiver answered 410 Gone");
    const failingText = texts.find((t) => t.includes("failing for over 0.6 s"));
    expect(failingText).toContain(`Webhook endpoint "127.0.0.1:${flaky.port}" failing`);
    expect(JSON.stringify(slack.bodies())).not.toContain("hook-token-in-url");

    failing = false;
    await inbound(id, "again");
    expect((await call("PATCH", `/api/v1/webhooks/${off.id}`, { enabled: true })).status).toBe(200);
    const all = await messages(slack, 4, "both resolved");
    expect(all.slice(2).every((t) => t.startsWith("*[RESOLVED] Webhook endpoint"))).toBe(true);
  });

  it("reports a gateway node that stopped sending heartbeats (cluster mode only)", { timeout: 60_000 }, async () => {
    const { id: channelId, slack } = await slackChannel("Nodes");
    const rule = await createRule({ kind: "node_down", name: "Nodes", severity: "critical", channelIds: [channelId] });
    const longAgo = new Date(Date.now() - 3_600_000).toISOString();
    await storedRows(gw.dataDir, "insert into nodes (name, boot_id, url, version, started_at, heartbeat_at, draining, stopped_at) values (?, ?, ?, ?, ?, ?, 0, null)", ["gw-ghost", "boot-1", "http://127.0.0.1:9", "0.1.0", longAgo, longAgo], { write: true });
    if (TEST_DIALECT === "sqlite") {
      // One node alone cannot watch itself go down: leftover rows of earlier runs are not alerted on.
      await sleep(3000);
      expect(slack.texts()).toHaveLength(0);
      expect(await history(`&ruleId=${rule.id}`)).toHaveLength(0);
      return;
    }
    const [text] = await messages(slack, 1, "the node notice");
    expect(text).toMatch(/^\*\[CRITICAL\] Gateway node "gw-ghost" down\*/);
    await storedRows(gw.dataDir, "update nodes set stopped_at = ? where name = ?", [new Date().toISOString(), "gw-ghost"], { write: true });
    expect((await messages(slack, 2, "resolved"))[1]).toMatch(/^\*\[RESOLVED\] Gateway node "gw-ghost" down\*/);
  });

  it("lists the history newest first, in pages, filtered by state, severity and rule", async () => {
    const all = await history();
    expect(all.length).toBeGreaterThanOrEqual(8);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call("GET", `/api/v1/alerts/history?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      paged.push(...res.body.items.map((a: { id: string }) => a.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.map((a) => a.id));
    expect(new Set(paged).size).toBe(paged.length);
    const fired = all.map((a) => a.firedAt);
    expect([...fired].sort().reverse()).toEqual(fired);

    const critical = await history("&severity=critical");
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.every((a) => a.severity === "critical")).toBe(true);
    const open = await history("&state=firing,acknowledged");
    expect(open.every((a) => a.state !== "resolved")).toBe(true);
    expect((await history("&state=resolved")).length + open.length).toBe(all.length);
  });
});
