import { test, expect, APIRequestContext } from "@playwright/test";
import { readFileSync } from "node:fs";

/** How many interventions the map holds: the 70 seeded ones, the demo's ongoing TA and any the staff tests published. */
async function totalInterventions(request: APIRequestContext): Promise<number> {
  return (await (await request.get("/api/v1/interventions?per_page=1")).json()).total;
}

test("the map shows the seeded countries as named links", async ({ page, request }) => {
  await page.goto("/interventions");
  await expect(page.getByRole("heading", { level: 1, name: "Interventions on the map" })).toBeVisible();
  const map = page.getByRole("group", { name: /ACP countries shaded/ });
  await expect(map.getByRole("link", { name: /^Kenya: \d+ interventions?(, \d+ non-state-actor projects?)?$/ })).toBeVisible();
  await expect(map.getByRole("link", { name: /^Senegal: \d+ interventions?(, \d+ non-state-actor projects?)?$/ })).toBeVisible();
  const total = await totalInterventions(request);
  expect(total).toBeGreaterThanOrEqual(71);
  await expect(page.getByText(`${total} interventions found`)).toBeVisible();
});

test("only the map page loads the wasm, and the home page is complete without it", async ({ page, request }) => {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (/\.(js|wasm)$/.test(request.url())) scripts.push(request.url());
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 2, name: "The programme in figures" })).toBeVisible();
  expect(scripts).toEqual([]);
  await page.goto("/interventions");
  await expect(page.getByText(`${await totalInterventions(request)} interventions found`)).toBeVisible();
  if (test.info().project.name === "with-js") {
    await expect.poll(() => scripts.some((url) => url.endsWith(".wasm"))).toBe(true);
  }
});

test("a topic filter narrows map, list and CSV to the same interventions", async ({ page, request }) => {
  await page.goto("/interventions");
  await page.getByLabel("Topic", { exact: true }).selectOption({ label: "Trafficking in human beings" });
  // With JavaScript the results refresh in place; without it the form is submitted.
  if (test.info().project.name === "without-js") {
    await page.getByRole("button", { name: "Apply filters" }).click();
  }
  await expect(page).toHaveURL(/topic=trafficking_in_human_beings/);
  const count = page.locator("#results-count");
  await expect(count).not.toHaveText(`${await totalInterventions(request)} interventions found`);
  const found = Number((await count.textContent())!.match(/\d+/)![0]);
  const titles = await page.getByRole("table").getByRole("link").allTextContents();
  expect(titles.length).toBe(Math.min(found, 20));

  const csv = await (await request.get("/api/v1/interventions.csv?topic=trafficking_in_human_beings")).text();
  expect(csv.trim().split("\n").length - 1).toBe(found);
  for (const title of titles) expect(csv).toContain(title.replace(/"/g, '""'));

  // The map counts only the filtered interventions: every linked country (or regional
  // organisation marker) is in the CSV.
  const mapLinks = await page.getByRole("group", { name: /ACP countries shaded/ }).getByRole("link").all();
  expect(mapLinks.length).toBeGreaterThan(0);
  for (const link of mapLinks) {
    const code = (await link.getAttribute("href"))!.match(/(?:country|organisation)=([A-Za-z-]+)/)![1];
    expect(csv).toContain(code);
  }
});

test("a country on the map filters the list to it", async ({ page }) => {
  await page.goto("/interventions");
  await page.getByRole("link", { name: /^Kenya: \d+ interventions?(, \d+ non-state-actor projects?)?$/ }).click();
  await expect(page).toHaveURL(/country=KEN/);
  await expect(page.getByLabel("Country", { exact: true })).toHaveValue("KEN");
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toContainText("Kenya");
});

test("the French page is French", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("L'assistance technique sur les migrations");
  await page.getByRole("link", { name: "Explorer la carte des interventions" }).click();
  await expect(page.getByLabel("Thème", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Kenya : \d+ interventions?(, \d+ projets? d.acteurs? non étatiques?)?$/ })).toBeVisible();
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("a malformed filter gets a 400 page, not a crash", async ({ page }) => {
  const response = await page.goto("/interventions?from=abc");
  expect(response!.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This request cannot be understood");
});

test("the download links give the CSV and GeoJSON of the filtered selection", async ({ page }) => {
  await page.goto("/interventions?region=Pacific");
  await expect(page.getByText("2 interventions found")).toBeVisible();
  for (const [name, check] of [
    ["CSV (spreadsheet)", (text: string) => expect(text.trim().split("\n").length - 1).toBe(2)],
    ["GeoJSON (map data)", (text: string) => expect(JSON.parse(text).features.length).toBe(2)],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
    const path = await download.path();
    check(readFileSync(path!, "utf8"));
  }
});

test("a filter chosen before the wasm arrives is applied once it does", async ({ page }) => {
  test.skip(test.info().project.name === "without-js", "only JavaScript loads the wasm");
  // Hold the wasm back, as a slow line would, until the reader has chosen a topic.
  let release!: () => void;
  const chosen = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await chosen;
    await route.continue();
  });
  await page.goto("/interventions");
  await page.getByLabel("Topic", { exact: true }).selectOption({ label: "Trafficking in human beings" });
  release();
  await expect(page).toHaveURL(/topic=trafficking_in_human_beings/);
  await expect(page.getByLabel("Topic", { exact: true })).toHaveValue("trafficking_in_human_beings");
});
