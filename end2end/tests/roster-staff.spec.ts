import { test, expect } from "@playwright/test";
import { expectNoSeriousViolation, fillRequest, signIn } from "./journeys";

// The demo roster (server/src/demo.rs) holds invented experts; Aminata Demo works in French
// and English on labour migration and knows Senegal.
test("a coordinator finds an expert by language and topic and assigns her to a request", async ({ page }) => {
  const institution = `Ministry of Labour, roster journey (${test.info().project.name})`;
  await fillRequest(page, institution);
  await page.getByRole("button", { name: "Submit the request" }).click();
  const reference = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Request ", "").trim();

  await signIn(page);
  await page.getByRole("link", { name: "Expert roster", exact: true }).click();
  const search = page.getByRole("form", { name: "Search the roster" });
  await search.getByLabel("Language", { exact: true }).selectOption({ label: "Français" });
  await search.getByLabel("At least level").selectOption("B2");
  await search.getByLabel("Topics of expertise").selectOption({ label: "Labour migration" });
  await search.getByRole("button", { name: "Search", exact: true }).click();
  const results = page.getByRole("table");
  await expect(results.getByRole("link", { name: "Aminata Demo" })).toBeVisible();
  await expect(results.getByRole("link", { name: "Kwame Demo" })).toHaveCount(0);
  await results.getByRole("link", { name: "Aminata Demo" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Aminata Demo" })).toBeVisible();

  await page.goto("/staff/requests");
  await page.getByRole("link", { name: reference }).click();
  await page.getByRole("button", { name: /^Shortlist\s*: Aminata Demo$/ }).click();
  await expect(page.getByRole("status")).toHaveText("The expert is on this request's list.");
  await page.getByLabel("Name", { exact: true }).selectOption({ label: "Aminata Demo" });
  const first = page.getByRole("group", { name: "Period 1" });
  await first.getByLabel("First day").fill("2027-03-01");
  await first.getByLabel("Last day").fill("2027-03-12");
  await first.getByLabel("Working days").fill("61");
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByRole("group", { name: "Period 1" }).getByLabel("Working days")).toHaveAccessibleDescription(/Enter a whole number from 1 to 60/);
  await page.getByRole("group", { name: "Period 1" }).getByLabel("Working days").fill("10");
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("The expert is assigned, and has been told by e-mail.");
  await expect(page.getByText("10 working days")).toBeVisible();
});

test.describe("accessibility of the roster in the back office", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "axe-core runs inside the page");

  test("axe finds no serious violation on the roster search, a profile and a request's experts", async ({ page }) => {
    await signIn(page);
    await page.goto("/staff/experts?language=en");
    await expectNoSeriousViolation(page);
    await page.getByRole("table").getByRole("link").first().click();
    await expectNoSeriousViolation(page);
    await page.goto("/staff/requests");
    await page.locator("table.list a").first().click();
    await expect(page.getByRole("heading", { level: 2, name: "Experts" })).toBeVisible();
    await expectNoSeriousViolation(page);
    await page.goto("/language/fr?next=/staff/experts");
    await expect(page.getByRole("heading", { level: 1, name: "Liste d'experts" })).toBeVisible();
    await expectNoSeriousViolation(page);
    await page.goto("/language/en?next=/staff");
  });
});
