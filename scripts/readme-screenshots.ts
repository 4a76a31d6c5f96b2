// The README's screenshots, retaken: `npm run docs:screenshots` (after `npm run build`). A gateway with the sandbox
// engine and the panel's production server on free loopback ports (the browser tests' setup), a few instances in
// every state, then Chromium at 1280×800 in the light and the dark theme. Each capture is the viewport as an
// operator sees it, not a full-page capture (which paints the fixed sidebar and top bar mid-page).
import { chromium, type Page } from "@playwright/test";
import globalSetup, { E2E_ADMIN_PASSWORD } from "../e2e/support/global-setup";

const OUT = "docs/screenshots";
const VIEWPORT = { width: 1280, height: 800 };

async function main() {
  const teardown = await globalSetup();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    const panel = process.env.E2E_PANEL_URL!;
    const gateway = process.env.E2E_GATEWAY_URL!;
    const login = await fetch(`${gateway}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: E2E_ADMIN_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const call = async <T>(path: string, body: unknown = {}) => {
      const res = await fetch(gateway + path, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const names = ["Sales line", "Support EU", "Support US", "Billing", "Marketing", "Field team", "Deliveries", "Front desk"];
    const ids: string[] = [];
    for (const name of names) ids.push((await call<{ id: string }>("/api/v1/instances", { name, connect: true })).id);
    await new Promise((r) => setTimeout(r, 1500));
    // Most paired, one waiting for its QR, one replaced elsewhere (440), one reconnecting (428).
    for (const [n, id] of ids.entries()) if (n !== 3) await call(`/api/v1/sandbox/instances/${id}/scan`, { number: `4915112${String(n).padStart(6, "0")}`, pushName: names[n] });
    await new Promise((r) => setTimeout(r, 1500));
    await call(`/api/v1/sandbox/instances/${ids[5]}/disconnect`, { code: 440 });
    await call(`/api/v1/sandbox/instances/${ids[6]}/disconnect`, { code: 428 });

    for (const theme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: theme });
      const page = await context.newPage();
      await page.goto(`${panel}/login`);
      await page.getByLabel("Username").fill("admin");
      await page.getByLabel("Password").fill(E2E_ADMIN_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${panel}/`);
      const shoot = async (path: string, name: string, ready: (page: Page) => Promise<unknown>) => {
        await page.goto(panel + path);
        await ready(page);
        await page.waitForTimeout(600); // let entrance animations finish
        await page.screenshot({ path: `${OUT}/${name}-${theme}.png` });
      };
      await shoot("/instances", "instances-table", (p) => p.getByRole("row", { name: /Sales line/ }).waitFor());
      await shoot(`/instances/${ids[0]}`, "instance-page", (p) => p.getByTestId("instance-header").waitFor());
      await context.close();
    }
    console.log(`screenshots written to ${OUT}/`);
  } finally {
    await browser.close();
    await teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
