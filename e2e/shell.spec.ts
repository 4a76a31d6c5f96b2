import { expect, test } from "@playwright/test";
import { gatewayCall } from "./support/gateway-api";
import { signIn, snapshot } from "./support/session";

const SECTIONS = [
  { label: "Instances", path: "/instances" },
  { label: "Webhooks", path: "/webhooks" },
  { label: "Alerts", path: "/alerts" },
  { label: "Proxies", path: "/proxies" },
  { label: "API", path: "/api" },
  { label: "Logs", path: "/logs" },
  { label: "Settings", path: "/settings" },
  { label: "Overview", path: "/" },
];

test.describe("panel shell", () => {
  test("desktop 1280×800: sidebar navigation, live indicator, gateway health", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page);
    await expect(page.getByTestId("connection-indicator")).toContainText("Live");
    // The light explains itself on hover and lets go when the pointer leaves.
    await page.getByTestId("connection-indicator").hover();
    await expect(page.getByRole("tooltip")).toContainText("Connected to the gateway");
    // Moved in steps, as a real pointer is: Radix closes once a move lands off the trigger, the tooltip and the path between.
    await page.mouse.move(300, 500, { steps: 4 });
    await expect(page.getByRole("tooltip")).toHaveCount(0);
    const health = page.getByTestId("gateway-health");
    await expect(health).toContainText("Healthy");
    await expect(health).toContainText("sandbox");
    await snapshot(page, "shell-desktop-overview");

    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeVisible();
    for (const section of SECTIONS) {
      await nav.getByRole("link", { name: section.label, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${section.path === "/" ? "/$" : section.path}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(section.label);
      await expect(nav.getByRole("link", { name: section.label, exact: true })).toHaveAttribute("aria-current", "page");
    }
  });

  test("phone 390×844: the sidebar becomes a sheet", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page);
    await expect(page.getByTestId("sidebar")).toBeHidden();
    await snapshot(page, "shell-phone-overview");
    for (const section of SECTIONS) {
      await page.getByRole("button", { name: "Open navigation" }).click();
      const sheet = page.getByTestId("nav-sheet");
      await expect(sheet).toBeVisible();
      if (section.label === "Instances") await snapshot(page, "shell-phone-nav-sheet");
      await sheet.getByRole("link", { name: section.label, exact: true }).click();
      await expect(sheet).toBeHidden();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(section.label);
    }
    // No horizontal scrolling at phone width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("the top bar's menus, tooltip and phone drawer work from the keyboard and give focus back", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page);
    const light = page.getByTestId("connection-indicator");
    await expect(light).toHaveAttribute("data-state", "connected");

    // Tab order: the connection light, then the theme and account buttons.
    await light.focus();
    await expect(page.getByRole("tooltip")).toContainText("Connected to the gateway");
    await expect(light).toBeFocused();
    await page.keyboard.press("Tab");
    const theme = page.getByRole("button", { name: "Theme" });
    await expect(theme).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menu")).toBeVisible();
    await expect(page.getByRole("menuitemradio", { name: "System" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toHaveCount(0);
    await expect(theme).toBeFocused();
    await page.keyboard.press("Tab");
    const account = page.getByRole("button", { name: "Account: admin" });
    await expect(account).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("menuitem", { name: "Settings" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(account).toBeFocused();

    await page.setViewportSize({ width: 390, height: 844 });
    const open = page.getByRole("button", { name: "Open navigation" });
    await open.focus();
    await page.keyboard.press("Enter");
    const drawer = page.getByRole("dialog", { name: "WhatsApp API Manager" });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByRole("link", { name: "Instances", exact: true })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(drawer).toHaveCount(0);
    await expect(open).toBeFocused();
  });

  test("links on screen do not prefetch their routes: the panel is asked for a route only when a link is followed", async ({ page }) => {
    const created = [];
    for (let i = 0; i < 6; i += 1) created.push(await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: `Prefetch check ${i}` }));
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await signIn(page);
      // Route data (an RSC request) is asked for with `_rsc` in the query, a prefetch as well as a navigation.
      const routeRequests: string[] = [];
      page.on("request", (request) => {
        const url = new URL(request.url());
        if (url.searchParams.has("_rsc")) routeRequests.push(url.pathname);
      });
      await page.goto("/instances");
      await expect(page.getByRole("link", { name: "Prefetch check 5" })).toBeVisible();
      // Next prefetches links as they come on screen, once the browser is idle; the sidebar's eight links and the
      // rows' links are all on screen here. Give it that chance.
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(1500);
      expect(routeRequests).toEqual([]);
      await page.getByRole("link", { name: "Prefetch check 5" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Prefetch check 5");
      // The navigation itself is seen, so the listener above would have seen a prefetch.
      expect(routeRequests).toContain(`/instances/${created[5]!.id}`);
    } finally {
      for (const { id } of created) await gatewayCall("DELETE", `/api/v1/instances/${id}`);
    }
  });

  test("dark theme applies and persists across a reload", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page);
    await page.getByRole("button", { name: "Theme" }).click();
    await page.getByRole("menuitemradio", { name: "Dark" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await snapshot(page, "shell-desktop-dark");
  });

  test("every page loads from the server's HTML and hydrates without an error, at phone and desktop widths", async ({ page }) => {
    await signIn(page);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
    });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 844 });
      for (const section of SECTIONS) {
        await page.goto(section.path);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(section.label);
        // Parts streamed after the shell hydrate last; by then the socket has often connected (a race that used to break hydration).
        await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
      }
    }
    expect(errors).toEqual([]);
  });

  test("no page is wider than a 390 px phone: nothing sticks out or is clipped on the right", async ({ page, browser }) => {
    // Content on every page: a connected instance with a long name, an endpoint for it, a key for it.
    const instance = await gatewayCall<{ id: string }>("POST", "/api/v1/instances", { name: "Overflow check with a long instance name for phones", connect: true });
    await expect.poll(async () => (await gatewayCall<{ status: string }>("GET", `/api/v1/instances/${instance.id}`)).status).toBe("QR_REQUIRED");
    await gatewayCall("POST", `/api/v1/sandbox/instances/${instance.id}/scan`, {});
    const webhook = await gatewayCall<{ id: string }>("POST", "/api/v1/webhooks", { url: "http://127.0.0.1:9/a/rather/long/path/for/the/webhook/receiver", events: ["message.received"], instanceId: instance.id });
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page);
    const pages = [...SECTIONS.map((s) => s.path), `/instances/${instance.id}`];
    const overflowing = async () =>
      page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        // Elements reaching past the viewport's right edge, unless they sit in a container meant to scroll sideways
        // (a wide table in its own scroll area). Clipped content counts: a card cut off on the right is the defect.
        const scrollsSideways = (el: Element | null): boolean => {
          for (let node = el?.parentElement; node && node !== document.body; node = node.parentElement) {
            const overflowX = getComputedStyle(node).overflowX;
            if ((overflowX === "auto" || overflowX === "scroll") && node.scrollWidth > node.clientWidth) return true;
          }
          return false;
        };
        const found: string[] = [];
        if (document.documentElement.scrollWidth > width) found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px`);
        for (const el of document.querySelectorAll("main *")) {
          const rect = el.getBoundingClientRect();
          if (rect.width === 0 || rect.height <= 1 || rect.right <= width + 0.5 || scrollsSideways(el)) continue;
          found.push(`${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join(".")} "${(el.textContent ?? "").trim().slice(0, 40)}" ends at ${Math.round(rect.right)} px`);
        }
        return found.slice(0, 5);
      });
    try {
      for (const path of pages) {
        await page.goto(path);
        await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
        expect(await overflowing(), `${path} at 390 px`).toEqual([]);
        await snapshot(page, `phone-${path === "/" ? "overview" : path.split("/")[1]}${path.split("/").length > 2 ? "-detail" : ""}`);
      }
    } finally {
      // Later specs start from an empty webhook list.
      await gatewayCall("DELETE", `/api/v1/webhooks/${webhook.id}`);
      await gatewayCall("DELETE", `/api/v1/instances/${instance.id}`);
    }
    // The sign-in page, signed out.
    const signedOut = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signedOut.goto("/login");
    await expect(signedOut.getByRole("button", { name: "Sign in" })).toBeVisible();
    expect(await signedOut.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await signedOut.close();
  });

  test("unknown pages get the not-found page", async ({ page }) => {
    await signIn(page);
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});
