import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { gatewayCall, instanceIn } from "./support/gateway-api";
import { closedPort, startHttpProxy, type LocalProxy } from "./support/http-proxy";
import { signIn, snapshot } from "./support/session";

// The Proxies page, the instance's proxy card and bulk assignment, against the real gateway (sandbox engine) and a
// real HTTP CONNECT proxy on 127.0.0.1. The gateway's checks tunnel to its own port (PROXY_CHECK_TARGET, global setup).

type PoolProxy = { id: string; name: string; url: string; maxInstances: number | null; instances: number; health: { state: string } };
type InstanceProxy = { mode: string; proxyId: string | null };
type History = { items: Array<{ seq: number; status: string }> };

async function noHorizontalOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}
const pool = async () => (await gatewayCall<{ items: PoolProxy[] }>("GET", "/api/v1/proxies?limit=500")).items;

test.describe("proxies", () => {
  let proxy: LocalProxy;
  const instances: string[] = [];
  test.beforeEach(async () => {
    proxy = await startHttpProxy();
  });
  test.afterEach(async () => {
    for (const id of instances.splice(0)) await gatewayCall("DELETE", `/api/v1/instances/${id}`).catch(() => undefined);
    for (const p of await pool()) await gatewayCall("DELETE", `/api/v1/proxies/${p.id}`).catch(() => undefined);
    await proxy.stop();
  });

  test("the pool: add with Test, a refused proxy's error, edit without resending credentials, check now, delete only when unused", async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await signIn(page, "/instances");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Proxies", exact: true }).click();
    await expect(page).toHaveURL(/\/proxies$/);
    await expect(page.getByRole("heading", { name: "No proxies yet" })).toBeVisible();

    // ---- a working proxy: Test in the dialog, then add ----
    await page.getByRole("button", { name: "Add proxy" }).first().click();
    const add = page.getByRole("dialog", { name: "Add proxy" });
    await add.getByLabel("Name").fill("Local one");
    const withCredentials = proxy.url.replace("http://", "http://ops:s3cret@");
    await add.getByLabel("URL").fill(withCredentials);
    await add.getByRole("button", { name: "Test" }).click();
    await expect(add.getByTestId("proxy-test-result")).toHaveAttribute("data-ok", "true");
    await expect(add.getByTestId("proxy-test-result")).toContainText(/Works: a tunnel to 127\.0\.0\.1:\d+ opened in \d+ ms/);
    expect(await pool()).toHaveLength(0); // a test saves nothing
    await add.getByLabel("Max instances").fill("2");
    await add.getByRole("button", { name: "Add proxy" }).click();
    await expect(add).toBeHidden();
    const table = page.getByRole("table", { name: "Proxies" });
    const row = table.getByRole("row", { name: /Local one/ });
    await expect(row).toContainText(`http://ops:••••@127.0.0.1:`);
    await expect(row).not.toContainText("s3cret");
    await expect(row).toContainText("0 of 2");
    await expect(row).toContainText("Not checked");

    // ---- a refused one: the gateway's message, which names the cause, inline and said once ----
    await page.getByRole("button", { name: "Add proxy" }).first().click();
    const broken = page.getByRole("dialog", { name: "Add proxy" });
    await broken.getByLabel("Name").fill("Broken");
    await broken.getByLabel("URL").fill(`http://127.0.0.1:${await closedPort()}`);
    await broken.getByRole("button", { name: "Test" }).click();
    await expect(broken.getByTestId("proxy-test-result")).toHaveAttribute("data-ok", "false");
    await expect(broken.getByTestId("proxy-test-result")).toHaveText(/^Failed: Nothing accepts connections at 127\.0\.0\.1:\d+ \(connection refused\)$/);
    // A URL the contract refuses never reaches the gateway: the field says why.
    await broken.getByLabel("URL").fill("socks5://127.0.0.1");
    await broken.getByRole("button", { name: "Test" }).click();
    await expect(broken.getByText("The URL must name the port (SOCKS has no default port), like socks5://proxy.example.com:1080.")).toBeVisible();
    await broken.getByRole("button", { name: "Cancel" }).click();

    // ---- check now: the health badge with latency and time ----
    await row.getByRole("button", { name: "Check Local one now" }).click();
    await expect(row).toContainText(/OK · \d+ ms/);
    await expect(row).toContainText(/Checked/);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(2);

    // ---- edit: name and cap only; the saved credentials stay ----
    await row.getByRole("button", { name: "Actions for Local one" }).click();
    await page.getByRole("menuitem", { name: "Edit" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Local one" });
    await expect(edit.getByLabel("New URL")).toHaveValue("");
    await expect(edit.getByText(/Leave empty to keep the saved address and credentials/)).toBeVisible();
    await edit.getByLabel("Name").fill("Local main");
    await edit.getByLabel("Max instances").fill("");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toBeHidden();
    const renamed = table.getByRole("row", { name: /Local main/ });
    await expect(renamed).toContainText("0 · no cap");
    const [saved] = await pool();
    expect(saved).toMatchObject({ name: "Local main", maxInstances: null, url: expect.stringContaining("ops:••••@") });
    await expect(renamed).toContainText(/OK · \d+ ms/); // same address: the health stays

    // ---- delete in use: refused with the gateway's message; after unassigning, deleted ----
    const { id } = await instanceIn("e2e proxy user", "QR_REQUIRED");
    instances.push(id);
    await gatewayCall("PUT", `/api/v1/instances/${id}/proxy`, { mode: "pool", proxyId: saved!.id });
    await page.reload();
    await expect(renamed).toContainText("1 · no cap");
    await renamed.getByRole("button", { name: "Actions for Local main" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete this proxy?" });
    await expect(confirm).toContainText("1 instance uses it");
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText("Could not delete the proxy", { exact: true })).toBeVisible();
    await expect(page.getByText(/^1 instance uses this proxy: assign it another proxy \(or none\) first/)).toBeVisible();
    expect(await pool()).toHaveLength(1);
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page);
    await snapshot(page, "proxies-1280-light");

    await gatewayCall("DELETE", `/api/v1/instances/${id}/proxy`);
    await page.reload();
    await renamed.getByRole("button", { name: "Actions for Local main" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("alertdialog", { name: "Delete this proxy?" }).getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText("Proxy deleted", { exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { name: "No proxies yet" })).toBeVisible();
    expect(await pool()).toHaveLength(0);
  });

  test("a poll that fails keeps the list and an open Edit dialog, says so, and clears once a poll works again", async ({ page }) => {
    test.setTimeout(60_000);
    await gatewayCall("POST", "/api/v1/proxies", { name: "Polled", url: proxy.url });
    await signIn(page, "/proxies");
    const row = page.getByRole("row", { name: /Polled/ });
    await row.getByRole("button", { name: "Actions for Polled" }).click();
    await page.getByRole("menuitem", { name: "Edit" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Polled" });
    await edit.getByLabel("New URL").fill("http://user:typed-not-saved@127.0.0.1:3128");
    // The list's next poll (every 15 s) fails, as when the gateway is briefly unreachable.
    let failing = true;
    await page.route("**/bff/api/v1/proxies?*", (route) =>
      failing && route.request().method() === "GET" ? route.fulfill({ status: 502, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "The gateway did not answer" } }) }) : route.fallback(),
    );
    await expect(page.getByText(/^Could not refresh the proxies: The gateway did not answer/)).toBeVisible({ timeout: 25_000 });
    await expect(edit).toBeVisible();
    await expect(edit.getByLabel("New URL")).toHaveValue("http://user:typed-not-saved@127.0.0.1:3128");
    await edit.getByRole("button", { name: "Cancel" }).click();
    await expect(row).toBeVisible();
    failing = false;
    await page.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByText(/^Could not refresh the proxies/)).toBeHidden();
  });

  test("the pool at 390 px in the dark: cards, no overflow, axe", async ({ page }) => {
    await gatewayCall("POST", "/api/v1/proxies", { name: "Phone view with a rather long proxy name", url: proxy.url.replace("http://", "http://someone:pw@"), maxInstances: 10 });
    const failing = await gatewayCall<PoolProxy>("POST", "/api/v1/proxies", { name: "Gone", url: `http://127.0.0.1:${await closedPort()}` });
    await gatewayCall("POST", `/api/v1/proxies/${failing.id}/check`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await signIn(page, "/proxies");
    const cards = page.getByRole("list", { name: "Proxies" });
    await expect(cards.getByRole("listitem")).toHaveCount(2);
    await expect(cards.getByRole("listitem").filter({ hasText: "Gone" })).toContainText("(connection refused)");
    await noHorizontalOverflow(page);
    await expectNoAxeViolations(page);
    await snapshot(page, "proxies-390-dark");
  });

  test("the instance's proxy card: choose a pool proxy, confirm the restart, back CONNECTED without a QR", async ({ page }) => {
    test.setTimeout(90_000);
    const chosen = await gatewayCall<PoolProxy>("POST", "/api/v1/proxies", { name: "Card proxy", url: proxy.url, maxInstances: 5 });
    await gatewayCall("POST", `/api/v1/proxies/${chosen.id}/check`);
    const { id } = await instanceIn("e2e proxy card", "CONNECTED");
    instances.push(id);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await signIn(page, `/instances/${id}/settings`);
    const card = page.getByTestId("instance-proxy-card");
    await expect(card.getByTestId("instance-proxy-current")).toContainText("Directly");
    const form = card.getByRole("form", { name: "Proxy" });
    await expect(form.getByRole("button", { name: "Save proxy" })).toBeDisabled();
    await form.getByRole("combobox", { name: "Connect through" }).click();
    await page.getByRole("option", { name: "Card proxy · 0 of 5 · OK" }).click();

    const seqBefore = Math.max(...(await gatewayCall<History>("GET", `/api/v1/instances/${id}/status-history?limit=1`)).items.map((h) => h.seq));
    await form.getByRole("button", { name: "Save proxy" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Restart the session through the new proxy?" });
    await expect(confirm).toContainText("pool proxy Card proxy");
    await confirm.getByRole("button", { name: "Save and restart" }).click();
    await expect(page.getByText("The session is restarting through it; no QR needed.")).toBeVisible();
    await expect(card.getByTestId("instance-proxy-current")).toHaveAttribute("data-mode", "pool");
    await expect(card.getByTestId("instance-proxy-current")).toContainText("Through Card proxy");
    await expect(card.getByTestId("instance-proxy-current")).toContainText(/OK · \d+ ms/);
    await expect(page.getByTestId("instance-header")).toHaveAttribute("data-status", "CONNECTED", { timeout: 15_000 });
    expect(await gatewayCall<InstanceProxy>("GET", `/api/v1/instances/${id}/proxy`)).toMatchObject({ mode: "pool", proxyId: chosen.id });
    const since = (await gatewayCall<History>("GET", `/api/v1/instances/${id}/status-history?limit=20`)).items.filter((h) => h.seq > seqBefore).map((h) => h.status);
    // A proxy change restarts the session (INIT) and it links again by itself.
    expect(since).toEqual(expect.arrayContaining(["INIT", "CONNECTED"]));
    expect(since).not.toContain("QR_REQUIRED");

    // ---- custom URL: Test inline, validated before it is sent ----
    await form.getByRole("combobox", { name: "Connect through" }).click();
    await page.getByRole("option", { name: "Custom URL" }).click();
    await form.getByLabel("Proxy URL").fill(`http://127.0.0.1:${await closedPort()}`);
    await form.getByRole("button", { name: "Test" }).click();
    await expect(form.getByTestId("proxy-test-result")).toContainText("(connection refused)");
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page);
    await snapshot(page, "instance-proxy-card-1280-light");

    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await expect(card.getByTestId("instance-proxy-current")).toContainText("Through Card proxy");
    await card.scrollIntoViewIfNeeded();
    await noHorizontalOverflow(page);
    await expectNoAxeViolations(page);
    await snapshot(page, "instance-proxy-card-390-dark");
  });

  test("bulk assign from the instances table: chunks, progress, a result per row, a full proxy refuses the rest", async ({ page }) => {
    test.setTimeout(90_000);
    const small = await gatewayCall<PoolProxy>("POST", "/api/v1/proxies", { name: "Bulk small", url: proxy.url, maxInstances: 2 });
    for (let i = 0; i < 3; i += 1) instances.push((await instanceIn(`Bulk proxy ${i}`, i === 2 ? "QR_REQUIRED" : "CONNECTED")).id);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, "/instances?q=Bulk%20proxy");
    const table = page.getByRole("table", { name: "Instances" });
    await expect(table.getByRole("row", { name: /Bulk proxy/ })).toHaveCount(3);
    await table.getByRole("checkbox", { name: /select all/i }).check();
    await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Assign proxy" }).click();
    const dialog = page.getByRole("dialog", { name: "Assign a proxy to 3 instances" });
    await dialog.getByRole("combobox", { name: "Proxy" }).click();
    await page.getByRole("option", { name: "Bulk small · 0 of 2 · Not checked" }).click();
    await dialog.getByRole("button", { name: "Assign to 3" }).click();
    await expect(dialog.getByTestId("bulk-progress")).toHaveText("3 of 3 done, 1 failed");
    await expect(dialog.locator("[data-result=ok]")).toHaveCount(2);
    await expect(dialog.locator("[data-result=ok]").first()).toContainText("Through Bulk small");
    await expect(dialog.locator("[data-result=failed]")).toContainText(/Proxy "Bulk small" has no room/);
    await snapshot(page, "proxies-bulk-assign-1280-light");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("region", { name: "Bulk actions" })).toBeHidden();
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page);
    const modes = await Promise.all(instances.map((id) => gatewayCall<InstanceProxy>("GET", `/api/v1/instances/${id}/proxy`)));
    expect(modes.filter((m) => m.proxyId === small.id)).toHaveLength(2);
    expect((await pool()).find((p) => p.id === small.id)?.instances).toBe(2);
  });
});
