import { test, expect, Page } from "@playwright/test";
import { coordinator, signIn } from "./journeys";
import { publicStops, sidewaysOverflow, staffStops, Stop, WIDTHS } from "./tour";

/** Every stop at both widths: the page fits, nothing scrolls sideways. */
async function expectEveryPageFits(page: Page, stops: Stop[]) {
  const overflowing: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
    for (const stop of stops) {
      const response = await page.goto(stop.path);
      expect(response?.status(), stop.path).toBe(200);
      const overflow = await sidewaysOverflow(page);
      if (overflow > 0) overflowing.push(`${stop.path} at ${width} px scrolls ${overflow} px sideways`);
    }
  }
  expect(overflowing).toEqual([]);
}

test("no public page scrolls sideways on a phone or a laptop", async ({ page }) => {
  await expectEveryPageFits(page, await publicStops(page));
});

test("no back-office page scrolls sideways on a phone or a laptop", async ({ page }) => {
  test.setTimeout(90_000);
  await expectEveryPageFits(page, await staffStops(page));
});

test("on a phone the map page's first screen shows the count of results and the map", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/interventions");
  const count = page.locator("#results-count");
  await expect(count).toHaveText(/\d+ interventions found/);
  await expect(count).toBeInViewport();
  // The whole African panel, and the map's first country links, are on the first screen.
  await expect(page.locator(".map__panel--africa")).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole("link", { name: /^Kenya: \d+ interventions?/ })).toBeInViewport();
  // The filters are folded into one control, which opens them.
  const topic = page.getByLabel("Topic", { exact: true });
  await expect(topic).toBeHidden();
  await page.getByText("Filter interventions").click();
  await expect(topic).toBeVisible();
});

test("on a phone the list of interventions is a list of cards that name their columns", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/interventions?country=KEN");
  const card = page.locator("table.interventions tbody tr").first();
  const box = await card.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
  await expect(card.locator("td[data-label]").first()).toBeVisible();
  // A status that could have changed since says when it was last known.
  await page.goto("/interventions?status=ongoing");
  await expect(page.locator("table.interventions .status").first()).toHaveText(/^Ongoing as of \w+ \d{4}$/);
});

test("the back office's first page lists what waits for the person signed in", async ({ page }) => {
  await signIn(page, coordinator);
  const requests = page.locator("section", { has: page.getByRole("heading", { name: /^Requests at a stage/ }) });
  await expect(requests.getByRole("heading")).toHaveText(/Requests at a stage \d+ waiting/);
  const first = requests.getByRole("link", { name: /^TA-\d{4}-\d{4}$/ }).first();
  await expect(first).toBeVisible();
  // Oldest first: the days each request reached its stage do not go back in time.
  const since = await requests.locator("td[data-label^='At this stage since']").allTextContents();
  expect(since.length).toBeGreaterThan(0);
  expect([...since].sort()).toEqual(since);
  await first.click();
  await expect(page.getByRole("heading", { level: 1, name: /^Request TA-/ })).toBeVisible();
  // The areas are always at hand, the current one marked.
  const areas = page.getByRole("navigation", { name: "Back office" });
  await expect(areas.getByRole("link", { name: "Requests" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
});

test("the request's first step shows the field that 'Who is asking?' calls for", async ({ page }) => {
  await page.goto("/requests/new");
  const country = page.getByLabel("Country", { exact: true });
  const organisation = page.getByLabel("Regional organisation", { exact: true });
  // Before a choice both show, each hint saying when it applies.
  await expect(country).toBeVisible();
  await expect(organisation).toBeVisible();
  await expect(page.getByText("When a government asks.")).toBeVisible();
  await page.getByLabel("The government of an ACP state").check();
  await expect(country).toBeVisible();
  await expect(organisation).toBeHidden();
  await page.getByLabel("A regional organisation").check();
  await expect(organisation).toBeVisible();
  await expect(country).toBeHidden();
});

test("in French, Portuguese and Spanish too, no page scrolls sideways on a phone", async ({ page }) => {
  test.setTimeout(120_000);
  // The stops are found in English (the tour signs in by the English labels), then read in
  // each language, whose longer words are what push a page wider.
  const stops = [...(await publicStops(page)), ...(await staffStops(page))];
  await page.setViewportSize({ width: 390, height: 844 });
  const overflowing: string[] = [];
  for (const language of ["fr", "pt", "es"]) {
    await page.goto(`/language/${language}?next=/`);
    for (const stop of stops) {
      await page.goto(stop.path);
      const overflow = await sidewaysOverflow(page);
      if (overflow > 0) overflowing.push(`${stop.path} in ${language} scrolls ${overflow} px sideways`);
    }
  }
  expect(overflowing).toEqual([]);
});
