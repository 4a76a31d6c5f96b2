import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { gatewayCall, instanceIn } from "./support/gateway-api";
import { signIn, snapshot } from "./support/session";
import { startReceiver, type WebhookReceiver } from "./support/webhook-receiver";

const CHANNEL = "e2e slack";
const SIGNED = "e2e signed";
const RULE = "e2e instance disconnected";
const textOf = (body: string) => (JSON.parse(body) as { text: string }).text;

async function noHorizontalOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

test.describe("alerts", () => {
  let receiver: WebhookReceiver;
  let instanceId: string | undefined;
  test.beforeEach(async () => {
    receiver = await startReceiver();
  });
  test.afterEach(async () => {
    // Whatever the test left behind (it deletes the rule and channel itself when it gets that far).
    if (instanceId) await gatewayCall("DELETE", `/api/v1/instances/${instanceId}`).catch(() => undefined);
    const rules = await gatewayCall<{ items: Array<{ id: string; name: string }> }>("GET", "/api/v1/alerts/rules");
    for (const rule of rules.items.filter((r) => r.name === RULE)) await gatewayCall("DELETE", `/api/v1/alerts/rules/${rule.id}`);
    const channels = await gatewayCall<{ items: Array<{ id: string; name: string }> }>("GET", "/api/v1/alerts/channels");
    for (const channel of channels.items.filter((c) => c.name === CHANNEL || c.name === SIGNED)) await gatewayCall("DELETE", `/api/v1/alerts/channels/${channel.id}`);
    await receiver.close();
  });

  test("a Slack channel and its test, a rule that fires on a disconnected instance, the notice, acknowledging it", async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/alerts");
    await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts", exact: true })).toHaveAttribute("aria-current", "page");

    // ---- a channel, checked with a test alert ----
    await page.getByRole("tab", { name: "Channels" }).click();
    await page.getByRole("button", { name: "New channel" }).first().click();
    const channelDialog = page.getByRole("dialog", { name: "New channel" });
    await channelDialog.getByRole("button", { name: "Create channel" }).click();
    await expect(channelDialog.getByText("Enter a name.")).toBeVisible();
    await expect(channelDialog.getByText("Enter the webhook URL.")).toBeVisible();
    await channelDialog.getByLabel("Name").fill(CHANNEL);
    await channelDialog.getByLabel("Slack webhook URL").fill("hooks.slack.com/nope");
    await channelDialog.getByRole("button", { name: "Create channel" }).click();
    await expect(channelDialog.getByText(/URL must be an absolute URL/)).toBeVisible();
    await channelDialog.getByLabel("Slack webhook URL").fill(`${receiver.url}/slack`);
    await channelDialog.getByRole("button", { name: "Create channel" }).click();
    await expect(channelDialog).toHaveCount(0);
    const channelRow = page.getByRole("row", { name: new RegExp(CHANNEL) });
    // The URL is a credential: the list shows its host only.
    await expect(channelRow).toContainText(`${receiver.url}/…`);
    await expect(channelRow).not.toContainText("/slack");

    await channelRow.getByRole("button", { name: `Send test alert to ${CHANNEL}` }).click();
    const testAlert = await receiver.waitFor((r) => r.path === "/slack");
    expect(textOf(testAlert.body)).toMatch(/test/i);
    await expect(page.getByText(`Test alert sent to ${CHANNEL}`)).toBeVisible();

    // A signed-webhook channel: its secret is shown once, after saving.
    await page.getByRole("button", { name: "New channel" }).click();
    const signedDialog = page.getByRole("dialog", { name: "New channel" });
    await signedDialog.getByRole("combobox", { name: "Type" }).click();
    await page.getByRole("option", { name: "Signed webhook" }).click();
    await signedDialog.getByLabel("Name").fill(SIGNED);
    await signedDialog.getByLabel("URL").fill(`${receiver.url}/signed`);
    await signedDialog.getByRole("button", { name: "Create channel" }).click();
    const secretDialog = page.getByRole("dialog", { name: "Copy the signing secret" });
    await expect(secretDialog.getByTestId("channel-secret")).toHaveText(/^whsec_/);
    await expect(secretDialog).toContainText("only time the secret is shown");
    receiver.secrets.push((await secretDialog.getByTestId("channel-secret").textContent())!.trim());
    await secretDialog.getByRole("button", { name: "I have stored it" }).click();
    await expect(secretDialog).toHaveCount(0);
    await page.getByRole("button", { name: `Send test alert to ${SIGNED}` }).click();
    const signed = await receiver.waitFor((r) => r.path === "/signed");
    expect(signed.verifiedWith).toHaveLength(1);
    await expect(page.getByText(`Test alert sent to ${SIGNED}`)).toBeVisible();
    await snapshot(page, "alerts-channels-desktop-light");

    // ---- a rule: an instance disconnected for 0 minutes, sent to that channel ----
    await page.getByRole("tab", { name: "Rules" }).click();
    await page.getByRole("button", { name: "New rule" }).first().click();
    const ruleDialog = page.getByRole("dialog", { name: "New rule" });
    await ruleDialog.getByLabel("Name").fill(RULE);
    await ruleDialog.getByLabel("For (minutes)").fill("");
    await ruleDialog.getByRole("button", { name: "Create rule" }).click();
    await expect(ruleDialog.getByText("For must be a number of minutes.")).toBeVisible();
    await ruleDialog.getByLabel("For (minutes)").fill("0");
    await ruleDialog.getByLabel("Cooldown (minutes)").fill("0");
    await ruleDialog.getByRole("checkbox", { name: new RegExp(CHANNEL) }).check();
    await expect(ruleDialog.getByTestId("rule-preview")).toHaveText("Fires when: An instance is disconnected.");
    await ruleDialog.getByRole("button", { name: "Create rule" }).click();
    await expect(ruleDialog).toHaveCount(0);
    const ruleRow = page.getByRole("row", { name: new RegExp(RULE) });
    await expect(ruleRow).toContainText("An instance is disconnected");
    await expect(ruleRow).toContainText(CHANNEL);
    await expect(ruleRow).toContainText("Warning");
    await snapshot(page, "alerts-rules-desktop-light");

    // ---- it fires ----
    const name = `alerts-e2e-${Date.now()}`;
    instanceId = (await instanceIn(name, "DISCONNECTED")).id;
    const notice = await receiver.waitFor((r) => r.path === "/slack" && textOf(r.body).includes(name), 20_000);
    expect(textOf(notice.body)).toContain(RULE);

    await page.getByRole("tab", { name: "History" }).click();
    const item = page.getByTestId("alert-item").filter({ hasText: name });
    // Polled every 15 s.
    await expect(item).toBeVisible({ timeout: 20_000 });
    await expect(item.getByTestId("alert-state")).toHaveAttribute("data-state", "firing");
    await expect(item).toContainText(RULE);
    await expect(item.getByTestId("alert-deliveries")).toContainText(CHANNEL);
    await expect(item.getByTestId("alert-deliveries")).toContainText("sent (HTTP 200)");
    await snapshot(page, "alerts-history-desktop-light");
    await expectNoAxeViolations(page);

    await item.getByRole("button", { name: /^Acknowledge/ }).click();
    await expect(item.getByTestId("alert-state")).toHaveAttribute("data-state", "acknowledged");
    await expect(item.getByRole("button", { name: /^Acknowledge/ })).toHaveCount(0);
    await expect(item).toContainText("Acknowledged");
    await expect(item).toContainText("by admin");

    // The state filter.
    await page.getByRole("radio", { name: "Firing" }).click();
    await expect(page.getByTestId("alert-item").filter({ hasText: name })).toHaveCount(0);
    await page.getByRole("radio", { name: "Acknowledged" }).click();
    await expect(page.getByTestId("alert-item").filter({ hasText: name })).toBeVisible();
    await page.getByRole("radio", { name: "All" }).click();

    // ---- a phone in dark mode ----
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.getByTestId("alert-item").filter({ hasText: name })).toBeVisible();
    await noHorizontalOverflow(page);
    await snapshot(page, "alerts-history-phone-dark");
    await page.getByRole("tab", { name: "Channels" }).click();
    await expect(page.getByRole("list", { name: "Channels" })).toContainText(CHANNEL);
    await noHorizontalOverflow(page);
    await snapshot(page, "alerts-channels-phone-dark");
    await page.getByRole("tab", { name: "Rules" }).click();
    await expect(page.getByRole("list", { name: "Rules" })).toContainText(RULE);
    await noHorizontalOverflow(page);
    await snapshot(page, "alerts-rules-phone-dark");
    await expectNoAxeViolations(page);

    // ---- clean up through the page: the rule, then the channel ----
    await page.getByRole("button", { name: `Actions for ${RULE}` }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("alertdialog", { name: "Delete this rule?" }).getByRole("button", { name: "Delete" }).click();
    await expect(page.getByRole("list", { name: "Rules" })).toHaveCount(0);
    await page.getByRole("tab", { name: "Channels" }).click();
    await page.getByRole("button", { name: `Actions for ${CHANNEL}` }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("alertdialog", { name: "Delete this channel?" }).getByRole("button", { name: "Delete" }).click();
    await expect(page.getByRole("list", { name: "Channels" })).not.toContainText(CHANNEL);
    await expect(page.getByRole("list", { name: "Channels" })).toContainText(SIGNED); // removed by afterEach
  });
});
