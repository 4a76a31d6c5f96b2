import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Runs axe (WCAG 2.1 A and AA, and heading order) on the page as it stands once every finite animation has finished: a toast or dialog
 * caught mid-fade is semi-transparent, and axe would report its text's contrast at that moment. Endless animations
 * (a pulsing live dot, a spinner) are not waited for. Toasts are waited out too: one that starts its exit fade
 * while axe runs (they close by themselves after a few seconds) was reported twice in CI as low contrast.
 * `include`: only this part of the page (a dialog), when what lies under it is checked elsewhere.
 */
export async function expectNoAxeViolations(page: Page, { include }: { include?: string } = {}) {
  await page.waitForFunction(
    () =>
      document.querySelectorAll("[data-sonner-toast]").length === 0 &&
      document.getAnimations().every((animation) => animation.playState !== "running" || animation.effect?.getComputedTiming().iterations === Infinity),
    undefined,
    { timeout: 15_000 },
  );
  const builder = () => (include ? new AxeBuilder({ page }).include(include) : new AxeBuilder({ page }));
  const results = await builder().withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  // Best-practice rules Lighthouse's accessibility score also counts (the bench wants 100 there).
  const practices = await builder().withRules(["heading-order"]).analyze();
  expect([...results.violations, ...practices.violations].map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}
