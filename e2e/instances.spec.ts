import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { gatewayCall, instanceIn } from "./support/gateway-api";
import { signIn, snapshot } from "./support/session";

/** Records every value the header's data-status takes, so brief states (RECONNECTING) are not missed. */
async function recordStatuses(page: Page) {
  await page.evaluate(() => {
    const header = document.querySelector("[data-testid=instance-header]")!;
    const seen: string[] = [header.getAttribute("data-status")!];
    (window as unknown as { __statuses: string[] }).__statuses = seen;
    new MutationObserver(() => {
      const current = document.querySelector("[data-testid=instance-header]")?.getAttribute("data-status");
      if (current && seen.at(-1) !== current) seen.push(current);
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-status"], childList: true });
  });
  return () => page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
}

test.describe("instances", () => {
  test("create → QR rotates live → scan → CONNECTED live in page and table → 428 → logout → delete", async ({ page, context }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/instances");
    // A second tab on the table, to see the row change live.
    const tablePage = await context.newPage();
    await tablePage.setViewportSize({ width: 1280, height: 800 });
    await tablePage.goto("/instances");

    await page.getByRole("button", { name: "New instance" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New instance" });
    // The dialog opens with the cursor in Name.
    await expect(dialog.getByLabel("Name")).toBeFocused();
    await dialog.getByLabel("Name").fill("-bad name");
    await dialog.getByRole("button", { name: "Create and show QR" }).click();
    await expect(dialog.getByText(/must start with a letter or digit/)).toBeVisible();
    // A name another instance has (ignoring case) is refused under the field, naming that instance.
    const taken = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "E2E Taken", connect: false });
    await dialog.getByLabel("Name").fill("e2e taken");
    await dialog.getByRole("button", { name: "Create and show QR" }).click();
    await expect(dialog.getByText(`An instance named "E2E Taken" already exists (${taken.id}): choose another name`)).toBeVisible();
    await expect(dialog.getByLabel("Name")).toBeFocused();
    await gatewayCall("DELETE", `/api/v1/instances/${taken.id}`);
    await dialog.getByLabel("Name").fill("E2E Sales");
    await dialog.getByRole("button", { name: "Create and show QR" }).click();
    await expect(page).toHaveURL(/\/instances\/ins_[A-Za-z0-9]+$/);
    const header = page.getByTestId("instance-header");
    await expect(header).toHaveAttribute("data-status", "QR_REQUIRED");
    const qr = page.getByTestId("qr-code");
    await expect(qr.locator("svg")).toBeVisible();
    const firstQr = await qr.getAttribute("data-qr");
    await expect(page.getByText(/Attempt 1 of 40/)).toBeVisible();
    // The gateway rotates the QR; the page swaps it without a reload.
    await expect(qr).not.toHaveAttribute("data-qr", firstQr!, { timeout: 15_000 });
    await expect(page.getByText(/Attempt 2 of 40/)).toBeVisible();
    await snapshot(page, "instance-qr-desktop");

    const row = tablePage.getByRole("row", { name: /E2E Sales/ });
    await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "QR_REQUIRED");

    await page.getByRole("button", { name: "Simulate scan" }).click();
    await expect(header).toHaveAttribute("data-status", "CONNECTED");
    const metadata = page.getByTestId("instance-metadata");
    await expect(metadata).toContainText(/\+1555\d{7}/);
    await expect(metadata).toContainText("Sandbox phone");
    await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "CONNECTED");
    await expect(row).toContainText("Sandbox phone");
    await snapshot(page, "instance-connected-desktop");

    const statuses = await recordStatuses(page);
    await page.getByRole("button", { name: "Disconnect" }).click(); // default code 428
    await expect(page.getByTestId("status-history")).toContainText("code 428");
    await expect(header).toHaveAttribute("data-status", "CONNECTED");
    expect((await statuses()).slice(-2)).toEqual(["RECONNECTING", "CONNECTED"]);

    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Log out" }).click();
    await expect(header).toHaveAttribute("data-status", "QR_REQUIRED");
    await expect(page.getByTestId("instance-metadata")).toContainText("not linked");

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await expect(page).toHaveURL(/\/instances$/);
    await expect(page.getByRole("row", { name: /E2E Sales/ })).toHaveCount(0);
    await expect(tablePage.getByRole("row", { name: /E2E Sales/ })).toHaveCount(0);
    await tablePage.close();
  });

  test("link with a pairing code instead of the QR, and rename the instance", async ({ page }) => {
    const instance = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "Pairing source", connect: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, `/instances/${instance.id}`);
    const header = page.getByTestId("instance-header");
    await expect(header).toHaveAttribute("data-status", "QR_REQUIRED");

    await page.getByRole("tab", { name: "Phone number" }).click();
    const phone = page.getByRole("textbox", { name: "Phone number" });
    await phone.fill("12");
    await page.getByRole("button", { name: "Get code" }).click();
    await expect(page.getByText(/Enter the full number with country code/)).toBeVisible();
    await expect(phone).toHaveAttribute("aria-invalid", "true");
    await phone.fill("+49 151 1234 5678");
    await page.getByRole("button", { name: "Get code" }).click();
    await expect(page.getByText("Pairing code for +4915112345678")).toBeVisible();
    await expect(page.getByTestId("pairing-code")).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expect(page.getByRole("button", { name: "Copy pairing code" })).toBeVisible();
    await snapshot(page, "instance-pairing-code-phone");
    // Typing the code on the phone is what the sandbox's scan stands for: it links the number the code was for.
    await page.getByRole("button", { name: "Simulate scan" }).click();
    await expect(header).toHaveAttribute("data-status", "CONNECTED");
    await expect(page.getByTestId("instance-metadata")).toContainText("+4915112345678");

    await page.getByRole("button", { name: "Rename" }).click();
    const dialog = page.getByRole("dialog", { name: "Rename instance" });
    const name = dialog.getByLabel("Name");
    await expect(name).toHaveValue("Pairing source");
    await name.fill("-bad");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText(/must start with a letter or digit/)).toBeVisible();
    await name.fill("Pairing renamed");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(header).toContainText("Pairing renamed");
    await page.reload();
    await expect(page.getByTestId("instance-header")).toContainText("Pairing renamed");
    await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
  });

  test("table with 55 instances: sort, status filter, search, URL state, bulk restart", async ({ page }) => {
    const created: { id: string; name: string }[] = [];
    for (let i = 0; i < 55; i += 1) {
      created.push(await gatewayCall("POST", "/api/v1/instances", { name: `Fleet ${String(i).padStart(2, "0")}`, connect: i < 6 }));
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/instances");
    const table = page.getByRole("table", { name: "Instances" });
    await expect(table.getByRole("row")).toHaveCount(51); // header + 50 per page
    // One gateway node: no Node column (cluster.spec.ts has it).
    await expect(table.getByRole("columnheader", { name: /Node/ })).toHaveCount(0);
    await expect(page.getByText(/Page 1 of 2/)).toBeVisible();

    // Sort by name, descending.
    await page.getByRole("button", { name: "Sort by Name" }).click(); // default is asc: → desc
    await expect(page).toHaveURL(/sort=name\.desc/);
    await expect(table.getByRole("row").nth(1)).toContainText("Fleet 54");

    // Status facet with counts: the 6 connecting ones are QR_REQUIRED.
    await page.getByRole("button", { name: /^Status/ }).click();
    await page.getByRole("menuitemcheckbox", { name: /QR required/ }).click();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/filter\.status=QR_REQUIRED/);
    await expect(table.getByRole("row", { name: /Fleet/ })).toHaveCount(6);

    // Search narrows further; the URL keeps it all and restores it on reload.
    await page.getByRole("searchbox", { name: "Search instances by name or number" }).fill("Fleet 0");
    await expect(page).toHaveURL(/q=Fleet(\+|%20)0/);
    await expect(table.getByRole("row", { name: /Fleet/ })).toHaveCount(6);
    await page.getByRole("searchbox", { name: "Search instances by name or number" }).fill("Fleet 03");
    await expect(table.getByRole("row")).toHaveCount(2);
    // The table follows the search at once; the router writes the URL when its navigation commits (slower on a busy machine).
    await expect(page).toHaveURL(/q=Fleet(\+|%20)03/);
    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search instances by name or number" })).toHaveValue("Fleet 03");
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table.getByRole("row").nth(1)).toContainText("Fleet 03");

    await page.getByRole("button", { name: "Reset" }).click();
    await page.getByRole("searchbox", { name: "Search instances by name or number" }).fill("Fleet 1");
    await expect(table.getByRole("row")).toHaveCount(11);

    // Bulk restart the ten, with confirmation, progress and a per-row result.
    await table.getByRole("checkbox", { name: /select all/i }).check();
    await expect(page.getByRole("region", { name: "Bulk actions" })).toContainText("10 selected");
    // Selected rows keep AA contrast: their muted text (number, last seen) on the selected row's background.
    await expectNoAxeViolations(page, { include: "main" });
    await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Restart" }).click();
    const dialog = page.getByRole("dialog", { name: /Restart 10 instances/ });
    await dialog.getByRole("button", { name: "Restart 10" }).click();
    await expect(dialog.getByTestId("bulk-progress")).toHaveText("10 of 10 done");
    await expect(dialog.locator("[data-result=ok]")).toHaveCount(10);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(table.locator("[data-status=QR_REQUIRED]")).toHaveCount(10);
    await snapshot(page, "instances-table-desktop");

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId("instance-cards")).toBeVisible();
    await snapshot(page, "instances-table-phone");

    for (const instance of created) await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
  });

  test("bulk Reconnect after filtering to the stopped ones: confirmation, progress, a result per row, running ones skipped", async ({ page }) => {
    const created: { id: string }[] = [];
    for (let i = 0; i < 4; i += 1) created.push(await instanceIn(`Stopped ${i}`, i % 2 === 0 ? "DISCONNECTED" : "ERROR"));
    created.push(await instanceIn("Stopped but running", "QR_REQUIRED"));
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await signIn(page, "/instances?filter.status=QR_REQUIRED,DISCONNECTED,ERROR&q=Stopped");
      const table = page.getByRole("table", { name: "Instances" });
      await expect(table.getByRole("row", { name: /Stopped/ })).toHaveCount(5);
      await table.getByRole("checkbox", { name: /select all/i }).check();
      const bar = page.getByRole("region", { name: "Bulk actions" });
      await bar.getByRole("button", { name: "Reconnect" }).focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Reconnect 5 instances?" });
      await expect(dialog.getByTestId("bulk-skip-note")).toHaveText("1 of 5 will be skipped: already running.");
      await snapshot(page, "instances-bulk-reconnect-confirm");
      await dialog.getByRole("button", { name: "Reconnect 4" }).click();
      await expect(dialog.getByTestId("bulk-progress")).toHaveText("5 of 5 done, 1 skipped");
      await expect(dialog.locator("[data-result=ok]")).toHaveCount(4);
      await expect(dialog.locator("[data-result=skipped]")).toContainText("Stopped but running");
      await expect(dialog.locator("[data-result=skipped]")).toContainText("Skipped: already running (QR required)");
      await snapshot(page, "instances-bulk-reconnect-done");
      await dialog.getByRole("button", { name: "Done" }).click();
      // Still linked, so each reconnects without a QR; the rows follow live (and leave the filter).
      for (const { id } of created.slice(0, 4)) await expect.poll(async () => (await gatewayCall<{ status: string }>("GET", `/api/v1/instances/${id}`)).status).toBe("CONNECTED");
      await expect(table.getByRole("row", { name: /Stopped/ })).toHaveCount(1);
    } finally {
      for (const { id } of created) await gatewayCall("DELETE", `/api/v1/instances/${id}`);
    }
  });

  test("bulk Delete keeps every row with its result to the end: the deleted ones leave the table, not the dialog", async ({ page }) => {
    const created: { id: string }[] = [];
    for (let i = 0; i < 6; i += 1) created.push(await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: `Doomed ${i}`, connect: false }));
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await signIn(page, "/instances?q=Doomed");
      const table = page.getByRole("table", { name: "Instances" });
      await expect(table.getByRole("row", { name: /Doomed/ })).toHaveCount(6);
      await table.getByRole("checkbox", { name: /select all/i }).check();
      await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Delete" }).click();
      const dialog = page.getByRole("dialog", { name: "Delete 6 instances?" });
      await dialog.getByRole("button", { name: "Delete 6" }).click();
      await expect(dialog.getByTestId("bulk-progress")).toHaveText("6 of 6 done");
      await expect(dialog.locator("[data-result=ok]")).toHaveCount(6);
      await expect(page.getByRole("dialog", { name: "Delete 6 instances?" })).toBeVisible();
      await dialog.getByRole("button", { name: "Done" }).click();
      await expect(table.getByRole("row", { name: /Doomed/ })).toHaveCount(0);
      expect((await gatewayCall<{ items: unknown[] }>("GET", "/api/v1/instances?search=Doomed")).items).toEqual([]);
    } finally {
      for (const { id } of created) await gatewayCall("DELETE", `/api/v1/instances/${id}`).catch(() => undefined);
    }
  });

  test("after a 403 or a 440 the page offers a reconnect without a QR, and the last error turns neutral once connected again", async ({ page }) => {
    const failed = await instanceIn("Forbidden once", "ERROR");
    const replaced = await instanceIn("Replaced once", "DISCONNECTED");
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await signIn(page, `/instances/${replaced.id}`);
      const header = page.getByTestId("instance-header");
      await expect(header).toHaveAttribute("data-status", "DISCONNECTED");
      await expect(page.getByText(/Reconnect uses the linked device: no new QR code is needed/)).toBeVisible();
      await expect(page.getByText(/new QR code\./)).toHaveCount(0);

      await page.goto(`/instances/${failed.id}`);
      await expect(header).toHaveAttribute("data-status", "ERROR");
      await expect(page.getByText(/Reconnect uses the linked device: no new QR code is needed/)).toBeVisible();
      const lastError = page.getByTestId("last-error");
      await expect(lastError).toContainText("Forbidden");
      // Red while it is the reason the instance is down: the same colour as the page's destructive buttons.
      const red = await page.getByRole("button", { name: "Delete" }).evaluate((el) => getComputedStyle(el).backgroundColor);
      await expect(lastError).toHaveCSS("color", red);
      await snapshot(page, "instance-error-403");

      await page.getByTestId("link-device-reconnect").click();
      await expect(header).toHaveAttribute("data-status", "CONNECTED");
      // Still there, for the record, but in the muted colour of the labels beside it and marked as past.
      const muted = await page.getByTestId("instance-metadata").locator("dt").first().evaluate((el) => getComputedStyle(el).color);
      await expect(lastError).toContainText("recovered");
      await expect(lastError).toHaveCSS("color", muted);
      await snapshot(page, "instance-error-recovered");
      await page.emulateMedia({ colorScheme: "dark" });
      await page.setViewportSize({ width: 390, height: 844 });
      await lastError.scrollIntoViewIfNeeded();
      await snapshot(page, "instance-error-recovered-phone-dark");
      await page.emulateMedia({ colorScheme: "light" });
    } finally {
      for (const { id } of [failed, replaced]) await gatewayCall("DELETE", `/api/v1/instances/${id}`);
    }
  });

  test("accessibility: keyboard and axe on the table and the instance page, at both widths", async ({ page }) => {
    const instance = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "A11y line" });
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/instances");
    await expect(page.getByRole("row", { name: /A11y line/ })).toBeVisible();
    await expectNoAxeViolations(page);

    // Keyboard only: open the row's actions menu and reach Restart.
    await page.getByRole("button", { name: "Actions for A11y line" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem", { name: "Restart" })).toBeVisible();
    await page.keyboard.press("Escape");

    // The status badge gives its reason on keyboard focus and on hover.
    const { statusReason } = await gatewayCall<{ statusReason: string }>("GET", `/api/v1/instances/${instance.id}`);
    expect(statusReason).toBeTruthy();
    const badge = page.getByRole("row", { name: /A11y line/ }).locator("[data-status]").first();
    await page.getByRole("row", { name: /A11y line/ }).getByRole("link", { name: "A11y line" }).focus();
    await page.keyboard.press("Tab");
    await expect(badge).toBeFocused();
    await expect(page.getByRole("tooltip")).toContainText(statusReason);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("tooltip")).toHaveCount(0);
    await badge.hover();
    await expect(page.getByRole("tooltip")).toContainText(statusReason);
    await page.mouse.move(5, 700, { steps: 4 });
    await expect(page.getByRole("tooltip")).toHaveCount(0);

    await page.goto(`/instances/${instance.id}`);
    await expect(page.getByTestId("instance-header")).toHaveAttribute("data-status", "QR_REQUIRED");
    await expect(page.getByTestId("qr-code").locator("svg")).toBeVisible();
    await expectNoAxeViolations(page);
    // The delete confirmation traps focus and Escape closes it.
    await page.getByRole("button", { name: "Delete" }).focus();
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("alertdialog");
    await expect(confirm).toBeVisible();
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press("Tab");
      expect(await confirm.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect(confirm).toBeHidden();

    await page.setViewportSize({ width: 390, height: 844 });
    await snapshot(page, "instance-qr-phone");
    await expectNoAxeViolations(page);
    await page.goto("/instances");
    await expect(page.getByTestId("instance-cards")).toBeVisible();
    await expectNoAxeViolations(page);
    await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
  });
  test("an instance's pages arrive with their data in the server's HTML, hydrate without errors, and catch up on what changed before the socket connected", async ({ page }) => {
    const instance = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "Server rendered", connect: true });
    await expect.poll(async () => (await gatewayCall<{ status: string }>("GET", `/api/v1/instances/${instance.id}`)).status).toBe("QR_REQUIRED");
    await signIn(page);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      // A 409 from the QR route is a state (the instance is no longer waiting for a scan), which the page shows as such.
      if (message.type() === "error" && !message.text().includes("status of 409")) errors.push(message.text());
    });

    // The server's HTML already holds the data: no skeleton first, no client fetch needed to show it.
    const response = await page.request.get(`/instances/${instance.id}`);
    // The HTML now carries the operator's data: no shared cache may keep it.
    expect(response.headers()["cache-control"]).toContain("no-store");
    const html = await response.text();
    expect(html).toContain('data-status="QR_REQUIRED"');
    expect(html).toContain("Server rendered");
    // Every card of the page, the send queue's numbers included (a card that fetched later would push the rest down).
    expect(html).toContain('data-testid="queue-depth"');
    expect(await (await page.request.get("/instances")).text()).toContain("Server rendered");
    // A phone's client hint gets only the cards in the HTML, a desktop's only the table; without the hint, both.
    const listHtml = async (mobile?: string) => (await page.request.get("/instances", { headers: mobile ? { "sec-ch-ua-mobile": mobile } : {} })).text();
    const layouts = (html: string) => ({ table: /<table[^>]*aria-label="Instances"/.test(html), cards: html.includes('data-testid="instance-cards"') });
    expect(layouts(await listHtml("?1"))).toEqual({ table: false, cards: true });
    expect(layouts(await listHtml("?0"))).toEqual({ table: true, cards: false });
    expect(layouts(await listHtml())).toEqual({ table: true, cards: true });

    // Hold the live connection back, change the instance meanwhile: the page must not keep the server's old copy.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/bff/api/v1/auth/socket-ticket", async (route) => {
      await held;
      await route.continue();
    });
    await page.addInitScript(() => {
      const payloads: { url: string; body: string }[] = [];
      (window as unknown as { __rscPayloads: typeof payloads }).__rscPayloads = payloads;
      const fetch = window.fetch.bind(window);
      window.fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (new Headers(init?.headers).get("rsc") === "1") void response.clone().text().then((body) => payloads.push({ url: response.url, body }));
        return response;
      };
    });
    await page.goto(`/instances/${instance.id}`);
    const header = page.getByTestId("instance-header");
    await expect(header).toHaveAttribute("data-status", "QR_REQUIRED");
    await expect(page.getByTestId("connection-indicator")).not.toHaveAttribute("data-state", "connected");
    await gatewayCall("POST", `/api/v1/sandbox/instances/${instance.id}/scan`, {});
    await expect.poll(async () => (await gatewayCall<{ status: string }>("GET", `/api/v1/instances/${instance.id}`)).status).toBe("CONNECTED");
    await expect(header).toHaveAttribute("data-status", "QR_REQUIRED");
    release();
    await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
    await expect(header).toHaveAttribute("data-status", "CONNECTED");

    // A client-side navigation's payload carries no server copy (the browser's cache, fed by the socket, has the data);
    // a full page load does.
    expect(await (await page.request.get("/instances")).text()).toContain("queryHash");
    // Read in the page, as the router gets it: Chromium does not always keep a streamed fetch's body for the protocol.
    const rscPayloads = () => page.evaluate(() => (window as unknown as { __rscPayloads: { url: string; body: string }[] }).__rscPayloads);
    await page.getByRole("link", { name: "Instances", exact: true }).first().click();
    await expect.poll(async () => (await rscPayloads()).filter((p) => new URL(p.url).pathname === "/instances").length).toBeGreaterThan(0);
    for (const payload of (await rscPayloads()).filter((p) => new URL(p.url).pathname === "/instances")) expect(payload.body).not.toContain("queryHash");
    await expect(page.getByRole("row", { name: /Server rendered/ })).toBeVisible();
    expect(errors).toEqual([]);
    await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
  });

  test("an open instance page shows that the instance was deleted elsewhere, from the live event", async ({ page }) => {
    const instance = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "Deleted elsewhere", connect: true });
    let eventAt: number | undefined;
    page.on("websocket", (socket) =>
      socket.on("framereceived", ({ payload }) => {
        if (String(payload).includes('"instance.deleted"') && String(payload).includes(instance.id)) eventAt ??= Date.now();
      }),
    );
    await signIn(page, `/instances/${instance.id}`);
    await expect(page.getByTestId("instance-header")).toHaveAttribute("data-status", "QR_REQUIRED");
    await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
    // From here on the instance's other reads (its QR, history, send-queue counts; some are polled) get no answer, so
    // none of them can tell the page that it is gone: only the live event can (with its handler a no-op, this fails).
    await page.route((url) => url.pathname.startsWith(`/bff/api/v1/instances/${instance.id}/`), (route) => route.abort());
    // Deleted through the API, as another operator or an integration would.
    const deletedAt = Date.now();
    await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
    // How soon is the event's path (within a second on an idle machine: the annotation), not this test's clock.
    await expect(page.getByRole("heading", { name: "This instance was deleted" })).toBeVisible({ timeout: 15_000 });
    test.info().annotations.push({ type: "deletion shown after", description: `${Date.now() - deletedAt} ms` });
    expect(eventAt).toBeDefined();
    await expect(page.getByTestId("instance-header")).toHaveCount(0);
    await page.getByRole("link", { name: "Back to instances" }).click();
    await expect(page).toHaveURL(/\/instances$/);
    await expect(page.getByRole("row", { name: /Deleted elsewhere/ })).toHaveCount(0);
  });

  test("an instance address that names none answers 404 with the instances' not-found page, inside the panel", async ({ page }) => {
    const instance = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "Gone before the link" });
    await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
    await signIn(page, "/instances");
    // A deleted instance's overview and settings, and an address that is not an instance id at all.
    for (const path of [`/instances/${instance.id}`, `/instances/${instance.id}/settings`, "/instances/not%20an%20instance"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "No such instance" })).toBeVisible();
      // The panel's own layout is around it: its navigation and live connection, not a bare error page.
      await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
      await expect(page.getByTestId("instance-header")).toHaveCount(0);
    }
    await page.getByRole("link", { name: "Back to instances" }).click();
    await expect(page).toHaveURL(/\/instances$/);
    await expect(page.getByRole("heading", { name: "Instances", level: 1 })).toBeVisible();
  });

  test("the instance page counts what the API sent through it: the queue, and the last 24 hours by status", async ({ page }) => {
    const { id } = await instanceIn("Outbound counts", "CONNECTED");
    await signIn(page, `/instances/${id}`);
    const card = page.getByTestId("outbound-messages");
    const count = (status: string) => card.locator(`[data-message-status="${status}"] dd`);
    await expect(count("read")).toHaveText("0");
    await expect(card.getByTestId("queue-depth")).toHaveText("0");
    await expect(card).toContainText("1 per second");
    for (const text of ["one", "two", "three"]) await gatewayCall("POST", `/api/v1/instances/${id}/messages`, { to: "4915123456789", text });
    // Accepted, then failed when its turn comes: nothing listens there.
    await gatewayCall("POST", `/api/v1/instances/${id}/messages`, { to: "4915123456789", type: "image", url: "http://localhost:9/missing.png" });
    await expect(count("read")).toHaveText("3", { timeout: 30_000 });
    await expect(count("failed")).toHaveText("1");
    await expect(count("failed")).toHaveClass(/text-destructive/);
    await expect(card.getByTestId("queue-depth")).toHaveText("0");
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await card.screenshot({ path: "e2e/.artifacts/instance-outbound-card-phone.png" });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: "dark" });
    await card.screenshot({ path: "e2e/.artifacts/instance-outbound-card-desktop-dark.png" });
    await gatewayCall("DELETE", `/api/v1/instances/${id}`);
  });
  test("uptime and its timeline follow the status live; the watchdog can be tuned, and finds a stalled session and restarts it", async ({ page }) => {
    const { id } = await instanceIn("Uptime and watchdog", "CONNECTED");
    await signIn(page, `/instances/${id}`);
    const card = page.getByTestId("uptime-card");
    await expect(card.getByTestId("uptime-drops")).toHaveText("0");
    await expect(card.getByTestId("uptime-percent")).toHaveText(/%$/);
    await expect(card.getByRole("img", { name: /Timeline of the last 24 hours: .*% connected over the last 24 hours, 0 drops\./ })).toBeVisible();

    // The watchdog's settings: the gateway's default first, then the instance's own, validated, then back.
    const watchdog = card.getByTestId("watchdog-settings");
    await expect(watchdog).toContainText("The watchdog restarts it after 2 seconds without traffic (no QR needed) (the gateway's default).");
    await watchdog.getByRole("button", { name: "Watchdog settings" }).click();
    const dialog = page.getByRole("dialog", { name: "Watchdog" });
    await dialog.getByLabel("When it finds the session dead").click();
    await page.getByRole("option", { name: "Only mark it (alerts fire)" }).click();
    await dialog.getByLabel("Silence before it checks (minutes)").fill("0.5");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText(/The silence must be a number of minutes from 1 to 1440/)).toBeVisible();
    await dialog.getByLabel("Silence before it checks (minutes)").fill("5");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(watchdog).toContainText("The watchdog marks it unresponsive after 5 minutes without traffic, without restarting it.");
    await expectNoAxeViolations(page);
    await watchdog.getByRole("button", { name: "Watchdog settings" }).click();
    await dialog.getByLabel("When it finds the session dead").click();
    await page.getByRole("option", { name: /Gateway default/ }).click();
    await dialog.getByLabel("Silence before it checks (minutes)").fill("");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(watchdog).toContainText("(the gateway's default).");

    // A dead connection that still shows Connected: found, marked and restarted, without a QR, live on the page (the
    // restart is too quick to be sure to catch in the header: the history keeps it).
    await page.getByTestId("sandbox-controls").getByRole("button", { name: "Stall connection" }).click();
    await expect(page.getByText(/^Unresponsive \(no traffic for \d+ s\); restarting the session$/).first()).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId("instance-header")).toHaveAttribute("data-status", "CONNECTED", { timeout: 10_000 });
    await expect(page.getByTestId("instance-header")).not.toContainText("QR");
    // The drop shows in the uptime at once (a status event makes it stale).
    await expect(card.getByTestId("uptime-drops")).toHaveText("1");
    await card.getByRole("radio", { name: "the last 7 days" }).click();
    await expect(card.getByRole("img", { name: /Timeline of the last 7 days: .*1 drop\./ })).toBeVisible();

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.emulateMedia({ colorScheme: "dark" });
    await card.screenshot({ path: "e2e/.artifacts/instance-uptime-card-phone-dark.png" });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: "light" });
    await card.screenshot({ path: "e2e/.artifacts/instance-uptime-card-desktop.png" });
    await gatewayCall("DELETE", `/api/v1/instances/${id}`);
  });
});
