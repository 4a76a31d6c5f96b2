import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InstanceSettings } from "../../../contract/instance-settings";
import { Instance, SandboxActivity, StatusHistoryList } from "../../../contract/instances";
import { LogList } from "../../../contract/logs";
import { InstanceProxy } from "../../../contract/proxies";
import { SettingsTemplate, SettingsTemplateWithSecret, TemplateApplyResult, TemplateList } from "../../../contract/templates";
import { WebhookEnvelope, WebhookList } from "../../../contract/webhooks";
import { FAST_SANDBOX, api, login, startGateway, storedRows, waitUntil, type RunningGateway } from "../support/gateway";
import { startHttpProxy, type TestProxy } from "../support/proxies";
import { WEBHOOK_TEST_ENV, caller } from "../support/webhook-helpers";
import { startReceiver, verifyWith, type Receiver } from "../support/webhook-receiver";

// Settings templates (docs/templates.md) over real HTTP on the sandbox engine: CRUD and its validation, the signing
// secret shown once, the default moving atomically, a template applied at create (settings before the first
// connection, its webhook signed with the template's secret, verified with the npm `standardwebhooks` library), and a
// bulk apply to 50 instances with a proxy policy from a local pool (a real HTTP proxy on 127.0.0.1). Nothing is
// mocked: the sandbox engine stands in for WhatsApp.

let gw: RunningGateway;
let token: string;
let receiver: Receiver;
let proxy: TestProxy;
const seen: string[] = [];
const c = caller(() => gw, () => token);

beforeAll(async () => {
  [receiver, proxy] = await Promise.all([startReceiver(), startHttpProxy()]);
  gw = await startGateway({ ...FAST_SANDBOX, ...WEBHOOK_TEST_ENV, SANDBOX_ACK_MS: "20" }, { dataDir: "", captureLogs: true });
  token = await login(gw.url);
});
afterAll(async () => {
  await gw?.stop();
  await Promise.all([receiver?.close(), proxy?.stop()]);
});

/** Every call of this file, its answer recorded (a template's secret may be in its creation's answer only). */
async function call(method: string, url: string, body?: unknown) {
  const res = await api(gw.url, method, url, { token, body });
  seen.push(JSON.stringify(res.body ?? ""));
  return res;
}

