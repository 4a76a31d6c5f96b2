import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertChannel, AlertChannelWithSecret, AlertDelivery } from "../../../contract/alerts";
import { api, login, startGateway, storedRows, type RunningGateway } from "../support/gateway";
import { jsonReceiver, type JsonReceiver } from "../support/alert-helpers";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver";
import { startReceiver, verifyWith, type Receiver } from "../support/webhook-receiver";

// Every channel type against a real receiver on 127.0.0.1: a local SMTP server (smtp-server), Slack-, Discord- and
// Telegram-style HTTP receivers (Telegram through TELEGRAM_API_URL), and a signed webhook verified with the
// standardwebhooks package. Then what a failing channel says, and that no credential ever shows.

const SMTP_PASSWORD = "smtp-pass-Q7v2rX9k";
const BOT_TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";
/** A bot token the Telegram receiver answers as a plain web server does: "Cannot POST <the path it was sent>". */
const ECHO_BOT_TOKEN = "555555555:ECHOfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";

let gw: RunningGateway;
let token: string;
let smtp: SmtpReceiver;
let slack: JsonReceiver;
let discord: JsonReceiver;
let telegram: JsonReceiver;
let hook: Receiver;
let hookStatus = 204;

beforeAll(async () => {
  smtp = await startSmtpReceiver("alerts", SMTP_PASSWORD);
  slack = await jsonReceiver();
  discord = await jsonReceiver(() => ({ status: 204 }));
  telegram = await jsonReceiver((req) =>
    req.url?.includes(ECHO_BOT_TOKEN)
      ? { status: 404, body: `Cannot POST ${req.url}` }
      : req.url?.includes("/sendMessage") && !req.url.includes(BOT_TOKEN)
        ? { status: 401, body: '{"ok":false,"error_code":401,"description":"Unauthorized"}' }
        : { status: 200, body: '{"ok":true,"result":{}}' },
  );
  hook = await startReceiver({ respond: () => ({ status: hookStatus, body: hookStatus === 404 ? "Not Found" : "" }) });
  gw = await startGateway(
    { WEBHOOK_ALLOW_IPS: "127.0.0.1", SMTP_URL: smtp.url(), SMTP_FROM: "Alerts <alerts@example.test>", TELEGRAM_API_URL: telegram.receiver.url },
    { dataDir: "", captureLogs: true },
  );
  token = await login(gw.url);
});
afterAll(async () => {
  await gw.stop();
  await Promise.all([smtp.close(), slack.receiver.close(), discord.receiver.close(), telegram.receiver.close(), hook.close()]);
});

const call = (method: string, url: string, body?: unknown) => api(gw.url, method, url, { token, body });

