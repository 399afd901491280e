import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

// axe-core runs inside the page, so this file runs in the JavaScript project only (see
// playwright.config.ts); the markup it checks is the server's, the same without JavaScript.
for (const path of ["/", "/interventions", "/interventions/mieux-angola-legislation-asylum", "/data"]) {
  test(`axe finds no serious or critical violation on ${path}`, async ({ page }) => {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  });
}

test("the French map page passes axe too", async ({ page }) => {
  await page.goto("/language/fr?next=/interventions");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => v.id)).toEqual([]);
});