async function createTemplate(body: Record<string, unknown>): Promise<SettingsTemplateWithSecret> {
  const res = await api(gw.url, "POST", "/api/v1/templates", { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return SettingsTemplateWithSecret.parse(res.body);
}

const settingsOf = async (id: string) => InstanceSettings.parse((await call("GET", `/api/v1/instances/${id}/settings`)).body);
const instanceOf = async (id: string) => Instance.parse((await call("GET", `/api/v1/instances/${id}`)).body);
const proxyOf = async (id: string) => InstanceProxy.parse((await call("GET", `/api/v1/instances/${id}/proxy`)).body);
const sessionsOf = async (id: string) => SandboxActivity.parse((await call("GET", `/api/v1/sandbox/instances/${id}/activity`)).body).sessions;
const hooksOf = async (id: string) => WebhookList.parse((await call("GET", `/api/v1/webhooks?instanceId=${id}&limit=500`)).body).items.filter((w) => w.instanceId === id);
const instanceCount = async () => Number((await storedRows<{ n: number }>(gw.dataDir, "select count(*) as n from instances"))[0]!.n);

async function create(body: Record<string, unknown>) {
  const res = await call("POST", "/api/v1/instances", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function apply(templateId: string, instanceIds: string[]) {
  const res = await call("POST", `/api/v1/templates/${templateId}/apply`, { instanceIds });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return TemplateApplyResult.parse(res.body).items;
}

describe("settings templates", () => {
  it("are created, read, listed, changed and deleted; the secret is shown once", async () => {
    const created = await createTemplate({
      name: "Support desks",
      description: "For the support numbers",
      settings: { rejectCalls: true, rejectCallMessage: "Please write instead", ignoreGroups: true },
      webhooks: [{ url: `${receiver.url}/support`, events: ["message.received"] }],
    });
    expect(created).toMatchObject({ name: "Support desks", isDefault: false, proxy: null, settings: { rejectCalls: true, ignoreGroups: true } });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.secretHint).toBe(`${created.secret.slice(0, 10)}…`);

    const got = await call("GET", `/api/v1/templates/${created.id}`);
    expect(got.status).toBe(200);
    const { secret: _secret, ...withoutSecret } = created;
    expect(SettingsTemplate.parse(got.body)).toEqual(withoutSecret);
    expect(got.body).not.toHaveProperty("secret");

    const patched = await call("PATCH", `/api/v1/templates/${created.id}`, { name: "Support", settings: { alwaysOnline: true }, description: null });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ name: "Support", description: null, settings: { alwaysOnline: true } });
    expect(patched.body.settings).not.toHaveProperty("rejectCalls");

    const second = await createTemplate({ name: "Sales" });
    const page1 = TemplateList.parse((await call("GET", "/api/v1/templates?limit=1")).body);
    expect(page1.items.map((t) => t.id)).toEqual([second.id]);
    const page2 = TemplateList.parse((await call("GET", `/api/v1/templates?limit=1&cursor=${encodeURIComponent(page1.nextCursor!)}`)).body);
    expect(page2.items.map((t) => t.id)).toEqual([created.id]);

    expect((await call("DELETE", `/api/v1/templates/${second.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/templates/${second.id}`)).status).toBe(404);
    expect((await call("DELETE", `/api/v1/templates/${second.id}`)).status).toBe(404);

    // Never again: not in a read, a list or a log line (stdout or the log store).
    expect(seen.join("\n")).not.toContain(created.secret);
    expect(gw.logs.join("\n")).not.toContain(created.secret);
    expect(JSON.stringify((await api(gw.url, "GET", "/api/v1/logs?limit=500", { token })).body)).not.toContain(created.secret);
  });

  it("refuses bad requests with a 400 naming the field, and duplicate names with a 409; nothing is written", async () => {
    const before = TemplateList.parse((await call("GET", "/api/v1/templates")).body).items.length;
    const bad: Array<[unknown, RegExp]> = [
      [{}, /name/],
      [{ name: "  " }, /name is required/],
      [{ name: "x".repeat(101) }, /name must be at most 100 characters/],
      [{ name: "Extra", colour: "blue" }, /colour/],
      [{ name: "Bad flag", settings: { rejectCalls: "yes" } }, /settings\.rejectCalls/],
      [{ name: "Unknown setting", settings: { rejectsCalls: true } }, /rejectsCalls/],
      [{ name: "Long device", settings: { deviceName: "d".repeat(41) } }, /settings\.deviceName must be at most 40 characters/],
      [{ name: "Empty reply", settings: { rejectCallMessage: "" } }, /settings\.rejectCallMessage must not be empty/],
      [{ name: "Custom proxy", proxy: { mode: "custom", url: "http://u:p@127.0.0.1:8080" } }, /proxy/],
      [{ name: "No proxy", proxy: { mode: "pool", proxyId: "prx_doesnotexist00" } }, /body\.proxy\.proxyId names no proxy/],
      [{ name: "Dup hooks", webhooks: [{ url: "https://example.com/a", events: ["message.received"] }, { url: "https://example.com/a", events: ["call.received"] }] }, /same URL twice/],
      [{ name: "No events", webhooks: [{ url: "https://example.com/a", events: [] }] }, /events/],
      [{ name: "Refused URL", webhooks: [{ url: "http://10.1.2.3/hook", events: ["message.received"] }] }, /body\.webhooks\.0\.url/],
    ];
    for (const [body, message] of bad) {
      const res = await call("POST", "/api/v1/templates", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await call("GET", "/api/v1/templates?limit=10&colour=blue")).status).toBe(400);

    const first = await createTemplate({ name: "Night shift" });
    const dup = await call("POST", "/api/v1/templates", { name: "NIGHT SHIFT" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain(`"Night shift" already exists (${first.id})`);
    // Letters outside ASCII: the database's lower() and JavaScript's differ there, and a taken name was a 500.
    const accented = await createTemplate({ name: "Équipe Öst" });
    const accentedDup = await call("POST", "/api/v1/templates", { name: "ÉQUIPE Öst" });
    expect(accentedDup.status, JSON.stringify(accentedDup.body)).toBe(409);
    expect(accentedDup.body.error.message).toContain(`"Équipe Öst" already exists (${accented.id})`);
    expect((await call("DELETE", `/api/v1/templates/${accented.id}`)).status).toBe(204);
    const other = await createTemplate({ name: "Day shift" });
    const renamed = await call("PATCH", `/api/v1/templates/${other.id}`, { name: "night Shift" });
    expect(renamed.status).toBe(409);
    expect((await call("PATCH", `/api/v1/templates/${other.id}`, {})).status).toBe(400);
    expect((await call("PATCH", `/api/v1/templates/${other.id}`, { settings: { deviceName: "" } })).status).toBe(400);
    expect(SettingsTemplate.parse((await call("GET", `/api/v1/templates/${other.id}`)).body).name).toBe("Day shift");
    expect(TemplateList.parse((await call("GET", "/api/v1/templates")).body).items.length).toBe(before + 2);
  });

  it("keeps at most one default: making one the default clears the others, atomically under concurrent writes", async () => {
    const a = await createTemplate({ name: "Default A", isDefault: true });
    const b = await createTemplate({ name: "Default B", isDefault: true });
    const defaults = async () => TemplateList.parse((await call("GET", "/api/v1/templates?limit=500")).body).items.filter((t) => t.isDefault).map((t) => t.id);
    expect(await defaults()).toEqual([b.id]);
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([a, b].map((t) => call("PATCH", `/api/v1/templates/${t.id}`, { isDefault: true })));
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const now = await defaults();
      expect(now).toHaveLength(1);
      expect([a.id, b.id]).toContain(now[0]);
    }
    expect((await storedRows<{ n: number }>(gw.dataDir, "select count(*) as n from settings_templates where is_default = 1"))[0]!.n).toBe(1);
    // Deleting the default leaves none.
    for (const t of [a, b]) expect((await call("DELETE", `/api/v1/templates/${t.id}`)).status).toBe(204);
    expect(await defaults()).toEqual([]);
  });
});

describe("a template at create", () => {
  it("applies the default, the one named, or none (null); settings before the first connection, its webhook signed with its secret", async () => {
    const template = await createTemplate({
      name: "Created with",
      isDefault: true,
      settings: { deviceName: "Front desk", readMessages: true, rejectCalls: true },
      webhooks: [{ url: `${receiver.url}/created`, events: ["message.received", "instance.status"] }],
    });
    const other = await createTemplate({ name: "Named", settings: { alwaysOnline: true } });

    const byDefault = await create({ name: "By default", connect: false });
    expect(await settingsOf(byDefault)).toMatchObject({ deviceName: "Front desk", readMessages: true, rejectCalls: true });
    const first = await instanceOf(byDefault);
    expect(first).toMatchObject({ status: "INIT", seq: 1, browser: ["Front desk", "Chrome", "120.0"] });
    const hooks = await hooksOf(byDefault);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ url: `${receiver.url}/created`, enabled: true, events: ["message.received", "instance.status"], secretHint: template.secretHint });

    const named = await create({ name: "Named one", connect: false, template: other.id });
    expect(await settingsOf(named)).toMatchObject({ alwaysOnline: true, readMessages: false, deviceName: "WhatsApp API Manager" });
    expect(await hooksOf(named)).toEqual([]);

    const none = await create({ name: "Without", connect: false, template: null });
    expect(await settingsOf(none)).toMatchObject({ readMessages: false, rejectCalls: false, deviceName: "WhatsApp API Manager" });

    // An unknown template: a 400, nothing created.
    const count = await instanceCount();
    const unknown = await call("POST", "/api/v1/instances", { name: "Unknown template", template: "tpl_doesnotexist00" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/body\.template names no template/);
    expect((await call("POST", "/api/v1/instances", { name: "Bad id", template: "nope" })).status).toBe(400);
    expect(await instanceCount()).toBe(count);

    // Linked from the start with the template's device name (no restart), its first events signed with its secret.
    const live = await create({ name: "Live from a template" });
    await waitUntil(() => instanceOf(live), (i) => i.status === "QR_REQUIRED", "QR_REQUIRED");
    expect((await call("POST", `/api/v1/sandbox/instances/${live}/scan`, {})).status).toBe(202);
    await waitUntil(() => instanceOf(live), (i) => i.status === "CONNECTED", "CONNECTED");
    // (The sandbox, like WhatsApp, restarts the socket once after a scan; never for a settings change.)
    const reasons = StatusHistoryList.parse((await call("GET", `/api/v1/instances/${live}/status-history?limit=100`)).body).items.map((h) => h.statusReason ?? "");
    expect(reasons.filter((r) => /settings/i.test(r))).toEqual([]);
    expect((await instanceOf(live)).browser?.[0]).toBe("Front desk");
    await c.inbound(live, "hello template");
    const delivered = await waitUntil(
      async () => receiver.received.filter((d) => JSON.parse(d.body).instanceId === live),
      (list) => list.some((d) => JSON.parse(d.body).type === "message.received"),
      "the template's webhook delivery",
    );
    for (const d of delivered) expect(verifyWith(template.secret, d.body, d.headers)).toBe(true);
    const envelopes = delivered.map((d) => WebhookEnvelope.parse(JSON.parse(d.body)));
    expect(envelopes.map((e) => e.type)).toContain("instance.status");
    expect(envelopes.find((e) => e.type === "message.received")!.data).toMatchObject({ text: "hello template" });

    // Deleting the template: the instances keep what it applied.
    for (const t of [template, other]) expect((await call("DELETE", `/api/v1/templates/${t.id}`)).status).toBe(204);
    expect(await settingsOf(byDefault)).toMatchObject({ deviceName: "Front desk", readMessages: true });
    expect(await hooksOf(byDefault)).toHaveLength(1);
    expect(await settingsOf(await create({ name: "After the default", connect: false }))).toMatchObject({ readMessages: false });
  });

  it("assigns its proxy policy in the creating transaction; an explicit proxy wins; no room: 409 and nothing created", async () => {
    const full = await call("POST", "/api/v1/proxies", { name: "Tiny", url: proxy.url(), maxInstances: 1 });
    expect(full.status, JSON.stringify(full.body)).toBe(201);
    const template = await createTemplate({ name: "Through the pool", proxy: { mode: "auto" }, webhooks: [{ url: `${receiver.url}/pool`, events: ["message.received"] }] });

    const first = await create({ name: "Pool one", connect: false, template: template.id });
    expect(await proxyOf(first)).toMatchObject({ mode: "pool", proxyId: full.body.id });
    const direct = await create({ name: "Direct anyway", connect: false, template: template.id, proxy: { mode: "none" } });
    expect(await proxyOf(direct)).toMatchObject({ mode: "none" });
    expect(await hooksOf(direct)).toHaveLength(1);

    const count = await instanceCount();
    const hooks = (await storedRows<{ n: number }>(gw.dataDir, "select count(*) as n from webhooks"))[0]!.n;
    const refused = await call("POST", "/api/v1/instances", { name: "No room", template: template.id });
    expect(refused.status).toBe(409);
    expect(await instanceCount()).toBe(count);
    expect((await storedRows<{ n: number }>(gw.dataDir, "select count(*) as n from webhooks"))[0]!.n).toBe(hooks);

    // Free the pool for the next test.
    for (const id of [first, direct]) expect((await call("DELETE", `/api/v1/instances/${id}`)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/proxies/${full.body.id}`)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/templates/${template.id}`)).status).toBe(204);
  });
  it("keeps a pool proxy a template names: deleting it is a 409 naming the template, and instances can still be created", async () => {
    const named = await call("POST", "/api/v1/proxies", { name: "Named", url: proxy.url() });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    const template = await createTemplate({ name: "Pinned", proxy: { mode: "pool", proxyId: named.body.id } });
    const refused = await call("DELETE", `/api/v1/proxies/${named.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ message: 'The settings template "Pinned" names this proxy: change its proxy policy first', details: { templates: ["Pinned"] } });
    const made = await create({ name: "Still pinned", connect: false, template: template.id });
    expect(await proxyOf(made)).toMatchObject({ mode: "pool", proxyId: named.body.id });
    // Once the template no longer names it (and no instance uses it), it goes.
    expect((await call("DELETE", `/api/v1/instances/${made}`)).status).toBe(204);
    expect((await call("PATCH", `/api/v1/templates/${template.id}`, { proxy: { mode: "none" } })).status).toBe(200);
    expect((await call("DELETE", `/api/v1/proxies/${named.body.id}`)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/templates/${template.id}`)).status).toBe(204);
  });
});

