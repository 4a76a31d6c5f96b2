import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { gatewayCall, instanceIn } from "./support/gateway-api";
import { closedPort } from "./support/http-proxy";
import { signIn, snapshot } from "./support/session";
import { startReceiver, type WebhookReceiver } from "./support/webhook-receiver";

const NAME = "e2e support desks";
type Settings = Record<string, unknown>;
type Listed<T> = { items: T[]; nextCursor: string | null };

async function noHorizontalOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

/** A tri-state setting in the template form: Leave as is / On / Off. */
const choose = (dialog: Locator, setting: string, choice: "Leave as is" | "On" | "Off") => dialog.getByRole("radiogroup", { name: setting }).getByRole("radio", { name: choice }).click();

async function rowAction(page: Page, action: "Edit" | "Make default" | "Delete") {
  await page.getByRole("button", { name: `Actions for ${NAME}` }).click();
  await page.getByRole("menuitem", { name: action }).click();
}

test.describe("settings templates", () => {
  let receiver: WebhookReceiver;
  const instanceIds: string[] = [];
  test.beforeEach(async () => {
    receiver = await startReceiver();
  });
  test.afterEach(async () => {
    // Whatever the test left behind (it deletes the template itself when it gets that far): a default template would
    // apply to every other test's instances.
    const templates = await gatewayCall<Listed<{ id: string; name: string }>>("GET", "/api/v1/templates");
    for (const t of templates.items.filter((t) => t.name === NAME)) await gatewayCall("DELETE", `/api/v1/templates/${t.id}`);
    for (const id of instanceIds.splice(0)) await gatewayCall("DELETE", `/api/v1/instances/${id}`).catch(() => undefined);
    // The endpoints the template gave its instances: deleting an instance only disables them, and later tests (the
    // webhooks page's empty state) expect none.
    const hooks = await gatewayCall<Listed<{ id: string; url: string }>>("GET", "/api/v1/webhooks?limit=500");
    for (const hook of hooks.items.filter((h) => h.url.startsWith(receiver.url))) await gatewayCall("DELETE", `/api/v1/webhooks/${hook.id}`);
    await receiver.close();
  });

  test("New instance offers the templates and the proxy pool: the chosen template's settings and pool proxy are the new instance's", async ({ page }) => {
    const template = await gatewayCall<{ id: string }>("POST", "/api/v1/templates", { name: NAME, settings: { rejectCalls: true, ignoreGroups: true } });
    const proxy = await gatewayCall<{ id: string }>("POST", "/api/v1/proxies", { name: "e2e create-form proxy", url: `http://127.0.0.1:${await closedPort()}`, maxInstances: 3 });
    try {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.emulateMedia({ colorScheme: "light" });
      await signIn(page, "/instances");
      await page.getByRole("button", { name: "New instance" }).first().click();
      const dialog = page.getByRole("dialog", { name: "New instance" });
      await dialog.getByLabel("Name").fill("e2e from the form");
      // No default template here: the first option says so; the named one is listed.
      await expect(dialog.getByRole("combobox", { name: "Settings template" })).toHaveText("None (no default template)");
      await dialog.getByRole("combobox", { name: "Settings template" }).click();
      await page.getByRole("option", { name: NAME }).click();
      await dialog.getByRole("combobox", { name: "Proxy" }).click();
      await page.getByRole("option", { name: /^e2e create-form proxy · 0 of 3/ }).click();
      await page.mouse.move(0, 0);
      await expectNoAxeViolations(page, { include: "[role=dialog]" });
      await snapshot(page, "create-instance-setup-1280-light");
      // On a short phone screen in the dark: it fits the width and scrolls to its buttons.
      await page.setViewportSize({ width: 390, height: 600 });
      await page.emulateMedia({ colorScheme: "dark" });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await dialog.getByRole("button", { name: "Create and show QR" }).scrollIntoViewIfNeeded();
      await expect(dialog.getByRole("button", { name: "Create and show QR" })).toBeInViewport();
      await expectNoAxeViolations(page, { include: "[role=dialog]" });
      await snapshot(page, "create-instance-setup-390-dark");
      await dialog.getByRole("button", { name: "Create and show QR" }).click();
      await expect(page).toHaveURL(/\/instances\/ins_/);
      const id = page.url().split("/").pop()!;
      instanceIds.push(id);
      expect(await gatewayCall<Settings>("GET", `/api/v1/instances/${id}/settings`)).toMatchObject({ rejectCalls: true, ignoreGroups: true });
      expect(await gatewayCall("GET", `/api/v1/instances/${id}/proxy`)).toMatchObject({ mode: "pool", proxyId: proxy.id });
    } finally {
      for (const id of instanceIds.splice(0)) await gatewayCall("DELETE", `/api/v1/instances/${id}`).catch(() => undefined);
      await gatewayCall("DELETE", `/api/v1/proxies/${proxy.id}`);
      await gatewayCall("DELETE", `/api/v1/templates/${template.id}`);
    }
  });

  test("after a bulk Apply template, an instance's Settings section shows the template's proxy without a reload", async ({ page }) => {
    await signIn(page);
    const proxy = await gatewayCall<{ id: string }>("POST", "/api/v1/proxies", { name: "e2e apply-refresh proxy", url: `http://127.0.0.1:${await closedPort()}`, maxInstances: 3 });
    const template = await gatewayCall<{ id: string }>("POST", "/api/v1/templates", { name: NAME, proxy: { mode: "none" } });
    const { id } = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "e2e apply refresh" });
    instanceIds.push(id);
    try {
      await gatewayCall("PUT", `/api/v1/instances/${id}/proxy`, { mode: "pool", proxyId: proxy.id });
      // The Settings section caches the instance's proxy…
      await page.goto(`/instances/${id}/settings`);
      await expect(page.getByTestId("instance-proxy-current")).toHaveAttribute("data-mode", "pool");
      // …and the operator goes on to the table within the page (the cache stays), applies the template there…
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Instances" }).click();
      await page.getByRole("searchbox", { name: "Search instances by name or number" }).fill("e2e apply refresh");
      const table = page.getByRole("table", { name: "Instances" });
      await expect(table.getByRole("row", { name: /e2e apply refresh/ })).toHaveCount(1);
      await table.getByRole("checkbox", { name: "e2e apply refresh" }).check();
      await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Apply template" }).click();
      const apply = page.getByRole("dialog", { name: "Apply a template to 1 instance?" });
      await expect(apply.getByRole("combobox", { name: "Template" })).toContainText(NAME);
      await apply.getByRole("button", { name: "Apply to 1" }).click();
      await expect(apply.locator("[data-result=ok]")).toContainText("Changed: Proxy");
      await apply.getByRole("button", { name: "Done" }).click();
      // …and comes back to the instance: its proxy card says what the gateway now has, not what it cached.
      await table.getByRole("link", { name: "e2e apply refresh" }).click();
      await page.getByRole("navigation", { name: "Instance sections" }).getByRole("link", { name: "Settings" }).click();
      await expect(page.getByTestId("instance-proxy-current")).toHaveAttribute("data-mode", "none");
      expect(await gatewayCall("GET", `/api/v1/instances/${id}/proxy`)).toMatchObject({ mode: "none" });
    } finally {
      await gatewayCall("DELETE", `/api/v1/templates/${template.id}`).catch(() => undefined);
      await gatewayCall("DELETE", `/api/v1/instances/${id}`).catch(() => undefined);
      await gatewayCall("DELETE", `/api/v1/proxies/${proxy.id}`);
    }
  });

  test("create with settings, a proxy policy and a webhook (secret once), make default, edit, applied at create, bulk apply with per-row results, delete", async ({ page }) => {
    test.setTimeout(150_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await signIn(page, "/settings");
    const card = page.getByTestId("templates-card");
    await expect(card.getByText("Templates", { exact: true })).toBeVisible();

    // ---- create: two settings, Direct, one webhook; validation first ----
    await card.getByRole("button", { name: "New template" }).click();
    const dialog = page.getByRole("dialog", { name: "New template" });
    await dialog.getByRole("button", { name: "Create template" }).click();
    await expect(dialog.getByText("Enter a name.")).toBeVisible();
    await dialog.getByLabel("Name", { exact: true }).fill(NAME);
    await dialog.getByLabel("Description").fill("Rejects calls, no groups, direct");
    await choose(dialog, "Reject calls", "On");
    await choose(dialog, "Ignore groups", "On");
    await dialog.getByRole("combobox", { name: "Proxy" }).click();
    await page.getByRole("option", { name: "Direct (no proxy)" }).click();
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await dialog.getByLabel("Webhook 1 URL").fill("not a url");
    await dialog.getByRole("button", { name: "Create template" }).click();
    await expect(dialog.getByText(/^The URL must be/)).toBeVisible();
    await dialog.getByLabel("Webhook 1 URL").fill(`${receiver.url}/tpl`);
    await expectNoAxeViolations(page);
    await snapshot(page, "templates-form-1280-light");
    await dialog.getByRole("button", { name: "Create template" }).click();

    const secretDialog = page.getByRole("dialog", { name: "Copy the signing secret" });
    await expect(secretDialog.getByTestId("template-secret")).toHaveText(/^whsec_/);
    await expect(secretDialog).toContainText("only time the secret is shown");
    await secretDialog.getByRole("button", { name: "I have stored it" }).click();
    await expect(secretDialog).toHaveCount(0);

    const row = page.getByRole("row", { name: new RegExp(NAME) });
    await expect(row.getByTestId("template-summary")).toHaveText("2 settings, direct connection (no proxy), 1 webhook");
    await expect(row).not.toContainText("Default");
    // The secret is never listed again.
    const saved = (await gatewayCall<Listed<Record<string, unknown>>>("GET", "/api/v1/templates")).items.find((t) => t.name === NAME)!;
    expect(saved).not.toHaveProperty("secret");
    expect(saved).toMatchObject({ settings: { rejectCalls: true, ignoreGroups: true }, proxy: { mode: "none" }, webhooks: [{ url: `${receiver.url}/tpl`, events: ["instance.status", "message.received"] }] });

    // ---- make it the default ----
    await rowAction(page, "Make default");
    await expect(row.getByText("Default", { exact: true })).toBeVisible();
    await expect(page.getByText(`${NAME} is the default`)).toBeVisible();

    // ---- edit: one more setting; the form comes back as saved ----
    await rowAction(page, "Edit");
    const edit = page.getByRole("dialog", { name: "Edit template" });
    await expect(edit.getByLabel("Name", { exact: true })).toHaveValue(NAME);
    await expect(edit.getByRole("radiogroup", { name: "Reject calls" }).getByRole("radio", { name: "On" })).toHaveAttribute("aria-checked", "true");
    await expect(edit.getByRole("combobox", { name: "Proxy" })).toHaveText("Direct (no proxy)");
    await expect(edit.getByRole("switch", { name: "Default for new instances" })).toBeChecked();
    await choose(edit, "Mark messages read", "On");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toHaveCount(0);
    await expect(row.getByTestId("template-summary")).toHaveText("3 settings, direct connection (no proxy), 1 webhook");
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page);
    await snapshot(page, "templates-list-1280-light");

    // ---- the default applies at create ----
    const created = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "e2e template at create" });
    instanceIds.push(created.id);
    await expect
      .poll(async () => gatewayCall<Settings>("GET", `/api/v1/instances/${created.id}/settings`))
      .toMatchObject({ rejectCalls: true, ignoreGroups: true, readMessages: true });
    const hooks = await gatewayCall<Listed<{ url: string; instanceId: string | null }>>("GET", "/api/v1/webhooks");
    expect(hooks.items.filter((h) => h.instanceId === created.id).map((h) => h.url)).toEqual([`${receiver.url}/tpl`]);

    // ---- bulk apply to 3 instances selected in the table ----
    for (let i = 1; i <= 3; i += 1) {
      const { id } = await instanceIn(`e2e tpl bulk ${i}`, "CONNECTED");
      instanceIds.push(id);
      // Each got the default at create: turn a setting back so the apply has something to change.
      await gatewayCall("PATCH", `/api/v1/instances/${id}/settings`, { rejectCalls: false });
    }
    await page.goto("/instances?q=e2e%20tpl%20bulk");
    const table = page.getByRole("table", { name: "Instances" });
    await expect(table.getByRole("row", { name: /e2e tpl bulk/ })).toHaveCount(3);
    await table.getByRole("checkbox", { name: /select all/i }).check();
    const bar = page.getByRole("region", { name: "Bulk actions" });
    await expect(bar).toContainText("3 selected");
    await bar.getByRole("button", { name: "Apply template" }).click();
    const apply = page.getByRole("dialog", { name: "Apply a template to 3 instances?" });
    await expect(apply.getByRole("combobox", { name: "Template" })).toContainText(NAME);
    await expect(apply.getByTestId("apply-template-summary")).toContainText("3 settings, direct connection (no proxy), 1 webhook");
    await expect(apply.getByRole("list", { name: "Selected instances" }).getByRole("listitem")).toHaveCount(3);
    await apply.getByRole("button", { name: "Apply to 3" }).click();
    await expect(apply.getByTestId("bulk-progress")).toHaveText("3 of 3 done");
    await expect(apply.locator("[data-result=ok]")).toHaveCount(3);
    for (let i = 1; i <= 3; i += 1) await expect(apply.locator("[data-result=ok]").filter({ hasText: `e2e tpl bulk ${i}` })).toContainText("Changed: Reject calls");
    // The dialog only: under it, selected rows' grey times fall short of AA contrast (the instances table's, reported).
    await expectNoAxeViolations(page, { include: "[role=dialog]" });
    await snapshot(page, "templates-bulk-apply-1280-light");
    await apply.getByRole("button", { name: "Done" }).click();
    await expect(bar).toHaveCount(0);
    for (const id of instanceIds.slice(1)) expect(await gatewayCall<Settings>("GET", `/api/v1/instances/${id}/settings`)).toMatchObject({ rejectCalls: true });

    // ---- 390 px in the dark ----
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/settings");
    const phoneCard = page.getByTestId("templates-card");
    await expect(phoneCard.getByText(NAME)).toBeVisible();
    await expect(phoneCard.getByTestId("template-summary").filter({ hasText: "3 settings" })).toBeVisible();
    await noHorizontalOverflow(page);
    await expectNoAxeViolations(page);
    await snapshot(page, "templates-390-dark");
    await rowAction(page, "Edit");
    const phoneEdit = page.getByRole("dialog", { name: "Edit template" });
    await expect(phoneEdit.getByLabel("Name", { exact: true })).toHaveValue(NAME);
    await noHorizontalOverflow(page);
    await expectNoAxeViolations(page);
    await snapshot(page, "templates-form-390-dark");
    await phoneEdit.getByRole("button", { name: "Cancel" }).click();
    await expect(phoneEdit).toHaveCount(0);

    // ---- delete, after a confirmation ----
    await rowAction(page, "Delete");
    const confirm = page.getByRole("alertdialog", { name: "Delete this template?" });
    await expect(confirm).toContainText(NAME);
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText(NAME)).toHaveCount(0);
    expect((await gatewayCall<Listed<{ name: string }>>("GET", "/api/v1/templates")).items.map((t) => t.name)).not.toContain(NAME);
  });
});
