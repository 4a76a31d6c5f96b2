import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { expectNoAxeViolations } from "./support/axe";
import { gatewayCall, instanceIn } from "./support/gateway-api";
import { signIn, snapshot } from "./support/session";

type Settings = Record<string, unknown> & { deviceName: string };
type Instance = { status: string; browser?: [string, string, string] };

async function noHorizontalOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

test.describe("instance settings", () => {
  let instanceId: string | undefined;
  test.afterEach(async () => {
    if (instanceId) await gatewayCall("DELETE", `/api/v1/instances/${instanceId}`).catch(() => undefined);
  });

  test("the Settings section holds still while the profile comes in from WhatsApp", async ({ page }) => {
    const { id } = await instanceIn("e2e steady settings", "CONNECTED");
    instanceId = id;
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page);
    // Every layout shift of the document load, as Lighthouse counts them (none right after input).
    await page.addInitScript(() => {
      const w = window as unknown as { __shifts: number };
      w.__shifts = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!entry.hadRecentInput) w.__shifts += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(`/instances/${id}/settings`);
    await expect(page.getByTestId("profile-card").getByRole("form", { name: "Profile" })).toBeVisible();
    await expect(page.getByTestId("instance-proxy-card")).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __shifts: number }).__shifts)).toBeLessThan(0.01);
  });

  test("the Settings section saves behaviour live, asks before a restart, validates, and fits 390 px in the dark", async ({ page }) => {
    test.setTimeout(90_000);
    const { id } = await instanceIn("e2e settings", "CONNECTED");
    instanceId = id;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await signIn(page, `/instances/${id}`);

    // ---- the section links: Overview, then Settings, as real links ----
    const sections = page.getByRole("navigation", { name: "Instance sections" });
    await expect(sections.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
    await sections.getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(new RegExp(`/instances/${id}/settings$`));
    await expect(sections.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("instance-header")).toHaveAttribute("data-status", "CONNECTED");
    const form = page.getByRole("form", { name: "Behaviour settings" });
    await expect(form.getByLabel("Device name")).toHaveValue((await gatewayCall<Settings>("GET", `/api/v1/instances/${id}/settings`)).deviceName);
    await expect(form.getByRole("button", { name: "Save settings" })).toBeDisabled();

    // ---- live settings: saved without a restart ----
    await form.getByRole("switch", { name: "Reject calls" }).click();
    await form.getByLabel("Reply to rejected calls").fill("  Please write instead.  ");
    await form.getByRole("switch", { name: "Ignore groups" }).click();
    await expect(form.getByText("Unsaved changes")).toBeVisible();
    await form.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Settings saved", { exact: true })).toBeVisible();
    await expect(form.getByText("Unsaved changes")).toHaveCount(0);
    const saved = await gatewayCall<Settings>("GET", `/api/v1/instances/${id}/settings`);
    expect(saved).toMatchObject({ rejectCalls: true, rejectCallMessage: "Please write instead.", ignoreGroups: true, readMessages: false });
    expect((await gatewayCall<Instance>("GET", `/api/v1/instances/${id}`)).status).toBe("CONNECTED");

    // ---- Discard puts the saved values back ----
    await form.getByRole("switch", { name: "Always online" }).click();
    await form.getByRole("button", { name: "Discard" }).click();
    await expect(form.getByRole("switch", { name: "Always online" })).toHaveAttribute("aria-checked", "false");

    // ---- the device name: validated, then saved after a confirmation, by a restart without a QR ----
    await form.getByLabel("Device name").fill(" ");
    await form.getByRole("button", { name: "Save settings" }).click();
    await expect(form.getByText("The device name must not be empty.")).toBeVisible();
    await expect(form.getByLabel("Device name")).toHaveAttribute("aria-invalid", "true");
    await form.getByLabel("Device name").fill("x".repeat(41));
    await form.getByRole("button", { name: "Save settings" }).click();
    await expect(form.getByText("The device name must be at most 40 characters.")).toBeVisible();
    await form.getByLabel("Device name").fill("Front desk");
    type History = { items: Array<{ seq: number; status: string }> };
    const seqBefore = Math.max(...(await gatewayCall<History>("GET", `/api/v1/instances/${id}/status-history?limit=1`)).items.map((h) => h.seq));
    await form.getByRole("button", { name: "Save settings" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Restart the session to apply?" });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Save and restart" }).click();
    await expect(page.getByText(/restarts to apply the device name; no QR needed/)).toBeVisible();
    await expect(page.getByTestId("instance-header")).toHaveAttribute("data-status", "CONNECTED", { timeout: 15_000 });
    const after = await gatewayCall<Instance>("GET", `/api/v1/instances/${id}`);
    expect(after.browser?.[0]).toBe("Front desk");
    const since = (await gatewayCall<History>("GET", `/api/v1/instances/${id}/status-history?limit=20`)).items.filter((h) => h.seq > seqBefore).map((h) => h.status);
    expect(since).toContain("RECONNECTING");
    expect(since).not.toContain("QR_REQUIRED");
    await expectNoAxeViolations(page);
    await snapshot(page, "instance-settings-1280-light");

    // ---- 390 px in the dark ----
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await expect(form.getByLabel("Device name")).toHaveValue("Front desk");
    await noHorizontalOverflow(page);
    await expectNoAxeViolations(page);
    await snapshot(page, "instance-settings-390-dark");
  });

  test("the profile card edits name and about, uploads a picture the gateway squares, removes it, and saves privacy", async ({ page }) => {
    test.setTimeout(90_000);
    const { id } = await instanceIn("e2e profile", "CONNECTED");
    instanceId = id;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await signIn(page, `/instances/${id}/settings`);
    const card = page.getByTestId("profile-card");
    await expect(card.getByRole("img", { name: "No profile picture" })).toBeVisible();

    // ---- name and about, with WhatsApp's limits ----
    const profileForm = card.getByRole("form", { name: "Profile" });
    await profileForm.getByLabel("Display name").fill("A".repeat(26));
    await expect(profileForm.getByText("26/25")).toBeVisible();
    await profileForm.getByRole("button", { name: "Save profile" }).click();
    await expect(profileForm.getByText("The name must be at most 25 characters.")).toBeVisible();
    await profileForm.getByLabel("Display name").fill("Front Desk");
    await profileForm.getByLabel("About").fill("Open 9 to 5");
    await profileForm.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Profile saved", { exact: true })).toBeVisible();
    expect(await gatewayCall("GET", `/api/v1/instances/${id}/profile`)).toMatchObject({ name: "Front Desk", about: "Open 9 to 5" });
    expect(await gatewayCall("GET", `/api/v1/instances/${id}`)).toMatchObject({ pushName: "Front Desk" });

    // ---- a wide PNG goes up through the panel and comes back square ----
    const wide = await sharp({ create: { width: 900, height: 300, channels: 3, background: { r: 20, g: 160, b: 90 } } }).png().toBuffer();
    await card.getByTestId("profile-picture-input").setInputFiles({ name: "banner.png", mimeType: "image/png", buffer: wide });
    await expect(page.getByText("Profile picture set", { exact: true })).toBeVisible();
    const picture = card.getByRole("img", { name: "Profile picture" });
    await expect(picture).toBeVisible();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => [img.complete, img.naturalWidth, img.naturalHeight])).toEqual([true, 640, 640]);
    // Away from the toasts (sonner holds them while the pointer is over them), so they close before axe runs.
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page);
    await snapshot(page, "instance-profile-1280-light");

    // ---- removing asks first ----
    await card.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("alertdialog", { name: "Remove the profile picture?" }).getByRole("button", { name: "Remove picture" }).click();
    await expect(card.getByRole("img", { name: "No profile picture" })).toBeVisible();
    expect(await gatewayCall("GET", `/api/v1/instances/${id}/profile`)).toMatchObject({ hasPicture: false });

    // ---- privacy ----
    const privacy = card.getByRole("form", { name: "Privacy" });
    await privacy.getByRole("combobox", { name: "Last seen" }).click();
    await page.getByRole("option", { name: "Nobody" }).click();
    await privacy.getByRole("button", { name: "Save privacy" }).click();
    await expect(page.getByText("Privacy settings saved", { exact: true })).toBeVisible();
    expect(await gatewayCall("GET", `/api/v1/instances/${id}/profile/privacy`)).toMatchObject({ lastSeen: "none" });

    // ---- 390 px in the dark ----
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await noHorizontalOverflow(page);
    await expectNoAxeViolations(page);
    await snapshot(page, "instance-profile-390-dark");
  });
});
