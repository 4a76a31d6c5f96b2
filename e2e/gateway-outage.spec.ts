import { expect, test } from "@playwright/test";
import { gatewayCall, instanceIn } from "./support/gateway-api";
import { startGateway, stopGateway } from "./support/gateway-control";
import { signIn, snapshot } from "./support/session";

// Takes the shared gateway down: everything here restarts it before it ends, whatever happens.
test.describe("while the gateway is down", () => {
  let instanceId: string | undefined;
  test.afterEach(async () => {
    await startGateway().catch(() => undefined);
    // Later specs count and sort the instances: leave none behind, whatever happened.
    if (instanceId) await gatewayCall("DELETE", `/api/v1/instances/${instanceId}`).catch(() => undefined);
  });

  test("the panel says so, dims what it last knew, fails fast, retries every second by itself and is live again on the first try once the gateway answers", async ({ page }) => {
    const instance = await instanceIn("Outage line", "CONNECTED");
    instanceId = instance.id;
    // Every attempt the page makes to open the live connection: when it began, and whether the gateway accepted it
    // (socket.io's CONNECT answer, a "40" frame).
    const attempts: Array<{ at: number; connected: boolean; failed: boolean }> = [];
    page.on("websocket", (socket) => {
      if (!socket.url().includes("/socket.io/")) return;
      const attempt = { at: Date.now(), connected: false, failed: false };
      attempts.push(attempt);
      socket.on("framereceived", ({ payload }) => {
        if (String(payload).startsWith("40")) attempt.connected = true;
      });
      socket.on("socketerror", () => (attempt.failed = !attempt.connected));
      socket.on("close", () => (attempt.failed ||= !attempt.connected));
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/instances?q=Outage");
    const row = page.getByRole("row", { name: /Outage line/ });
    const badge = row.locator("[data-status]");
    await expect(badge).toHaveAttribute("data-status", "CONNECTED");
    const opacity = () => badge.evaluate((el) => Number(getComputedStyle(el).opacity));
    expect(await opacity()).toBe(1);

    await stopGateway();
    const down = Date.now();
    // A clear banner with the time it went away; the rows keep their last known status, visibly dimmed.
    const banner = page.getByRole("status").filter({ hasText: "Gateway unreachable" });
    await expect(banner).toHaveText(/^Gateway unreachable since \d{2}:\d{2} — showing the last known state/, { timeout: 3_000 });
    await expect(badge).toHaveAttribute("data-status", "CONNECTED");
    await expect.poll(opacity).toBeLessThan(0.7);
    await snapshot(page, "outage-instances-desktop");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 390, height: 844 });
    await snapshot(page, "outage-instances-phone-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Navigating fails fast, into an error view that keeps retrying by itself.
    const started = Date.now();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks", exact: true }).click();
    const failed = page.getByText(/Retrying every \d+ s by itself/).first();
    await expect(failed).toBeVisible({ timeout: 3_000 });
    expect(Date.now() - started).toBeLessThanOrEqual(3_000);
    await snapshot(page, "outage-navigation-error");

    // A full page load gets the full-page error, which also retries by itself.
    const fullPage = await page.context().newPage();
    await fullPage.goto("/settings");
    await expect(fullPage.getByRole("heading", { name: "The gateway is not reachable" })).toBeVisible();
    await expect(fullPage.getByText(/Retrying every \d+ s by itself/)).toBeVisible();
    await snapshot(fullPage, "outage-full-page");

    // Down long enough for the backoff to reach its cap: the first waits are 0.5 s and 1 s whatever the cap is.
    await expect.poll(() => attempts.filter((a) => a.at > down).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(7);
    const retriesWhileDown = attempts.filter((a) => a.at > down).map((a) => a.at);
    await startGateway();
    const back = Date.now();
    // Live again by itself. How fast is the backoff's doing (checked below) plus one connection to a gateway that has
    // just started: about 0.5–0.75 s on an idle machine, seen past 2 s on a busy two-core one, so the figure is
    // reported (an annotation), not timed here.
    await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected", { timeout: 15_000 });
    const liveAfter = Date.now() - back;
    // While the gateway was down the page tried again about every second (the backoff's 1 s cap; socket.io's own
    // default grows to 5 s, a 2 s cap would give a median of 2 s): the median gap between attempts, so one timer a
    // busy machine fired late does not decide.
    const gaps = retriesWhileDown.slice(1).map((at, i) => at - retriesWhileDown[i]!).sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThan(1_500);
    // Once the gateway answered, no attempt failed: the first one it saw connected.
    expect(attempts.filter((a) => a.at >= back && a.failed)).toEqual([]);
    // The error views recover without a click, the banner goes, the statuses are live again.
    await expect(page.getByText(/Could not load/)).toHaveCount(0, { timeout: 5_000 });
    await expect(page.getByRole("heading", { name: "Endpoints", exact: true })).toBeVisible();
    await expect(banner).toHaveCount(0);
    await expect(fullPage.getByRole("heading", { level: 1 })).toHaveText("Settings", { timeout: 5_000 });
    await fullPage.close();
    await page.goBack();
    await expect(badge).toHaveAttribute("data-status", "CONNECTED");
    await expect.poll(opacity).toBe(1);
    test.info().annotations.push({ type: "live again after", description: `${liveAfter} ms` });
  });
});
