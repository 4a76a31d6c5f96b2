import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { gatewayCall } from "./support/gateway-api";
import { signIn, snapshot } from "./support/session";

type Instance = { id: string; name: string; status: string };
type Entry = { id: string; level: string; instanceId?: string; message: string; context: Record<string, unknown> };

async function waitForStatus(id: string, status: string) {
  await expect.poll(async () => (await gatewayCall<Instance>("GET", `/api/v1/instances/${id}`)).status, { timeout: 15_000 }).toBe(status);
}

/** A 428 on a connected sandbox instance: one warn entry (the reconnect attempt), then CONNECTED again. */
async function drop(id: string) {
  const read = () => gatewayCall<Instance & { seq: number }>("GET", `/api/v1/instances/${id}`);
  const before = (await read()).seq;
  await gatewayCall("POST", `/api/v1/sandbox/instances/${id}/disconnect`, { code: 428 });
  await expect.poll(async () => { const i = await read(); return i.status === "CONNECTED" && i.seq > before; }, { timeout: 15_000 }).toBe(true);
}

/** A 515 (restart required): reconnects at once, not counted as a retry, so it never waits on a backoff. */
async function restart(id: string) {
  const read = () => gatewayCall<Instance & { seq: number }>("GET", `/api/v1/instances/${id}`);
  const before = (await read()).seq;
  await gatewayCall("POST", `/api/v1/sandbox/instances/${id}/disconnect`, { code: 515 });
  await expect.poll(async () => { const i = await read(); return i.status === "CONNECTED" && i.seq > before; }, { timeout: 15_000 }).toBe(true);
}

/** Restarts (515) a connected sandbox instance as fast as it goes: each one logs RECONNECTING and CONNECTED. */
async function quickRestart(id: string) {
  const read = () => gatewayCall<Instance & { seq: number }>("GET", `/api/v1/instances/${id}`);
  const before = (await read()).seq;
  await gatewayCall("POST", `/api/v1/sandbox/instances/${id}/disconnect`, { code: 515 });
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    const now = await read();
    if (now.status === "CONNECTED" && now.seq > before) return;
  }
  throw new Error(`${id} did not reconnect after a 515`);
}

const rowAttributes = (page: Page, name: "data-level" | "data-instance") =>
  page.locator("[data-testid=log-row] > div").evaluateAll((rows, attr) => rows.map((r) => r.getAttribute(attr)), name);

