import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAST_SANDBOX, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { ALERT_TEST_ENV, alertCalls, jsonReceiver, type JsonReceiver } from "../support/alert-helpers";
import { caller, sleep } from "../support/webhook-helpers";

// The watchdog and the alerts together, on the sandbox engine with a real Slack-style receiver: 40 sessions that die
// at once (the sandbox's stall) are found, restarted, and reported in ONE message, then one "resolved". Timings in
// seconds: silence 1 s, probe 0.3 s, alert rounds every 0.2 s, a 2 s grouping window.
let gw: RunningGateway;
let token: string;
let slack: JsonReceiver;

beforeAll(async () => {
  slack = await jsonReceiver();
  gw = await startGateway({ ...FAST_SANDBOX, ...ALERT_TEST_ENV, WATCHDOG_SILENCE_SECONDS: "1", WATCHDOG_PROBE_TIMEOUT_SECONDS: "0.3", WATCHDOG_INTERVAL_SECONDS: "0.2" });
  token = await login(gw.url);
});
afterAll(async () => {
  await gw?.stop();
  await slack?.receiver.close();
});

const { call, connectedInstance } = caller(() => gw, () => token);
const { createChannel, createRule, history } = alertCalls(() => gw, () => token);

describe("watchdog → alerts", () => {
  it("40 sessions stalling together: all restarted, and one grouped message, not 40", { timeout: 120_000 }, async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 8) ids.push(...(await Promise.all(Array.from({ length: 8 }, (_, j) => connectedInstance(`Stall ${String(i + j).padStart(2, "0")}`)))));
    const channel = await createChannel({ type: "slack", name: "On call", url: `${slack.receiver.url}/services/T0/B0/watchdog` });
    const rule = await createRule({ kind: "instance_unresponsive", name: "Dead sessions", severity: "critical", channelIds: [channel.id] });

    await Promise.all(ids.map(async (id) => expect((await call("POST", `/api/v1/sandbox/instances/${id}/stall`)).status).toBe(202)));
    // Every one is found and restarted without a QR.
    for (const id of ids) {
      await waitUntil(
        () => call("GET", `/api/v1/instances/${id}/status-history?limit=10`),
        (r) => (r.body.items as Array<{ status: string; statusReason?: string }>).some((h) => h.statusReason?.startsWith("Unresponsive")),
        `${id} marked`,
        15_000,
      );
    }
    await Promise.all(ids.map((id) => waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED", `${id} back`, 15_000)));

    // The restarts are quicker than the 2 s grouping window, so the alert is both fired and resolved when its first
    // notice goes: one message saying so (had they stayed down, one firing and later one resolved).
    await waitUntil(async () => slack.texts(), (t) => t.some((text) => text.startsWith("*[RESOLVED] 40 instances unresponsive*")), "the resolved notice", 20_000);
    await sleep(2_500);
    const texts = slack.texts();
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("everything recovered");
    for (let i = 0; i < 40; i += 1) expect(texts[0]).toContain(`Stall ${String(i).padStart(2, "0")} (`);
    const alerts = await history(`&ruleId=${rule.id}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subjects).toHaveLength(40);
    expect(alerts[0]!.state).toBe("resolved");
  });
});
