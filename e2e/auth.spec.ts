import fs from "node:fs";
import path from "node:path";
import { expect, test, type BrowserContext } from "@playwright/test";
import { rawRequest } from "./support/raw-http";
import { ADMIN, gatewayUrl, signIn, snapshot } from "./support/session";

const SESSION_COOKIE = "__Host-wam_session";

async function sessionToken(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  return cookie.value;
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

test.describe("sign-in and the secure channel", () => {
  test("an unauthenticated visit goes to sign-in and comes back to where it was", async ({ page }) => {
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/);
    await page.setViewportSize({ width: 1280, height: 800 });
    await snapshot(page, "login-desktop");
    await page.getByLabel("Username").fill(ADMIN.username);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByTestId("settings-username")).toHaveText("admin");
    await expect(page.getByTestId("gateway-health")).toContainText(new URL(gatewayUrl()).port);
    // The server's HTML already holds the gateway's health: a card filled in after hydration pushed the cards below it.
    for (const [path, below] of [["/settings", "Change password"], ["/", "Activity"]] as const) {
      const html = await (await page.request.get(path)).text();
      expect(html, path).toMatch(new RegExp(`data-testid="gateway-health"[\\s\\S]*?Healthy[\\s\\S]*?${below}`));
      expect(html, path).not.toContain("Loading gateway health");
    }
  });

  test("a wrong password shows a clear error, and repeated failures show the throttling message", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/login");
    await page.getByLabel("Username").fill("ghost");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
    await expect(page.getByLabel("Password")).toHaveValue("");
    for (let i = 0; i < 4; i += 1) {
      await page.getByLabel("Password").fill(`still-wrong-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    }
    await expect(page.locator("form").getByRole("alert")).toContainText("Too many failed attempts. Try again in 15 minutes.");
    await snapshot(page, "login-phone-throttled");
  });

  test.describe("without the page's scripts", () => {
    test.use({ javaScriptEnabled: false });

    test("signing in still works: the form posts to its server action, which says what went wrong or goes on to next", async ({ page }) => {
      await page.goto("/login?next=%2Fsettings");
      await page.getByLabel("Username").fill("admin");
      await page.getByLabel("Password").fill("not-the-password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
      await expect(page.getByLabel("Username")).toHaveValue("admin");
      await page.getByLabel("Password").fill("");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.locator("#password-error")).toHaveText("Enter your password.");
      await page.getByLabel("Password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/settings$/);
      await expect(page.getByTestId("settings-username")).toHaveText("admin");
    });

    test("the sign-in form posted from another site, with no Origin or far too large is refused in the error shape and signs no one in", async ({ page, playwright }) => {
      await page.goto("/login");
      // The form as another site would copy it: its hidden fields name the server action.
      const hidden = await page.locator("form input[type=hidden]").evaluateAll((inputs) => inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value]));
      expect(hidden.length).toBeGreaterThan(0);
      const form = { ...Object.fromEntries(hidden), username: ADMIN.username, password: ADMIN.password };
      const client = await playwright.request.newContext({ baseURL: process.env.E2E_PANEL_URL });
      for (const origin of ["https://evil.example", undefined]) {
        const response = await client.post("/login", { multipart: form, headers: origin ? { origin } : {}, maxRedirects: 0 });
        expect(response.status(), String(origin)).toBe(403);
        expect((await response.json()).error.code).toBe("forbidden");
        expect(response.headers()["set-cookie"] ?? "").not.toContain(SESSION_COOKIE);
      }
      // The same post from the panel's own origin signs in, so the refusal above is the Origin's doing.
      const own = await client.post("/login", { multipart: form, headers: { origin: new URL(process.env.E2E_PANEL_URL!).origin }, maxRedirects: 0 });
      expect(own.headers()["set-cookie"] ?? "").toContain(SESSION_COOKIE);
      // A form far larger than a sign-in form is refused before Next reads it.
      const huge = await client.post("/login", { multipart: { ...form, username: "x".repeat(2 * 1024 * 1024) }, headers: { origin: new URL(process.env.E2E_PANEL_URL!).origin }, maxRedirects: 0 });
      expect(huge.status()).toBe(413);
      expect((await huge.json()).error.code).toBe("bad_request");
      expect(huge.headers()["set-cookie"] ?? "").not.toContain(SESSION_COOKIE);
      // Sent in chunks, its size is unknown until read: a browser always says it, so one that does not is refused.
      const chunked = await rawRequest(process.env.E2E_PANEL_URL!, "POST", "/login", {
        headers: { origin: new URL(process.env.E2E_PANEL_URL!).origin, "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
        body: new URLSearchParams(form).toString(),
      });
      expect(chunked.status).toBe(411);
      expect((chunked.json as { error: { code: string } }).error.code).toBe("bad_request");
      await client.dispose();
    });
  });

  test("sign-out ends the session: the replayed cookie gets 401", async ({ page, context, playwright }) => {
    await signIn(page);
    const token = await sessionToken(context);
    await page.getByRole("button", { name: "Account: admin" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login\?reason=signed-out$/);
    await expect(page.getByRole("status")).toHaveText("You have been signed out.");
    expect((await context.cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();

    // Replay the old cookie against the panel and the token against the gateway.
    const replay = await playwright.request.newContext({ baseURL: process.env.E2E_PANEL_URL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect((await replay.get("/bff/api/v1/auth/me")).status()).toBe(401);
    await replay.dispose();
    const direct = await fetch(`${gatewayUrl()}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(direct.status).toBe(401);
  });

  test("a cross-site POST without a matching Origin gets 403", async ({ page, context, playwright }) => {
    await signIn(page);
    const token = await sessionToken(context);
    const attacker = await playwright.request.newContext({ baseURL: process.env.E2E_PANEL_URL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${token}` } });
    for (const url of ["/bff/auth/logout", "/bff/api/v1/auth/socket-ticket", "/bff/auth/change-password"]) {
      const evil = await attacker.post(url, { headers: { origin: "https://evil.example" }, data: {} });
      expect(evil.status(), url).toBe(403);
      expect((await evil.json()).error.code).toBe("forbidden");
      const none = await attacker.post(url, { data: {} });
      expect(none.status(), `${url} without Origin`).toBe(403);
    }
    await attacker.dispose();
    // The session survived the refused logout.
    const me = await fetch(`${gatewayUrl()}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  test("no gateway credential or password reaches the browser: bundles, cookies, storage", async ({ page, context }) => {
    await signIn(page);
    const token = await sessionToken(context);
    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });

    const visible = await page.evaluate(() => ({
      cookie: document.cookie,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
    }));
    for (const value of Object.values(visible)) {
      expect(value).not.toContain(token);
      expect(value).not.toContain(ADMIN.password);
      expect(value).not.toContain("wgs_");
    }
    expect(visible.cookie).not.toContain(SESSION_COOKIE);

    const files = listFiles(".next/static");
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const content = fs.readFileSync(file, "utf8");
      expect(content.includes(token), file).toBe(false);
      expect(content.includes(ADMIN.password), file).toBe(false);
      expect(content.includes(gatewayUrl()), `${file} holds the private GATEWAY_URL`).toBe(false);
    }
    // The page's HTML and JS responses never carry the token either.
    const html = await (await page.request.get("/")).text();
    expect(html).not.toContain(token);
  });

  test("the CSP carries a fresh nonce per request that matches the page's scripts, with no violations", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load|connect)/i.test(message.text())) violations.push(message.text());
    });
    // Violations that never reach the console (a caught eval probe, say) still fire this event.
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await signIn(page);
    const first = await page.goto("/settings");
    const csp = first!.headers()["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toMatch(/script-src[^;]*/);
    expect(/script-src[^;]*/.exec(csp)![0]).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' http://localhost:${new URL(gatewayUrl()).port}`);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];

    // Every script in the server's HTML carries this response's nonce. (Chunks the page loads later, e.g. the
    // contract's schemas or socket.io-client, are inserted by those trusted scripts and allowed by 'strict-dynamic';
    // the violation listener below would catch any that were not.)
    const html = await first!.text();
    const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scriptTags.length).toBeGreaterThan(0);
    for (const tag of scriptTags) expect(/\snonce="([^"]+)"/.exec(tag)?.[1], tag).toBe(nonce);

    const second = await page.request.get("/settings");
    const secondNonce = /'nonce-([^']+)'/.exec(second.headers()["content-security-policy"]!)![1];
    expect(secondNonce).not.toBe(nonce);

    const headers = first!.headers();
    expect(headers["strict-transport-security"]).toContain("max-age=");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");

    // Hydrated: client-side navigation works and the live socket connected.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Logs" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Logs");
    await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
    expect(violations).toEqual([]);
  });

  test("a session that ends mid-use sends the operator to sign-in with a message, then back", async ({ page, context }) => {
    await signIn(page, "/settings");
    const token = await sessionToken(context);
    // End the session behind the panel's back (as a timeout or a sign-out elsewhere would).
    expect((await fetch(`${gatewayUrl()}/api/v1/auth/logout`, { method: "POST", headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
    // The gateway drops the session's socket; the panel's next call (the socket's new ticket) finds it gone.
    await expect(page).toHaveURL(/\/login\?reason=expired&next=%2Fsettings$/);
    await expect(page.getByRole("status")).toHaveText("Your session has ended. Sign in again to continue.");
    await page.getByLabel("Username").fill(ADMIN.username);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/settings$/);
  });

  test("settings: change the password, sign in with the new one, and change it back", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/settings");
    await snapshot(page, "settings-desktop");
    const change = async (from: string, to: string) => {
      await page.getByLabel("Current password").fill(from);
      await page.getByLabel("New password", { exact: true }).fill(to);
      await page.getByLabel("Repeat new password").fill(to);
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(page.getByText("Password changed")).toBeVisible();
    };
    await page.getByLabel("Current password").fill("wrong-current-password");
    await page.getByLabel("New password", { exact: true }).fill("new-password-for-e2e");
    await page.getByLabel("Repeat new password").fill("does-not-match-at-all");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Passwords do not match")).toBeVisible();

    await change(ADMIN.password, "new-password-for-e2e");
    // This browser keeps working with the fresh session the change handed back.
    await page.reload();
    await expect(page.getByTestId("settings-username")).toHaveText("admin");
    await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
    await change("new-password-for-e2e", ADMIN.password);
  });
});
