import { expect, test, type Page } from "@playwright/test";
import { gatewayCall, instanceIn } from "./support/gateway-api";
import { signIn, snapshot } from "./support/session";

type Created = { id: string };

/** What an operator would see wrong in a status card: an icon with no width, a label past the card's edge or wrapped. */
async function cardDefects(page: Page) {
  return page.getByTestId("status-counts").evaluate((grid) => {
    const defects: string[] = [];
    // Per row of cards (by the card's top), the tops of their counts: one value per row when no label wraps.
    const countTops = new Map<number, Set<number>>();
    for (const card of grid.querySelectorAll("a")) {
      const box = card.getBoundingClientRect();
      const label = card.querySelector<HTMLElement>("[data-status-label]") ?? card.querySelector<HTMLElement>("div");
      const name = (label?.textContent ?? "").trim();
      const icon = card.querySelector("svg")!.getBoundingClientRect();
      if (icon.width < 10) defects.push(`${name}: icon ${icon.width} px wide`);
      for (const el of card.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.right > box.right - 1) defects.push(`${name}: ${el.tagName.toLowerCase()} ends ${Math.round(r.right - box.right)} px past the card`);
      }
      if (label && label.scrollWidth > label.clientWidth) defects.push(`${name}: label cut off`);
      if (label && label.getBoundingClientRect().height > 20) defects.push(`${name}: label wraps`);
      const row = countTops.get(Math.round(box.top)) ?? new Set<number>();
      row.add(Math.round(card.querySelector("[data-status-count]")!.getBoundingClientRect().top));
      countTops.set(Math.round(box.top), row);
    }
    for (const [top, row] of countTops) if (row.size > 1) defects.push(`the cards at ${top} px have their counts at ${row.size} different heights`);
    return [...new Set(defects)];
  });
}

test.describe("overview", () => {
  test("status cards fit at 1280 and 390 px, light and dark; 'Needs attention' links to the rest", async ({ page }) => {
    // Ten waiting for a scan, one connected, one replaced elsewhere (DISCONNECTED), one failed (ERROR): 12 more need
    // attention than before (earlier specs may keep instances of their own).
    const before = (await gatewayCall<{ items: Array<{ status: string }> }>("GET", "/api/v1/instances?limit=500")).items;
    const waitingBefore = before.filter((i) => i.status === "QR_REQUIRED").length;
    const attentionBefore = before.filter((i) => ["QR_REQUIRED", "DISCONNECTED", "ERROR"].includes(i.status)).length;
    const created: Created[] = [];
    for (let i = 0; i < 10; i += 1) created.push(await instanceIn(`Attention ${String(i).padStart(2, "0")}`, "QR_REQUIRED"));
    created.push(await instanceIn("Attention connected", "CONNECTED"));
    created.push(await instanceIn("Attention replaced", "DISCONNECTED"));
    created.push(await instanceIn("Attention failed", "ERROR"));

    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await signIn(page);
      await expect(page.locator("[data-status-count=QR_REQUIRED]")).toHaveText(String(waitingBefore + 10));
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
          expect(await cardDefects(page), `${width} px, ${scheme}`).toEqual([]);
          await snapshot(page, `overview-${width}-${scheme}`);
        }
      }
      await page.emulateMedia({ colorScheme: "light" });
      await page.setViewportSize({ width: 1280, height: 800 });

      // Eight are listed; the link leads to all of them in the instance list, filtered by their statuses.
      await expect(page.getByTestId("attention-list").getByRole("listitem")).toHaveCount(8);
      const all = page.getByRole("link", { name: `Show all ${attentionBefore + 12} in Instances` });
      await all.focus();
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/instances\?filter\.status=QR_REQUIRED,DISCONNECTED,ERROR$/);
      await expect(page.getByRole("table", { name: "Instances" }).getByRole("row", { name: /Attention/ })).toHaveCount(12);
      await expect(page.getByRole("table", { name: "Instances" }).getByRole("row", { name: /Attention connected/ })).toHaveCount(0);
    } finally {
      for (const { id } of created) await gatewayCall("DELETE", `/api/v1/instances/${id}`);
    }
  });
});
