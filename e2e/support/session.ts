import { expect, type Page } from "@playwright/test";
import { E2E_ADMIN_PASSWORD } from "./global-setup";

export const ADMIN = { username: "admin", password: E2E_ADMIN_PASSWORD };

export const gatewayUrl = () => {
  const url = process.env.E2E_GATEWAY_URL;
  if (!url) throw new Error("E2E_GATEWAY_URL is not set: the global setup did not run");
  return url;
};

/** Signs in through the login page; `origin`: a panel other than the global setup's (the cluster test's own). */
export async function signIn(page: Page, next = "/", origin = "") {
  await page.goto(`${origin}${next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`}`);
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
}

/** Saves a screenshot into e2e/.artifacts for people to look at (not compared against anything). */
export async function snapshot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/.artifacts/${name}.png`, fullPage: true });
}