describe("applying a template", () => {
  it("to 50 instances reports 50 results: settings, proxy and webhooks; running ones restart without a QR", async () => {
    const pool = await call("POST", "/api/v1/proxies", { name: "Local pool", url: proxy.url(), maxInstances: 100 });
    expect(pool.status, JSON.stringify(pool.body)).toBe(201);
    const template = await createTemplate({
      name: "Fleet",
      settings: { deviceName: "Fleet device", readStatus: true },
      proxy: { mode: "auto" },
      webhooks: [{ url: `${receiver.url}/fleet`, events: ["message.received"] }],
    });
    const running = [];
    for (let i = 0; i < 3; i++) running.push(await c.connectedInstance(`Fleet running ${i}`));
    const stopped = [];
    for (let i = 0; i < 47; i++) stopped.push(await create({ name: `Fleet ${i}`, connect: false, template: null }));
    // One already has an endpoint at that URL: its events are updated, no second one.
    const existing = await c.createWebhook({ url: `${receiver.url}/fleet`, events: ["call.received"], instanceId: stopped[0] });
    const seqs = new Map(await Promise.all(running.map(async (id) => [id, (await instanceOf(id)).seq] as const)));

    // A bad body applies nothing.
    for (const body of [{ instanceIds: [] }, { instanceIds: ["not-an-id"] }, { instanceIds: [running[0]], extra: 1 }]) {
      expect((await call("POST", `/api/v1/templates/${template.id}/apply`, body)).status).toBe(400);
    }
    expect((await settingsOf(running[0]!)).deviceName).toBe("WhatsApp API Manager");
    expect((await call("POST", "/api/v1/templates/tpl_doesnotexist00/apply", { instanceIds: [running[0]] })).status).toBe(404);

    const ids = [...running, ...stopped];
    const items = await apply(template.id, [...ids, running[0]!]);
    expect(items).toHaveLength(50);
    expect(items.map((i) => i.instanceId)).toEqual(ids);
    for (const item of items) {
      expect(item, JSON.stringify(item)).toMatchObject({ ok: true, changed: ["readStatus", "deviceName", "proxy", `webhook:${receiver.url}/fleet`] });
      expect(item.restart).toBe(running.includes(item.instanceId));
    }
    for (const id of running) {
      const back = await waitUntil(() => instanceOf(id), (i) => i.status === "CONNECTED" && i.seq > seqs.get(id)! + 1, `${id} CONNECTED again`, 20_000);
      expect(back.browser?.[0]).toBe("Fleet device");
      const after = StatusHistoryList.parse((await call("GET", `/api/v1/instances/${id}/status-history?limit=100`)).body).items.filter((h) => h.seq > seqs.get(id)!);
      expect(after.map((h) => h.status)).not.toContain("QR_REQUIRED");
    }
    for (const id of ids) {
      expect(await settingsOf(id)).toMatchObject({ deviceName: "Fleet device", readStatus: true });
      expect(await proxyOf(id)).toMatchObject({ mode: "pool", proxyId: pool.body.id });
    }
    const bound = await hooksOf(stopped[0]!);
    expect(bound).toHaveLength(1);
    expect(bound[0]).toMatchObject({ id: existing.id, events: ["message.received"] });
    expect((await hooksOf(stopped[1]!))[0]!.secretHint).toBe(template.secretHint);

    // Applied again: nothing left to change, nothing restarts; unknown instances get a row each.
    const again = await apply(template.id, [running[1]!, "ins_doesnotexist0", stopped[2]!]);
    expect(again).toEqual([
      { instanceId: running[1], ok: true, changed: [], restart: false },
      { instanceId: "ins_doesnotexist0", ok: false, changed: [], restart: false, error: { code: "not_found", message: "No instance ins_doesnotexist0" } },
      { instanceId: stopped[2], ok: true, changed: [], restart: false },
    ]);
  }, 90_000);

  it("restarts a running session once for a restart setting and a new proxy together: through the proxy, with the settings", async () => {
    const pool = await call("POST", "/api/v1/proxies", { name: "Restart once", url: proxy.url() });
    expect(pool.status, JSON.stringify(pool.body)).toBe(201);
    const template = await createTemplate({ name: "Once", settings: { deviceName: "Once desk", syncFullHistory: true }, proxy: { mode: "pool", proxyId: pool.body.id } });
    const id = await c.connectedInstance("Restarted once");
    const before = await instanceOf(id);
    const sessionsBefore = (await sessionsOf(id)).length;

    const [item] = await apply(template.id, [id]);
    expect(item).toEqual({ instanceId: id, ok: true, changed: ["syncFullHistory", "deviceName", "proxy"], restart: true });
    // Every session the sandbox opens is recorded when it is opened: one new session, not one per change.
    const sessions = await sessionsOf(id);
    expect(sessions.slice(sessionsBefore), JSON.stringify(sessions)).toEqual([
      { at: expect.any(String), proxy: pool.body.url, browser: ["Once desk", "Chrome", "120.0"], syncFullHistory: true },
    ]);
    const back = await waitUntil(() => instanceOf(id), (i) => i.status === "CONNECTED" && i.seq > before.seq + 1, "CONNECTED again", 20_000);
    expect(back).toMatchObject({ number: before.number, browser: ["Once desk", "Chrome", "120.0"] });
    const changes = StatusHistoryList.parse((await call("GET", `/api/v1/instances/${id}/status-history?limit=100`)).body).items.filter((h) => h.seq > before.seq).reverse();
    expect(changes.map((h) => [h.status, h.statusReason])).toEqual([
      ["INIT", "Restarting through the instance's new proxy, with the new settings (deviceName, syncFullHistory)"],
      ["CONNECTED", "Connected"],
    ]);
    expect(await proxyOf(id)).toMatchObject({ mode: "pool", proxyId: pool.body.id });
    const logged = await waitUntil(
      async () => LogList.parse((await call("GET", `/api/v1/logs?instanceId=${id}&source=gateway&limit=50`)).body).items.filter((e) => e.message.startsWith("Settings changed")),
      (found) => found.length === 1,
      "the settings log entry",
    );
    expect(logged[0]!.message).toBe("Settings changed by a template: syncFullHistory, deviceName; restarting the session");

    // The proxy already met: the settings restart it once themselves.
    const renamed = await createTemplate({ name: "Renamed once", settings: { deviceName: "Twice desk" }, proxy: { mode: "pool", proxyId: pool.body.id } });
    const seq = (await instanceOf(id)).seq;
    expect(await apply(renamed.id, [id])).toEqual([{ instanceId: id, ok: true, changed: ["deviceName"], restart: true }]);
    expect((await sessionsOf(id)).slice(sessionsBefore + 1)).toEqual([{ at: expect.any(String), proxy: pool.body.url, browser: ["Twice desk", "Chrome", "120.0"], syncFullHistory: true }]);
    await waitUntil(() => instanceOf(id), (i) => i.status === "CONNECTED" && i.seq > seq + 1, "CONNECTED after the settings restart", 20_000);
    const later = StatusHistoryList.parse((await call("GET", `/api/v1/instances/${id}/status-history?limit=100`)).body).items.filter((h) => h.seq > seq).reverse();
    expect(later.map((h) => [h.status, h.statusReason])).toEqual([
      ["RECONNECTING", "Settings changed (deviceName); restarting the session"],
      ["CONNECTED", "Connected"],
    ]);
    expect((await call("DELETE", `/api/v1/instances/${id}`)).status).toBe(204);
  });

  it("stops a row at its first failure and says what was applied before it", async () => {
    const tiny = await call("POST", "/api/v1/proxies", { name: "Full one", url: proxy.url(), maxInstances: 1 });
    expect(tiny.status, JSON.stringify(tiny.body)).toBe(201);
    await create({ name: "Takes the room", connect: false, template: null, proxy: { mode: "pool", proxyId: tiny.body.id } });
    const template = await createTemplate({ name: "Cannot fit", settings: { ignoreStatus: true }, proxy: { mode: "pool", proxyId: tiny.body.id }, webhooks: [{ url: `${receiver.url}/never`, events: ["message.received"] }] });
    const id = await create({ name: "Half applied", connect: false, template: null });
    const [item] = await apply(template.id, [id]);
    expect(item).toMatchObject({ instanceId: id, ok: false, changed: ["ignoreStatus"], restart: false, error: { code: "conflict" } });
    expect(await settingsOf(id)).toMatchObject({ ignoreStatus: true });
    expect(await hooksOf(id)).toEqual([]);
  });

  it("twice at the same time binds its webhook to each instance once", async () => {
    const template = await createTemplate({ name: "Twice", webhooks: [{ url: `${receiver.url}/twice`, events: ["message.received"] }] });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await create({ name: `Twice ${i}`, connect: false, template: null }));
    const [first, second] = await Promise.all([apply(template.id, ids), apply(template.id, ids)]);
    for (const id of ids) {
      expect((await hooksOf(id)).map((w) => w.url), id).toEqual([`${receiver.url}/twice`]);
      // One of the two applies bound it; the other found it bound.
      const changed = [first, second].map((items) => items.find((i) => i.instanceId === id)!.changed);
      expect(changed.filter((c) => c.includes(`webhook:${receiver.url}/twice`)), JSON.stringify(changed)).toHaveLength(1);
    }
  });
});