async function create(body: Record<string, unknown>): Promise<AlertChannelWithSecret> {
  const res = await call("POST", "/api/v1/alerts/channels", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return AlertChannelWithSecret.parse(res.body);
}

async function test(id: string): Promise<AlertDelivery> {
  const res = await call("POST", `/api/v1/alerts/channels/${id}/test`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return AlertDelivery.parse(res.body);
}

const ids: Record<string, string> = {};
let signingSecret = "";

describe("alert channels", () => {
  it("creates one channel of each type; credentials come back only as hints", async () => {
    const email = await create({ type: "email", name: "Ops mail", to: ["oncall@example.test", "oncall@example.test", "lead@example.test"] });
    expect(email).toMatchObject({ type: "email", to: ["oncall@example.test", "lead@example.test"], hasSecret: false, enabled: true });
    const s = await create({ type: "slack", name: "Slack", url: `${slack.receiver.url}/services/T000/B000/slack-secret-path` });
    expect(s).toMatchObject({ hasSecret: true, urlHint: `${slack.receiver.url}/…` });
    expect(s).not.toHaveProperty("url");
    const d = await create({ type: "discord", name: "Discord", url: `${discord.receiver.url}/api/webhooks/42/discord-secret-path` });
    const t = await create({ type: "telegram", name: "Telegram", botToken: BOT_TOKEN, chatId: "-1001234567890" });
    expect(t).toMatchObject({ chatId: "-1001234567890", botTokenHint: "123456789:…", hasSecret: true });
    const w = await create({ type: "webhook", name: "Incidents", url: `${hook.url}/alerts` });
    expect(w.secret).toMatch(/^whsec_/);
    expect(w.secretHint).toBe(`${w.secret!.slice(0, 10)}…`);
    signingSecret = w.secret!;
    Object.assign(ids, { email: email.id, slack: s.id, discord: d.id, telegram: t.id, webhook: w.id });

    const listed = await call("GET", "/api/v1/alerts/channels?limit=2");
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(2);
    const rest = await call("GET", `/api/v1/alerts/channels?limit=10&cursor=${listed.body.nextCursor}`);
    expect(rest.body.items).toHaveLength(3);
    expect(rest.body.nextCursor).toBeNull();
    for (const item of [...listed.body.items, ...rest.body.items]) expect(AlertChannel.parse(item)).not.toHaveProperty("secret");
  });

  it("sends a test alert through each, and each receiver gets it", async () => {
    for (const type of ["email", "slack", "discord", "telegram", "webhook"]) {
      const outcome = await test(ids[type]!);
      expect(outcome, type).toMatchObject({ ok: true, channelId: ids[type], channelType: type, notice: "test" });
      expect(outcome.error).toBeUndefined();
    }
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ from: "alerts@example.test", to: ["oncall@example.test", "lead@example.test"] });
    expect(smtp.mails[0]!.subject).toBe("[TEST] Test alert from WhatsApp API Manager");
    expect(smtp.mails[0]!.text).toContain('alert channel "Ops mail"');

    expect(slack.paths).toEqual(["/services/T000/B000/slack-secret-path"]);
    expect(slack.bodies()[0]!.text).toMatch(/^\*\[TEST\] Test alert/);
    expect(discord.paths).toEqual(["/api/webhooks/42/discord-secret-path"]);
    expect(discord.bodies()[0]).toMatchObject({ content: expect.stringMatching(/^\*\*\[TEST\]/), allowed_mentions: { parse: [] } });
    expect(telegram.paths).toEqual([`/bot${BOT_TOKEN}/sendMessage`]);
    expect(telegram.bodies()[0]).toMatchObject({ chat_id: "-1001234567890", text: expect.stringContaining("[TEST]") });

    expect(hook.received).toHaveLength(1);
    const delivery = hook.received[0]!;
    expect(verifyWith(signingSecret, delivery.body, delivery.headers)).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({ id: delivery.id, type: "alert.test", data: { channelId: ids.webhook, channelName: "Incidents" } });
  });

  it("says why a channel failed: the SMTP server's refusal, the receiver's status and answer", async () => {
    smtp.password = "the-server-changed-it";
    const mail = await test(ids.email!);
    expect(mail.ok).toBe(false);
    expect(mail.statusCode).toBe(535);
    expect(mail.error).toMatch(/^SMTP refused: 535 auth failed/);
    smtp.password = SMTP_PASSWORD;

    hookStatus = 404;
    const webhook = await test(ids.webhook!);
    expect(webhook).toMatchObject({ ok: false, statusCode: 404, error: "HTTP 404 from the webhook: Not Found" });
    hookStatus = 204;

    const wrongBot = await call("PATCH", `/api/v1/alerts/channels/${ids.telegram}`, { botToken: "987654321:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    expect(wrongBot.status, JSON.stringify(wrongBot.body)).toBe(200);
    expect(wrongBot.body).toMatchObject({ botTokenHint: "987654321:…", chatId: "-1001234567890" });
    expect(await test(ids.telegram!)).toMatchObject({ ok: false, statusCode: 401, error: "HTTP 401 from Telegram: Unauthorized" });
    await call("PATCH", `/api/v1/alerts/channels/${ids.telegram}`, { botToken: BOT_TOKEN });

    // Gone: nothing listens there any more.
    const closed = await startReceiver();
    const url = `${closed.url}/gone`;
    await closed.close();
    const moved = await call("PATCH", `/api/v1/alerts/channels/${ids.slack}`, { url });
    expect(moved.status).toBe(200);
    expect(await test(ids.slack!)).toMatchObject({ ok: false, error: "Could not reach Slack: connection refused" });
  });

  it("holds the SMTP server to the same address rules, and says when e-mail is not set up", async () => {
    for (const [env, error] of [
      [{ SMTP_URL: "smtp://alerts:pw-private@10.20.30.40:25" }, "SMTP server 10.20.30.40: Blocked: 10.20.30.40 is a private address; alert e-mail may only reach public addresses (list it in WEBHOOK_ALLOW_IPS to allow it)"],
      [{ SMTP_URL: "smtp://alerts:pw-metadata@169.254.169.254:25", WEBHOOK_ALLOW_IPS: "169.254.169.254" }, "SMTP server 169.254.169.254: Blocked: 169.254.169.254 is a linkLocal address and a cloud metadata address; alert e-mail may never reach it, not even when listed in WEBHOOK_ALLOW_IPS"],
      [{}, "E-mail is not set up on this gateway: set SMTP_URL (and SMTP_FROM)"],
    ] as const) {
      const other = await startGateway(env);
      try {
        const otherToken = await login(other.url);
        const made = await api(other.url, "POST", "/api/v1/alerts/channels", { token: otherToken, body: { type: "email", name: "Mail", to: ["ops@example.test"] } });
        expect(made.status).toBe(201);
        const tested = await api(other.url, "POST", `/api/v1/alerts/channels/${made.body.id}/test`, { token: otherToken });
        expect(tested.body).toMatchObject({ ok: false, error });
        expect(JSON.stringify(tested.body)).not.toContain("pw-");
      } finally {
        await other.stop();
      }
    }
  });

  it("refuses private addresses (outside WEBHOOK_ALLOW_IPS) and fields of another channel type, changing nothing", async () => {
    const before = (await call("GET", `/api/v1/alerts/channels/${ids.slack}`)).body;
    const privateUrl = await call("POST", "/api/v1/alerts/channels", { type: "slack", name: "Inside", url: "http://10.1.2.3/hooks" });
    expect(privateUrl.status).toBe(400);
    expect(privateUrl.body.error.message).toMatch(/^Invalid request: body\.url 10\.1\.2\.3 is a private address/);
    const metadata = await call("PATCH", `/api/v1/alerts/channels/${ids.slack}`, { url: "http://169.254.169.254/latest" });
    expect(metadata.status).toBe(400);
    const wrongField = await call("PATCH", `/api/v1/alerts/channels/${ids.slack}`, { to: ["x@example.test"] });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.message).toBe("Invalid request: body.to is not a field of a slack channel");
    expect((await call("GET", `/api/v1/alerts/channels/${ids.slack}`)).body).toEqual(before);
    expect((await call("GET", "/api/v1/alerts/channels?limit=50")).body.items).toHaveLength(5);
  });

  it("never shows a credential in a response, in the database's readable columns or in the gateway's logs", async () => {
    const secrets = { SMTP_PASSWORD, BOT_TOKEN, slackPath: "slack-secret-path", discordPath: "discord-secret-path", signingSecret, signingKey: signingSecret.slice(6) };
    const responses = JSON.stringify([
      (await call("GET", "/api/v1/alerts/channels?limit=50")).body,
      ...(await Promise.all(Object.values(ids).map(async (id) => (await call("GET", `/api/v1/alerts/channels/${id}`)).body))),
    ]);
    const logs = gw.logs.join("\n") + JSON.stringify(await storedRows(gw.dataDir, "select * from logs"));
    for (const [name, secret] of Object.entries(secrets)) {
      expect(responses.includes(secret), `${name} in a response`).toBe(false);
      expect(logs.includes(secret), `${name} in the logs`).toBe(false);
    }
    expect(logs).toContain("alert channel tested");
    const shown = await storedRows<{ config: string }>(gw.dataDir, "select config from alert_channels");
    for (const row of shown) for (const secret of [BOT_TOKEN, "slack-secret-path", signingSecret]) expect(row.config).not.toContain(secret);
  });

  it("cuts a channel's credentials out of a receiver's answer that echoes them, before it is shown, kept or logged", async () => {
    const echo = await jsonReceiver((req) => ({ status: 404, body: `<pre>Cannot POST ${req.url}</pre>` }));
    try {
      const hookPath = "/services/T0001/B0001/slackEchoSecretPath0123456789";
      const slackEcho = await create({ type: "slack", name: "Echoing Slack", url: `${echo.receiver.url}${hookPath}` });
      const slackSaid = await test(slackEcho.id);
      expect(slackSaid).toMatchObject({ ok: false, statusCode: 404, error: "HTTP 404 from Slack: <pre>Cannot POST [redacted]</pre>" });
      expect(echo.paths).toEqual([hookPath]);

      expect((await call("PATCH", `/api/v1/alerts/channels/${ids.telegram}`, { botToken: ECHO_BOT_TOKEN })).status).toBe(200);
      const telegramSaid = await test(ids.telegram!);
      expect(telegramSaid).toMatchObject({ ok: false, statusCode: 404, error: "HTTP 404 from Telegram: Cannot POST /bot[redacted]/sendMessage" });
      await call("PATCH", `/api/v1/alerts/channels/${ids.telegram}`, { botToken: BOT_TOKEN });

      const history = JSON.stringify((await call("GET", "/api/v1/alerts/history?limit=100")).body);
      const logs = gw.logs.join("\n") + JSON.stringify(await storedRows(gw.dataDir, "select * from logs"));
      for (const secret of ["slackEchoSecretPath0123456789", ECHO_BOT_TOKEN, "ECHOfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"]) {
        expect(JSON.stringify([slackSaid, telegramSaid]), "in the answer").not.toContain(secret);
        expect(history, "in the history").not.toContain(secret);
        expect(logs, "in the logs").not.toContain(secret);
      }
      expect(logs).toContain("Cannot POST [redacted]");
      expect((await call("DELETE", `/api/v1/alerts/channels/${slackEcho.id}`)).status).toBe(204);
    } finally {
      await echo.receiver.close();
    }
  });

  it("deletes a channel and takes it out of the rules that used it", async () => {
    const rule = await call("POST", "/api/v1/alerts/rules", { kind: "webhook_disabled", name: "Endpoints off", channelIds: [ids.discord, ids.webhook] });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect((await call("DELETE", `/api/v1/alerts/channels/${ids.discord}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/alerts/channels/${ids.discord}`)).status).toBe(404);
    expect((await call("GET", `/api/v1/alerts/rules/${rule.body.id}`)).body.channelIds).toEqual([ids.webhook]);
  });
});
