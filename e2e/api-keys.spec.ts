import { expect, test } from "@playwright/test";
import { gatewayCall } from "./support/gateway-api";
import { gatewayUrl, signIn, snapshot } from "./support/session";

test.describe("API page", () => {
  test("create a key, copy it from the show-once dialog, use it, revoke it, and see 401", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const instance = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "Integrations", connect: false });
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/api");
    await expect(page.getByTestId("api-base-url")).toHaveText(`http://localhost:${new URL(gatewayUrl()).port}`);

    await page.getByRole("button", { name: "New API key" }).click();
    const dialog = page.getByRole("dialog", { name: "New API key" });
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog.getByText("Give the key a name")).toBeVisible();
    await dialog.getByLabel("Name").fill("E2E integration");
    await dialog.getByRole("button", { name: "Create" }).click();

    const once = page.getByRole("dialog", { name: "Copy your new key" });
    await expect(once).toContainText("only time the key is shown");
    const shown = (await once.getByTestId("new-api-key").textContent())!.trim();
    expect(shown).toMatch(/^wam_[0-9A-Za-z]{36}$/);
    await once.getByRole("button", { name: "Copy key" }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);
    await once.getByRole("button", { name: "I have stored it" }).click();

    // The key works against the gateway directly.
    const ok = await fetch(`${gatewayUrl()}/api/v1/instances/${instance.id}`, { headers: { authorization: `Bearer ${copied}` } });
    expect(ok.status).toBe(200);
    // …and is never shown again: the list has only its hint.
    const row = page.getByRole("row", { name: /E2E integration/ });
    await expect(row).toContainText(`wam_…${copied.slice(-4)}`);
    expect(await page.content()).not.toContain(copied);
    await snapshot(page, "api-page-desktop");

    // Endpoint browser: search, expand, snippets carry the instance id and a token placeholder.
    await page.getByRole("searchbox", { name: "Search endpoints" }).fill("messages");
    const endpoint = page.getByRole("button", { name: /POST\s*\/api\/v1\/instances\/\{id\}\/messages(?![/\w])/ });
    await endpoint.click();
    const curl = page.getByTestId("snippet-curl");
    await expect(curl).toContainText(`/api/v1/instances/`);
    await expect(curl).toContainText("$WAM_TOKEN");
    // The send body is a union on `type`: one example per message type, the text one first.
    await expect(curl).toContainText('"type":"text"');
    await expect(curl).toContainText('"to"');
    await page.getByLabel("Body example").click();
    await page.getByRole("option", { name: "image" }).click();
    await expect(curl).toContainText('"type":"image"');
    await expect(curl).toContainText('"url":"https://example.com/files/photo.jpg"');
    await snapshot(page, "api-page-send-image-snippet");
    expect(await curl.textContent()).not.toContain(copied);

    await row.getByRole("button", { name: "Revoke E2E integration" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke" }).click();
    // While the dialog is open the table is aria-hidden (no rows by role), so first wait for the revocation itself.
    await expect(page.getByText("Revoked “E2E integration”")).toBeVisible();
    await expect(page.getByRole("alertdialog")).toBeHidden();
    await expect(page.getByRole("row", { name: /E2E integration/ })).toHaveCount(0);
    const refused = await fetch(`${gatewayUrl()}/api/v1/instances/${instance.id}`, { headers: { authorization: `Bearer ${copied}` } });
    expect(refused.status).toBe(401);

    await page.setViewportSize({ width: 390, height: 844 });
    await snapshot(page, "api-page-phone");
    await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
  });

  test("an instance's tokens: create on its page, rotate, old one stops working, revoke", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const instance = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "Token owner", connect: false });
    await signIn(page, `/instances/${instance.id}`);
    await page.getByRole("button", { name: "New token" }).click();
    const dialog = page.getByRole("dialog", { name: "New instance token" });
    await dialog.getByLabel("Name").fill("Shop backend");
    await dialog.getByRole("button", { name: "Create" }).click();
    const first = (await page.getByTestId("new-api-key").textContent())!.trim();
    await page.getByRole("button", { name: "I have stored it" }).click();
    const own = `${gatewayUrl()}/api/v1/instances/${instance.id}`;
    expect((await fetch(own, { headers: { authorization: `Bearer ${first}` } })).status).toBe(200);

    await page.getByRole("button", { name: "Rotate Shop backend" }).click();
    await page.getByRole("alertdialog", { name: "Rotate “Shop backend”?" }).getByRole("button", { name: "Rotate" }).click();
    const second = (await page.getByTestId("new-api-key").textContent())!.trim();
    expect(second).not.toBe(first);
    await page.getByRole("button", { name: "I have stored it" }).click();
    expect((await fetch(own, { headers: { authorization: `Bearer ${first}` } })).status).toBe(401);
    expect((await fetch(own, { headers: { authorization: `Bearer ${second}` } })).status).toBe(200);
    // Scoped: it cannot list all instances.
    expect((await fetch(`${gatewayUrl()}/api/v1/instances`, { headers: { authorization: `Bearer ${second}` } })).status).toBe(403);

    // Revoke, from the keyboard, after a confirmation that can be cancelled.
    const tokens = page.getByRole("list", { name: "Instance tokens" });
    await tokens.getByRole("button", { name: "Revoke Shop backend" }).focus();
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("alertdialog", { name: "Revoke “Shop backend”?" });
    await expect(confirm).toContainText("Every call with this token fails from now on");
    await page.keyboard.press("Escape");
    await expect(confirm).toBeHidden();
    expect((await fetch(own, { headers: { authorization: `Bearer ${second}` } })).status).toBe(200);
    await page.setViewportSize({ width: 390, height: 844 });
    await tokens.scrollIntoViewIfNeeded();
    await snapshot(page, "instance-tokens-phone");
    await tokens.getByRole("button", { name: "Revoke Shop backend" }).click();
    await confirm.getByRole("button", { name: "Revoke" }).click();
    // (The rotation's own revocation toast may still be up, so wait for the list rather than the toast.)
    await expect(page.getByText("No tokens for this instance.")).toBeVisible();
    expect((await fetch(own, { headers: { authorization: `Bearer ${second}` } })).status).toBe(401);
    await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
  });

  test("rotating a token whose old one cannot be revoked still shows the new one, and says the old one stays", async ({ page }) => {
    const instance = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "Rotation owner", connect: false });
    try {
      const { key: old, token: oldToken } = await gatewayCall<{ key: { id: string }; token: string }>("POST", "/api/v1/api-keys", { name: "Till", scope: "instance", instanceId: instance.id });
      await signIn(page, `/instances/${instance.id}`);
      // The revoke fails (the create before it went through).
      await page.route(`**/bff/api/v1/api-keys/${old.id}`, (route) =>
        route.request().method() === "DELETE"
          ? route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: { code: "internal_error", message: "The gateway hit an unexpected error; it has been logged." } }) })
          : route.fallback(),
      );
      await page.getByRole("button", { name: "Rotate Till" }).click();
      await page.getByRole("alertdialog", { name: "Rotate “Till”?" }).getByRole("button", { name: "Rotate" }).click();
      const fresh = (await page.getByTestId("new-api-key").textContent())!.trim();
      expect(fresh).toMatch(/^wam_/);
      await expect(page.getByText("Could not revoke the key")).toBeVisible();
      const own = `${gatewayUrl()}/api/v1/instances/${instance.id}`;
      expect((await fetch(own, { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200);
      expect((await fetch(own, { headers: { authorization: `Bearer ${oldToken}` } })).status).toBe(200);
      await page.getByRole("button", { name: "I have stored it" }).click();
    } finally {
      await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
    }
  });

  test("at 390 px the base URL shows whole, and an opened endpoint shows its whole path", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "/api");
    const cut = (locator: ReturnType<typeof page.getByTestId>) => locator.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(await cut(page.getByTestId("api-base-url")), "the base URL is cut off").toBe(false);
    // A long path: shortened while folded, whole once the row is opened.
    const path = "/api/v1/webhooks/deliveries/{id}/replay";
    const row = page.getByTestId("endpoint-list").locator("li").filter({ has: page.locator("code", { hasText: path }) }).first();
    const code = row.locator("code", { hasText: path }).first();
    await row.getByRole("button", { expanded: false }).click();
    await expect(row.getByRole("button", { expanded: true })).toBeVisible();
    expect(await code.evaluate((el) => el.scrollWidth > el.clientWidth), "the opened endpoint's path is cut off").toBe(false);
  });
});
