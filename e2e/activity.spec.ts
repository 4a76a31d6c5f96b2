import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { gatewayCall, instanceIn } from "./support/gateway-api";
import { signIn, snapshot } from "./support/session";
import { startReceiver } from "./support/webhook-receiver";

type Activity = { points: Array<{ messagesIn: number; messagesOut: number; webhooksDelivered: number; webhooksFailed: number }> };
type Counter = keyof Activity["points"][number];

const activity = (range: "1h" | "24h" | "7d") => gatewayCall<Activity>("GET", `/api/v1/activity?range=${range}`);
const total = (series: Activity, key: Counter) => series.points.reduce((sum, point) => sum + point[key], 0);

test.describe("overview activity", () => {
  test("on a phone the charts load only once the card comes on screen", async ({ context, page }) => {
    await signIn(page);
    // Opened as a document in a tab of its own, as a phone opens a link (the next test arrives by signing in).
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    const asked: string[] = [];
    phone.on("request", (request) => {
      if (new URL(request.url()).pathname === "/bff/api/v1/activity") asked.push(request.url());
    });
    await phone.goto("/");
    await phone.waitForLoadState("networkidle");
    const card = phone.getByTestId("activity");
    await expect(card.getByText("Loading activity…")).toBeAttached();
    expect(asked, "the activity series, asked for before the card is on screen").toEqual([]);
    await card.locator("..").scrollIntoViewIfNeeded();
    await expect(card.getByRole("tab", { name: "24 h" })).toBeVisible();
    // Its charts, or its empty state on a gateway that has counted nothing yet.
    await expect(card.getByText("Loading activity…")).toHaveCount(0);
    expect(asked.length).toBeGreaterThan(0);
  });

  test("on a phone, signing in does not load the charts either: the Overview's loading state is as tall as what it loads", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const asked: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/bff/api/v1/activity") asked.push(request.url());
    });
    // Signing in moves to the Overview within the page (nothing prefetched on the server): its cards render their
    // loading state first, and a loading state shorter than the cards would bring the activity card on screen.
    await signIn(page);
    await page.waitForLoadState("networkidle");
    await expect(page.getByTestId("status-counts")).toBeVisible();
    expect(asked, "the activity series, asked for before the card is on screen").toEqual([]);
    await page.getByTestId("activity").locator("..").scrollIntoViewIfNeeded();
    await expect.poll(() => asked.length).toBeGreaterThan(0);
  });

  test("charts what the gateway counted, per range, readable by name and as a table; axe-clean; fits 390 px in the dark", async ({ page }) => {
    const receiver = await startReceiver();
    const instance = await instanceIn("Activity line", "CONNECTED");
    const webhook = await gatewayCall<{ id: string }>("POST", "/api/v1/webhooks", { url: `${receiver.url}/activity`, events: ["message.received"], instanceId: instance.id });
    try {
      // Three messages from a contact, each delivered to the webhook; the gateway counts them within a second
      // (ACTIVITY_FLUSH_SECONDS in the e2e setup). Earlier specs may have counted traffic of their own.
      const before = await activity("24h");
      for (let i = 0; i < 3; i += 1) await gatewayCall("POST", `/api/v1/sandbox/instances/${instance.id}/inbound`, { from: "4915100000009", text: `hello ${i}` });
      await expect.poll(async () => total(await activity("24h"), "messagesIn"), { timeout: 15_000 }).toBeGreaterThanOrEqual(total(before, "messagesIn") + 3);
      await expect.poll(async () => total(await activity("24h"), "webhooksDelivered"), { timeout: 15_000 }).toBeGreaterThanOrEqual(total(before, "webhooksDelivered") + 3);
      const [day, hour] = [await activity("24h"), await activity("1h")];

      await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ colorScheme: "light" });
      await signIn(page);
      const card = page.getByTestId("activity");
      // The card loads its charts once it comes on screen (below the instances and the gateway's cards). Scrolled to
      // by its wrapper, which stays while the skeleton's card gives way to the charts' card.
      await card.locator("..").scrollIntoViewIfNeeded();
      const messages = (span: string, series: Activity) =>
        card.getByRole("img", { name: new RegExp(`^Messages per minute over ${span}: [\\d.,]+ in, [\\d.,]+ out on average \\(${total(series, "messagesIn")} received, ${total(series, "messagesOut")} sent\\)$`) });

      // 24 hours by default: every chart names what it shows, with the counts, and draws it.
      await expect(card.getByRole("tab", { name: "24 h" })).toHaveAttribute("aria-selected", "true");
      await expect(messages("the last 24 hours", day)).toBeVisible();
      await expect(card.getByRole("img", { name: /^Instances by status over the last 24 hours: .*\b\d+ Connected\b.* at the latest point$/ })).toBeVisible();
      await expect(card.getByRole("img", { name: /^Webhook success rate over the last 24 hours: [\d.]+% \(\d+ of \d+ attempts delivered\)$/ })).toBeVisible();
      await expect(card.getByRole("img", { name: /^Webhook latency over the last 24 hours: \d+ ms on average, \d+ ms at the slowest$/ })).toBeVisible();
      // …and draws it: an area per status that occurs (this one's at least, with its legend entry), a line each for
      // received and sent, the webhooks' success and latency.
      const panel = (title: string) => card.locator("section").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
      expect(await panel("Instances by status").locator(".recharts-area").count()).toBeGreaterThan(0);
      await expect(panel("Instances by status").locator(".recharts-legend-wrapper").getByText("Connected", { exact: true })).toBeVisible();
      await expect(panel("Messages per minute").locator(".recharts-line")).toHaveCount(2);
      await expect(panel("Webhook success rate").locator(".recharts-area")).toHaveCount(1);
      await expect(panel("Webhook latency").locator(".recharts-area")).toHaveCount(1);

      // The numbers behind a chart, as a table on demand: one row per 5-minute point.
      const messagesPanel = panel("Messages per minute");
      await messagesPanel.getByText("Show as a table").click();
      const table = messagesPanel.getByRole("region", { name: "Messages per minute, as a table" });
      await expect(table.getByRole("row")).toHaveCount(day.points.length + 1);
      await expect(table.getByRole("columnheader")).toHaveText(["Time", "Received / min", "Sent / min"]);
      await expectNoAxeViolations(page);
      await messagesPanel.getByText("Show as a table").click();
      await expect(table).toHaveCount(0);

      // A tooltip names the point's span and its values.
      const plot = card.getByRole("img", { name: /^Messages per minute/ });
      const box = (await plot.boundingBox())!;
      await page.mouse.move(box.x + box.width - 12, box.y + box.height / 2);
      await expect(card.locator(".recharts-tooltip-wrapper").getByText(/^\d\d:\d\d–\d\d:\d\d$/).first()).toBeVisible();
      await card.screenshot({ path: "e2e/.artifacts/activity-card-1280-light.png" });
      await page.mouse.move(0, 0);
      // Tall enough for the whole page: a full-page capture stitches scrolled views under the sticky header.
      await page.setViewportSize({ width: 1280, height: 1400 });
      await snapshot(page, "activity-1280-light");
      await page.setViewportSize({ width: 1280, height: 800 });

      // The range toggle, by keyboard (arrow keys move between the ranges) and by pointer.
      await card.getByRole("tab", { name: "24 h" }).focus();
      await page.keyboard.press("ArrowLeft");
      await expect(card.getByRole("tab", { name: "1 h" })).toHaveAttribute("aria-selected", "true");
      await expect(card.getByText("The last hour, in 5-minute steps")).toBeVisible();
      await expect(messages("the last hour", hour)).toBeVisible();
      await card.screenshot({ path: "e2e/.artifacts/activity-card-1h-1280-light.png" });
      await card.getByRole("tab", { name: "7 d" }).click();
      await expect(card.getByText("The last 7 days, in hourly steps")).toBeVisible();
      await expect(card.getByRole("img", { name: /^Messages per minute over the last 7 days: .* \(\d+ received, \d+ sent\)$/ })).toBeVisible();
      await page.keyboard.press("ArrowLeft");
      await expect(card.getByRole("tab", { name: "24 h" })).toHaveAttribute("aria-selected", "true");
      await expect(messages("the last 24 hours", day)).toBeVisible();

      // 390 px in the dark: nothing wider than the screen, and still accessible.
      await page.emulateMedia({ colorScheme: "dark" });
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(messages("the last 24 hours", day)).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await card.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await expectNoAxeViolations(page);
      await page.setViewportSize({ width: 390, height: 2600 });
      await snapshot(page, "activity-390-dark");
    } finally {
      await gatewayCall("DELETE", `/api/v1/webhooks/${webhook.id}`);
      await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
      await receiver.close();
    }
  });
});
