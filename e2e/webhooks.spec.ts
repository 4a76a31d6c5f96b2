import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { gatewayCall } from "./support/gateway-api";
import { signIn, snapshot } from "./support/session";
import { startReceiver, type ReceivedRequest, type WebhookReceiver } from "./support/webhook-receiver";

const typeOf = (r: ReceivedRequest) => (JSON.parse(r.body) as { type: string }).type;

/** Reads the secret from the show-once dialog through the Copy button and the clipboard, as an operator would. */
async function copySecret(page: Page, title: string): Promise<string> {
  const once = page.getByRole("dialog", { name: title });
  const shown = (await once.getByTestId("webhook-secret").textContent())!.trim();
  expect(shown).toMatch(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/);
  await expect(once).toContainText("only time the secret is shown");
  await expect(once.getByTestId("verify-snippet")).toContainText("new Webhook(process.env.WEBHOOK_SECRET)");
  await expect(once.getByTestId("verify-snippet")).toContainText("wh.verify(req.body, req.headers)");
  await once.getByRole("button", { name: "Copy secret" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  return copied;
}

async function closeSecret(page: Page, title: string) {
  await page.getByRole("dialog", { name: title }).getByRole("button", { name: "I have stored it" }).click();
  await expect(page.getByRole("dialog", { name: title })).toHaveCount(0);
}

/** Waits until a sliding drawer has stopped moving, so screenshots show it in place. */
async function settled(locator: Locator) {
  let last = "";
  await expect
    .poll(async () => {
      const box = JSON.stringify(await locator.boundingBox());
      const still = box === last;
      last = box;
      return still;
    }, { intervals: [150] })
    .toBe(true);
}

async function chooseOption(page: Page, trigger: Locator, option: string | RegExp) {
  await trigger.click();
  await page.getByRole("option", { name: option }).click();
}

test.describe("webhooks", () => {
  let receiver: WebhookReceiver;
  test.beforeEach(async () => {
    receiver = await startReceiver();
  });
  test.afterEach(async () => {
    await receiver.close();
  });

  test("configure an endpoint, test it, watch deliveries arrive live, inspect one, replay it, rotate the secret", async ({ page, context }) => {
    test.setTimeout(180_000);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/webhooks");
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await expect(page.getByText("No webhook endpoints yet")).toBeVisible();
    const hookUrl = `${receiver.url}/hooks`;
    let secret = "";

    await test.step("create an endpoint for all events, with a custom header; copy the secret shown once", async () => {
      await page.getByRole("button", { name: "New endpoint" }).first().click();
      const dialog = page.getByRole("dialog", { name: "New endpoint" });
      await dialog.getByLabel("URL").fill("ftp://127.0.0.1/hooks");
      await dialog.getByRole("button", { name: "Create endpoint" }).click();
      await expect(dialog.getByText("URL must use https:// or http://")).toBeVisible();
      await expect(dialog.getByText("Events must include at least one event")).toBeVisible();

      await dialog.getByLabel("URL").fill(hookUrl);
      await dialog.getByLabel(/Description/).fill("E2E receiver");
      await dialog.getByRole("checkbox", { name: "All events" }).click();
      await expect(dialog.getByRole("checkbox", { name: "presence.update" })).toBeChecked();
      await dialog.getByRole("button", { name: "Add header" }).click();
      await dialog.getByLabel("Header 1 name").fill("Content-Type");
      await dialog.getByLabel("Header 1 value").fill("text/plain");
      await dialog.getByRole("button", { name: "Create endpoint" }).click();
      await expect(dialog.getByText("Header name is set by the gateway and cannot be overridden")).toBeVisible();
      await dialog.getByLabel("Header 1 name").fill("X-Env");
      await dialog.getByLabel("Header 1 value").fill("e2e");
      await snapshot(page, "webhooks-form-desktop");
      await dialog.getByRole("button", { name: "Create endpoint" }).click();

      secret = await copySecret(page, "Copy the signing secret");
      receiver.secrets.push(secret);
      await snapshot(page, "webhooks-secret-desktop");
      await closeSecret(page, "Copy the signing secret");
      // Never shown again: the page holds no trace of it.
      expect(await page.content()).not.toContain(secret);
    });

    const endpoint = page.getByRole("table", { name: "Endpoints" }).getByRole("row", { name: /\/hooks/ });
    await expect(endpoint).toContainText(hookUrl);
    await expect(endpoint).toContainText("All instances");
    await expect(endpoint).toContainText("All 10 events");
    await expect(endpoint).toContainText("X-Env");
    await expect(endpoint.getByRole("switch", { name: `Enabled: ${hookUrl}` })).toBeChecked();

    await test.step("the test tool sends a signed sample and shows the receiver's answer", async () => {
      await endpoint.getByRole("button", { name: `Send a test event to ${hookUrl}` }).click();
      const dialog = page.getByRole("dialog", { name: "Send a test event" });
      await chooseOption(page, dialog.getByLabel("Event"), /message\.received/);
      await dialog.getByRole("button", { name: "Send test" }).click();
      const result = dialog.getByTestId("test-result");
      await expect(result).toContainText("Delivered");
      await expect(result).toContainText("Status 200");
      await expect(result.getByTestId("test-latency")).toHaveText(/^\d+ ms$/);
      await expect(result.getByLabel("Response headers")).toContainText("x-receiver");
      await expect(result.getByTestId("test-response-body")).toContainText('"received": true');
      const payloadId = (await result.getByTestId("test-payload-id").textContent())!.trim();

      const got = await receiver.waitFor((r) => r.id === payloadId);
      expect(got.verifiedWith).toEqual([secret]);
      expect(got.headers["x-env"]).toBe("e2e");
      expect(JSON.parse(got.body)).toMatchObject({ id: payloadId, type: "message.received", data: { text: "Hello! Is my order on its way?" } });
      await snapshot(page, "webhooks-test-tool-desktop");
      await dialog.getByRole("button", { name: "Close" }).first().click();
    });

    const deliveries = page.getByRole("table", { name: "Deliveries" });
    await expect(deliveries.getByRole("row", { name: /message\.received/ })).toContainText("Test");
    await expect(page.getByTestId("deliveries-live")).toHaveAttribute("data-live", "true");

    const instance = await test.step("a real instance's events are delivered and appear live, without a reload", async () => {
      await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
      const created = await gatewayCall<{ id: string; name: string }>("POST", "/api/v1/instances", { name: "Webhook source" });
      const statusRows = deliveries.getByRole("row", { name: /instance\.status/ });
      await expect(statusRows.first()).toBeVisible();
      await expect(statusRows.filter({ hasText: "Succeeded" }).first()).toContainText("200");
      await expect(deliveries.getByRole("row", { name: /instance\.qr/ }).first()).toBeVisible();
      const delivered = await receiver.waitFor((r) => typeOf(r) === "instance.status" && r.body.includes(created.id));
      expect(delivered.verifiedWith).toEqual([secret]);
      expect(receiver.received.every((r) => r.verifiedWith.length === 1)).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      return created;
    });

    await test.step("filter by event and status", async () => {
      await page.getByRole("button", { name: "Event", exact: true }).click();
      await page.getByRole("menuitemcheckbox", { name: "instance.status" }).click();
      await page.keyboard.press("Escape");
      await expect(page).toHaveURL(/filter\.event=instance\.status/);
      await expect(deliveries.getByRole("row", { name: /instance\.qr/ })).toHaveCount(0);
      await expect(deliveries.getByRole("row", { name: /instance\.status/ }).first()).toBeVisible();
    });

    // Instances left by earlier tests deliver too (QR rotation, QR expiry): pick one of this instance's rows.
    const opened = deliveries
      .getByRole("row", { name: /instance\.status/ })
      .filter({ hasText: "Succeeded" })
      .filter({ hasText: instance.name })
      .last()
      .getByRole("button", { name: /^Open instance\.status/ });
    const eventId = (await opened.getAttribute("data-event-id"))!;
    expect(eventId).toMatch(/^msg_/);

    await test.step("the drawer shows the request and every attempt", async () => {
      // Keyboard: the event is a button in its cell.
      await opened.focus();
      await page.keyboard.press("Enter");
      const drawer = page.getByRole("dialog", { name: "instance.status" });
      await expect(drawer.getByTestId("drawer-event-id")).toHaveText(eventId);
      await expect(drawer.getByTestId("delivery-body")).toContainText('"type": "instance.status"');
      await expect(drawer.getByTestId("delivery-body")).toContainText(instance.id);
      const requestHeaders = drawer.getByLabel("Request headers");
      await expect(requestHeaders).toContainText("webhook-signature");
      await expect(requestHeaders).toContainText(eventId);
      // Custom header values are masked in the log.
      await expect(requestHeaders).toContainText("x-env");
      await expect(requestHeaders).not.toContainText("e2e");
      await expect(drawer.getByTestId("attempt")).toHaveCount(1);
      await expect(drawer.getByTestId("attempt").first()).toHaveAttribute("data-ok", "true");
      await expect(drawer.getByTestId("attempt").first()).toContainText("200");
      await settled(drawer);
      await expect(page.locator("[data-sonner-toast]")).toHaveCount(0);
      await page.screenshot({ path: "e2e/.artifacts/webhooks-delivery-drawer-desktop.png" });
    });

    await test.step("replay: confirmed, the receiver gets the same webhook-id again, the new attempt shows", async () => {
      const drawer = page.getByRole("dialog", { name: "instance.status" });
      const before = receiver.received.filter((r) => r.id === eventId).length;
      await drawer.getByRole("button", { name: "Replay" }).click();
      await page.getByRole("alertdialog", { name: "Replay this delivery?" }).getByRole("button", { name: "Replay" }).click();
      await expect(page.getByText("Replay queued")).toBeVisible();
      await expect.poll(() => receiver.received.filter((r) => r.id === eventId).length).toBe(before + 1);
      const replayed = receiver.received.filter((r) => r.id === eventId);
      expect(replayed.at(-1)!.body).toBe(replayed[0]!.body);
      expect(replayed.at(-1)!.verifiedWith).toEqual([secret]);
      // The drawer moved to the new delivery, whose attempt arrives live.
      await expect(drawer).toContainText("Replay of");
      await expect(drawer.getByTestId("drawer-event-id")).toHaveText(eventId);
      await expect(drawer.getByTestId("attempt")).toHaveCount(1);
      await expect(drawer.getByTestId("attempt").first()).toHaveAttribute("data-ok", "true");
      await page.keyboard.press("Escape");
      const rows = deliveries.locator(`[data-event-id="${eventId}"]`);
      await expect(rows).toHaveCount(2);
      await expect(deliveries.getByRole("row").filter({ has: page.locator(`[data-event-id="${eventId}"]`) }).filter({ hasText: "Replay" })).toContainText("Succeeded");
    });

    await test.step("at 1280 px the deliveries table fits its card, and a click anywhere on a row opens it", async () => {
      // The widest rows: an endpoint that refuses connections (an error instead of a status code) and is retried.
      const dead = await gatewayCall<{ id: string }>("POST", "/api/v1/webhooks", { url: "http://127.0.0.1:9/an/endpoint/that/refuses/every/connection", events: ["instance.status"], instanceId: instance.id });
      await gatewayCall("POST", `/api/v1/instances/${instance.id}/restart`);
      await expect(deliveries.getByRole("row").filter({ hasText: "127.0.0.1:9/an/endpoint" }).filter({ hasText: "Next retry" }).first()).toBeVisible({ timeout: 20_000 });
      // Times of past events never read as future ones ("Last attempt in 11 seconds" while the clock lagged the data).
      await expect(page.getByText(/Last attempt in \d/)).toHaveCount(0);
      await expect(page.getByText(/Last attempt just now/).first()).toBeVisible();
      const widths = await deliveries.evaluate((table) => ({ table: table.scrollWidth, container: table.parentElement!.clientWidth }));
      await page.screenshot({ path: "e2e/.artifacts/webhooks-deliveries-desktop.png" });
      await gatewayCall("DELETE", `/api/v1/webhooks/${dead.id}`);
      expect(widths.table, "the table is no wider than its card (no clipped Time column)").toBeLessThanOrEqual(widths.container);
      const row = deliveries.getByRole("row").filter({ has: page.locator(`[data-event-id="${eventId}"]`) }).first();
      await row.getByRole("cell").last().click();
      const drawer = page.getByRole("dialog", { name: "instance.status" });
      await expect(drawer.getByTestId("drawer-event-id")).toHaveText(eventId);
      await page.keyboard.press("Escape");
      await expect(drawer).toHaveCount(0);
    });

    await test.step("rotate the secret: shown once, and both secrets verify during the grace period", async () => {
      await endpoint.getByRole("button", { name: `Actions for ${hookUrl}` }).click();
      await page.getByRole("menuitem", { name: "Rotate secret" }).click();
      await page.getByRole("alertdialog", { name: "Rotate the signing secret?" }).getByRole("button", { name: "Rotate secret" }).click();
      const rotated = await copySecret(page, "Copy the new signing secret");
      expect(rotated).not.toBe(secret);
      await expect(page.getByTestId("rotation-note")).toContainText("two signatures");
      await closeSecret(page, "Copy the new signing secret");
      receiver.secrets.push(rotated);
      await expect(endpoint.getByTestId("rotation-grace")).toContainText("Old secret also signs until");

      await endpoint.getByRole("button", { name: `Send a test event to ${hookUrl}` }).click();
      const dialog = page.getByRole("dialog", { name: "Send a test event" });
      await dialog.getByRole("button", { name: "Send test" }).click();
      const payloadId = (await dialog.getByTestId("test-payload-id").textContent())!.trim();
      const got = await receiver.waitFor((r) => r.id === payloadId);
      expect(got.verifiedWith.sort()).toEqual([secret, rotated].sort());
      await page.keyboard.press("Escape");
    });

    await test.step("edit: saved header values stay masked and are kept unless replaced", async () => {
      await endpoint.getByRole("button", { name: `Actions for ${hookUrl}` }).click();
      await page.getByRole("menuitem", { name: "Edit" }).click();
      const dialog = page.getByRole("dialog", { name: "Edit endpoint" });
      await expect(dialog.getByLabel("URL")).toHaveValue(hookUrl);
      await expect(dialog.getByLabel("Header 1 name")).toHaveValue("X-Env");
      await expect(dialog.getByLabel("Header 1 value")).toHaveValue("");
      await expect(dialog.getByLabel("Header 1 value")).toHaveAttribute("placeholder", /saved — type to replace/);
      await dialog.getByLabel(/Description/).fill("E2E receiver (edited)");
      await dialog.getByRole("button", { name: "Save" }).click();
      await expect(dialog).toHaveCount(0);
      await expect(endpoint).toContainText("E2E receiver (edited)");

      await endpoint.getByRole("button", { name: `Send a test event to ${hookUrl}` }).click();
      const tool = page.getByRole("dialog", { name: "Send a test event" });
      await tool.getByRole("button", { name: "Send test" }).click();
      const payloadId = (await tool.getByTestId("test-payload-id").textContent())!.trim();
      expect((await receiver.waitFor((r) => r.id === payloadId)).headers["x-env"]).toBe("e2e");
      await page.keyboard.press("Escape");
    });

    await test.step("a failing endpoint bound to the instance shows retries and its health", async () => {
      await page.getByRole("button", { name: "Reset", exact: true }).click();
      await page.getByRole("button", { name: "New endpoint" }).first().click();
      const dialog = page.getByRole("dialog", { name: "New endpoint" });
      await dialog.getByLabel("URL").fill(`${receiver.url}/flaky`);
      await chooseOption(page, dialog.getByLabel("Instances"), "Webhook source");
      await dialog.getByRole("checkbox", { name: "instance.status" }).click();
      await expect(dialog.getByRole("checkbox", { name: "All instance events" })).toHaveAttribute("data-state", "indeterminate");
      await dialog.getByRole("button", { name: "Create endpoint" }).click();
      receiver.secrets.push(await copySecret(page, "Copy the signing secret"));
      await closeSecret(page, "Copy the signing secret");
      const flaky = page.getByRole("table", { name: "Endpoints" }).getByRole("row", { name: /\/flaky/ });
      await expect(flaky).toContainText("Webhook source");
      await expect(flaky).toContainText("1 event");

      await gatewayCall("POST", `/api/v1/sandbox/instances/${instance.id}/scan`);
      const retrying = deliveries.getByRole("row", { name: /instance\.status/ }).filter({ hasText: "Retrying" });
      await expect(retrying.first()).toContainText("500");
      await expect(retrying.first()).toContainText(/in \d+ (seconds?|minutes?)/);
      await expect(flaky.getByTestId("webhook-health")).toContainText("0% of", { timeout: 15_000 });
      await expectNoAxeViolations(page);
      await snapshot(page, "webhooks-page-desktop");
      await page.emulateMedia({ colorScheme: "dark" });
      await expectNoAxeViolations(page);
      await snapshot(page, "webhooks-page-desktop-dark");
      await page.emulateMedia({ colorScheme: "light" });
    });

    await test.step("the instance's page shows its endpoints and recent deliveries, linked to the full page", async () => {
      // Nothing on an instance's page needs every instance: the list (up to 20,000) is not fetched there.
      const listRequests: string[] = [];
      const onRequest = (request: { url(): string }) => {
        if (new URL(request.url()).pathname === "/bff/api/v1/instances") listRequests.push(request.url());
      };
      page.on("request", onRequest);
      await page.goto(`/instances/${instance.id}`);
      const card = page.getByTestId("instance-webhooks");
      const host = new URL(receiver.url).host;
      await expect(card).toContainText(`${host}/hooks`);
      await expect(card).toContainText(`${host}/flaky`);
      // Its New endpoint is for this instance (preselected) or all of them.
      await card.getByRole("button", { name: "New endpoint" }).click();
      const form = page.getByRole("dialog", { name: "New endpoint" });
      const scope = form.getByRole("combobox", { name: "Instances" });
      await expect(scope).toHaveText(instance.name);
      await scope.click();
      await expect(page.getByRole("option")).toHaveText(["All instances", instance.name]);
      await page.keyboard.press("Escape");
      await form.getByRole("button", { name: "Cancel" }).click();
      await expect(form).toHaveCount(0);
      page.off("request", onRequest);
      expect(listRequests).toEqual([]);
      const recent = card.getByRole("list", { name: "Recent deliveries" });
      await expect(recent.getByRole("button", { name: /^Open instance\.status/ }).first()).toBeVisible();
      await expect(recent.locator("[data-status=retrying]").first()).toBeVisible();
      await recent.getByRole("button").first().click();
      await expect(page.getByRole("dialog").getByTestId("delivery-body")).toContainText(instance.id);
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog")).toHaveCount(0);
      await card.screenshot({ path: "e2e/.artifacts/webhooks-instance-card-desktop.png" });
      await card.getByRole("link", { name: /All webhooks and deliveries for this instance/ }).click();
      await expect(page).toHaveURL(new RegExp(`/webhooks\\?filter\\.instance=${instance.id}`));
      await expect(page.getByRole("status").filter({ hasText: "Webhook source" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Deliveries" }).getByRole("row", { name: /message\.received/ })).toHaveCount(0);
      // The instance filter names the instance (closed, it holds only that one among the choices); "Any instance" lifts it.
      const instanceFilter = page.getByRole("toolbar", { name: "Delivery filters" }).getByRole("combobox", { name: "Instance" });
      await expect(instanceFilter).toHaveText(instance.name);
      await instanceFilter.click();
      await page.getByRole("option", { name: "Any instance" }).click();
      await expect(page).not.toHaveURL(/filter\.instance=/);
      await expect(instanceFilter).toHaveText("Any instance");
    });

    await test.step("phone layout", async () => {
      await page.goto("/webhooks");
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(page.getByTestId("webhook-cards")).toContainText(hookUrl);
      await expect(page.getByRole("list", { name: "Deliveries" }).getByRole("button").first()).toBeVisible();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await snapshot(page, "webhooks-page-phone");
      await page.getByRole("button", { name: "New endpoint" }).click();
      await expect(page.getByRole("dialog", { name: "New endpoint" })).toBeVisible();
      await page.screenshot({ path: "e2e/.artifacts/webhooks-form-phone.png" });
      await page.keyboard.press("Escape");
      await page.getByRole("list", { name: "Deliveries" }).getByRole("button", { name: /^Open instance\.status/ }).first().click();
      const drawer = page.getByRole("dialog");
      await expect(drawer.getByTestId("delivery-body")).toBeVisible();
      await settled(drawer);
      await page.screenshot({ path: "e2e/.artifacts/webhooks-delivery-drawer-phone.png" });
      await page.keyboard.press("Escape");
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    await test.step("disable and delete ask first", async () => {
      const flaky = page.getByRole("table", { name: "Endpoints" }).getByRole("row", { name: /\/flaky/ });
      await flaky.getByRole("switch").click();
      await page.getByRole("alertdialog", { name: "Disable this endpoint?" }).getByRole("button", { name: "Disable" }).click();
      await expect(flaky.getByRole("switch")).not.toBeChecked();
      await expect(flaky.getByTestId("webhook-health")).toContainText("Disabled");
      for (const path of ["/flaky", "/hooks"]) {
        const row = page.getByRole("table", { name: "Endpoints" }).getByRole("row", { name: new RegExp(path) });
        await row.getByRole("button", { name: /^Actions for/ }).click();
        await page.getByRole("menuitem", { name: "Delete" }).click();
        await page.getByRole("alertdialog", { name: "Delete this endpoint?" }).getByRole("button", { name: "Delete" }).click();
        await expect(row).toHaveCount(0);
      }
      await expect(page.getByText("No webhook endpoints yet")).toBeVisible();
    });

    await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
  });

  test("older deliveries that fail to load say so beside the button, and load once the gateway answers", async ({ page }) => {
    const hookUrl = `${receiver.url}/paged`;
    const webhook = await gatewayCall<{ id: string }>("POST", "/api/v1/webhooks", { url: hookUrl, events: ["message.received"] });
    try {
      // One more than a page (50), through the test tool.
      for (let i = 0; i < 51; i += 1) await gatewayCall("POST", `/api/v1/webhooks/${webhook.id}/test`, { event: "message.received" });
      await page.setViewportSize({ width: 1280, height: 800 });
      await signIn(page, `/webhooks?filter.webhook=${webhook.id}`);
      const deliveries = page.getByRole("table", { name: "Deliveries" });
      await expect(deliveries.getByRole("row", { name: /message\.received/ })).toHaveCount(50);
      let failing = true;
      await page.route(/\/bff\/api\/v1\/webhooks\/deliveries\?.*cursor=/, (route) =>
        failing ? route.fulfill({ status: 502, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "The gateway did not answer" } }) }) : route.fallback(),
      );
      await page.getByRole("button", { name: "Load older deliveries" }).click();
      await expect(page.getByText(/^Could not load older deliveries: The gateway did not answer/)).toBeVisible();
      await expect(deliveries.getByRole("row", { name: /message\.received/ })).toHaveCount(50);
      failing = false;
      await page.getByRole("button", { name: "Load older deliveries" }).click();
      await expect(deliveries.getByRole("row", { name: /message\.received/ })).toHaveCount(51);
      await expect(page.getByText(/^Could not load older deliveries/)).toBeHidden();
    } finally {
      await gatewayCall("DELETE", `/api/v1/webhooks/${webhook.id}`);
    }
  });

  test("rotating a secret always shows the new secret, 20 times in a row", async ({ page }) => {
    test.setTimeout(180_000);
    const hookUrl = `${receiver.url}/rotations`;
    const webhook = await gatewayCall<{ id: string }>("POST", "/api/v1/webhooks", { url: hookUrl, events: ["message.received"] });
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await signIn(page, "/webhooks");
      const endpoint = page.getByRole("row").filter({ hasText: hookUrl });
      let previous = "";
      for (let i = 0; i < 20; i += 1) {
        await endpoint.getByRole("button", { name: `Actions for ${hookUrl}` }).click();
        await page.getByRole("menuitem", { name: "Rotate secret" }).click();
        await page.getByRole("alertdialog", { name: "Rotate the signing secret?" }).getByRole("button", { name: "Rotate secret" }).click();
        const shown = page.getByRole("dialog", { name: "Copy the new signing secret" });
        await expect(shown, `rotation ${i + 1}: the new secret is shown`).toBeVisible({ timeout: 5_000 });
        const secret = (await shown.getByTestId("webhook-secret").textContent())!.trim();
        expect(secret).toMatch(/^whsec_/);
        expect(secret, `rotation ${i + 1} shows a new secret`).not.toBe(previous);
        previous = secret;
        await closeSecret(page, "Copy the new signing secret");
      }
    } finally {
      await gatewayCall("DELETE", `/api/v1/webhooks/${webhook.id}`);
    }
  });
});
