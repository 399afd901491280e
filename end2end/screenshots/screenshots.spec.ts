import { test } from "@playwright/test";
import { publicStops, staffStops, Stop, WIDTHS } from "../tests/tour";

// Full pages, cut at this height: a long list says enough in its first screens.
const MAX_HEIGHT = 3000;
const folder = process.env.SCREENSHOTS_DIR ?? "screenshots-out";

async function shoot(page: import("@playwright/test").Page, stops: Stop[]) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
    for (const stop of stops) {
      await page.goto(stop.path);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({
        path: `${folder}/${stop.name}-${width}.png`,
        clip: { x: 0, y: 0, width, height: Math.min(height, MAX_HEIGHT) },
        fullPage: true,
      });
    }
  }
}

test("public pages", async ({ page }) => {
  await shoot(page, await publicStops(page));
});

test("back-office pages", async ({ page }) => {
  await shoot(page, await staffStops(page));
});