test.describe("logs", () => {
  test("filter by level and instance while entries stream in, pause and resume, search, export, events, instance page", async ({ page }) => {
    test.setTimeout(120_000);
    const alpha = await gatewayCall<Instance>("POST", "/api/v1/instances", { name: "Logs Alpha" });
    const bravo = await gatewayCall<Instance>("POST", "/api/v1/instances", { name: "Logs Bravo" });
    await waitForStatus(alpha.id, "QR_REQUIRED");
    await gatewayCall("POST", `/api/v1/sandbox/instances/${alpha.id}/scan`, {});
    await waitForStatus(alpha.id, "CONNECTED");
    // Bravo stays unscanned: its QR rotates every 2.5 s, so debug entries keep streaming in throughout.

    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/logs");
    await expect(page.getByRole("heading", { level: 1, name: "Logs" })).toBeVisible();
    const rows = page.getByTestId("log-row");
    await expect(rows.filter({ hasText: 'Instance "Logs Alpha" created' })).toHaveCount(1);
    const bravoQr = rows.filter({ hasText: "QR code issued" }).filter({ has: page.locator(`[data-instance="${bravo.id}"]`) });
    const qrBefore = await bravoQr.count();
    await expect.poll(() => bravoQr.count(), { timeout: 10_000 }).toBeGreaterThan(qrBefore); // live

    // Level: warn only. The 428 arrives live and is the only kind of row shown.
    await page.getByRole("button", { name: /^Warn/ }).click();
    await expect(page).toHaveURL(/level=warn/);
    await drop(alpha.id);
    await expect(rows.filter({ hasText: /Reconnect attempt \d+ of 10 after close 428/ }).first()).toBeVisible();
    expect(new Set(await rowAttributes(page, "data-level"))).toEqual(new Set(["warn"]));
    // Debug entries keep coming (Bravo's QR codes): counted on their chip, not shown.
    const debugCount = page.getByTestId("level-count-debug");
    const debugBefore = Number((await debugCount.textContent())!.replace(/\D/g, ""));
    await expect.poll(async () => Number((await debugCount.textContent())!.replace(/\D/g, "")), { timeout: 10_000 }).toBeGreaterThan(debugBefore);
    expect(new Set(await rowAttributes(page, "data-level"))).toEqual(new Set(["warn"]));

    // Instance: Alpha only, while Bravo keeps logging.
    await page.getByRole("combobox", { name: "Instance" }).click();
    await page.getByRole("option", { name: "Logs Alpha" }).click();
    await expect(page).toHaveURL(new RegExp(`instance=${alpha.id}`));
    await drop(alpha.id);
    await expect(rows).toHaveCount(2);
    expect(new Set(await rowAttributes(page, "data-instance"))).toEqual(new Set([alpha.id]));
    await snapshot(page, "logs-desktop");

    // Pause: the list holds still and counts what arrives; resume shows it.
    await page.getByRole("button", { name: "Pause" }).click();
    await drop(alpha.id);
    await expect(page.getByTestId("new-count")).toHaveText("1 new");
    await expect(rows).toHaveCount(2);
    await snapshot(page, "logs-paused-desktop");
    await page.getByRole("button", { name: /Resume/ }).click();
    await expect(rows).toHaveCount(3);

    // Search: matches are highlighted, in the message and in the expanded context.
    await page.getByRole("searchbox", { name: "Search logs" }).fill("close 428");
    await expect(page).toHaveURL(/q=close(\+|%20)428/);
    await expect(rows.locator("mark").first()).toBeVisible();
    await expect(rows.locator("[data-testid=log-message] mark")).toHaveCount(3);
    await rows.first().getByRole("button", { name: "Show details" }).click();
    await expect(rows.first().getByTestId("log-context")).toContainText('"code": 428');
    await snapshot(page, "logs-search-expanded-desktop");

    // Export what is filtered: exactly the rows on screen.
    await page.getByRole("button", { name: "Export" }).click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: /NDJSON/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^gateway-logs-\d{8}-\d{6}\.ndjson$/);
    const exported = fs
      .readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Entry);
    expect(exported).toHaveLength(3);
    for (const entry of exported) {
      expect(entry).toMatchObject({ level: "warn", instanceId: alpha.id, context: { code: 428 } });
      expect(entry.message).toContain("close 428");
    }

    // The URL holds the filters: a reload restores them.
    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search logs" })).toHaveValue("close 428");
    await expect(page.getByRole("button", { name: /^Warn/ })).toHaveAttribute("aria-pressed", "true");
    await expect(rows).toHaveCount(3);
    await expectNoAxeViolations(page);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Reset" }).click();
    await expect(rows.first()).toBeVisible();
    await snapshot(page, "logs-phone");

    // Events: the raw socket feed, filterable by type, with payloads.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("tab", { name: "Events" }).click();
    await expect(page).toHaveURL(/tab=events/);
    await restart(alpha.id);
    const events = page.getByTestId("event-row");
    await expect(events.filter({ hasText: "instance.status" }).first()).toBeVisible();
    await page.getByRole("combobox", { name: "Event type" }).click();
    await page.getByRole("option", { name: "instance.status" }).click();
    const names = await page.locator("[data-testid=event-row] > div").evaluateAll((r) => r.map((e) => e.getAttribute("data-event")));
    expect(new Set(names)).toEqual(new Set(["instance.status"]));
    await events.last().getByRole("button", { name: "Show payload" }).click();
    await expect(events.last().locator("pre")).toContainText('"instanceId"');
    await snapshot(page, "events-desktop");

    // The instance page shows its recent log and links to the viewer filtered to it.
    await page.goto(`/instances/${alpha.id}`);
    const recent = page.getByTestId("instance-recent-logs");
    await expect(recent).toContainText("Reconnect attempt");
    await restart(alpha.id);
    await expect(recent.locator("li").first()).toContainText("Status CONNECTED");
    await snapshot(page, "instance-recent-logs-desktop");
    await recent.getByRole("link", { name: /Open in Logs/ }).click();
    await expect(page).toHaveURL(new RegExp(`/logs\\?instance=${alpha.id}$`));
    await expect(page.getByRole("combobox", { name: "Instance" })).toHaveText("Logs Alpha");
    await expect(rows.first()).toBeVisible();
    expect(new Set(await rowAttributes(page, "data-instance"))).toEqual(new Set([alpha.id]));
  });

  test("an older Error entry beyond the first page shows at once when the Error chip is clicked; its count is the gateway's", async ({ page }) => {
    test.setTimeout(180_000);
    // An instance WhatsApp refuses (403): "Status ERROR: …" at level error, then more than one page of newer entries.
    const banned = await gatewayCall<Instance>("POST", "/api/v1/instances", { name: "Logs Banned" });
    await waitForStatus(banned.id, "QR_REQUIRED");
    await gatewayCall("POST", `/api/v1/sandbox/instances/${banned.id}/scan`, {});
    await waitForStatus(banned.id, "CONNECTED");
    await gatewayCall("POST", `/api/v1/sandbox/instances/${banned.id}/disconnect`, { code: 403 });
    await waitForStatus(banned.id, "ERROR");
    const errors = await gatewayCall<{ items: Entry[] }>("GET", `/api/v1/logs?levels=error&instanceId=${banned.id}`);
    const forbidden = errors.items.find((e) => e.message.startsWith("Status ERROR: Forbidden"));
    expect(forbidden, "the gateway logged the 403").toBeDefined();

    const busy = await gatewayCall<Instance>("POST", "/api/v1/instances", { name: "Logs Busy" });
    await waitForStatus(busy.id, "QR_REQUIRED");
    await gatewayCall("POST", `/api/v1/sandbox/instances/${busy.id}/scan`, {});
    await waitForStatus(busy.id, "CONNECTED");
    // The panel loads 500 entries a page: restart until the gateway's first 500 no longer hold the 403.
    const onFirstPage = async () => (await gatewayCall<{ items: Entry[] }>("GET", "/api/v1/logs?limit=500")).items.some((e) => e.id === forbidden!.id);
    while (await onFirstPage()) for (let i = 0; i < 20; i += 1) await quickRestart(busy.id);

    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/logs");
    const rows = page.getByTestId("log-row");
    await expect(rows.first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Load older entries" })).toBeVisible();
    await page.getByRole("button", { name: /^Error/ }).click();
    await expect(page).toHaveURL(/level=error/);
    // Without "Load older entries": the filter is the gateway's, not a filter over the rows already loaded.
    // (Earlier specs ban instances of their own: count this one's.)
    await expect(page.locator(`[data-testid=log-row] > div[data-instance="${banned.id}"]`).filter({ hasText: "Status ERROR: Forbidden" })).toHaveCount(1);
    expect(new Set(await rowAttributes(page, "data-level"))).toEqual(new Set(["error"]));

    // The chip counts every error in the time range (last 24 h), as the gateway counts them.
    const errorChip = page.getByTestId("level-count-error");
    const gatewayErrors = async () => {
      const from = new Date(Date.now() - 86_400_000).toISOString();
      return (await gatewayCall<{ byLevel: Record<string, number> }>("GET", `/api/v1/logs/counts?from=${encodeURIComponent(from)}`)).byLevel.error;
    };
    await expect.poll(async () => Number((await errorChip.textContent())!.replace(/\D/g, "")) === (await gatewayErrors())).toBe(true);
    expect(await gatewayErrors()).toBeGreaterThanOrEqual(1);
    await snapshot(page, "logs-error-filter-desktop");

    await gatewayCall("DELETE", `/api/v1/instances/${banned.id}`);
    await gatewayCall("DELETE", `/api/v1/instances/${busy.id}`);
  });
});
