import { test, expect } from "@playwright/test";
import { expectNoSeriousViolation } from "./journeys";

// axe-core runs inside the page, so this file runs in the JavaScript project only (see
// playwright.config.ts); the markup it checks is the server's, the same without JavaScript.
for (const path of ["/", "/interventions", "/interventions/mieux-angola-legislation-asylum", "/data"]) {
  test(`axe finds no serious or critical violation on ${path}`, async ({ page }) => {
    await page.goto(path);
    await expectNoSeriousViolation(page);
  });
}

test("the French map page passes axe too", async ({ page }) => {
  await page.goto("/language/fr?next=/interventions");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expectNoSeriousViolation(page);
});
