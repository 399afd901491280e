import { test, expect } from "@playwright/test";
import { coordinator, expectNoSeriousViolation, fillRequest, linkMailedTo, signIn } from "./journeys";


test("a coordinator takes a request through every stage and publishes it on the map", async ({ page, javaScriptEnabled }) => {
  const institution = `Ministry of Labour, staff journey (${test.info().project.name})`;
  await fillRequest(page, institution);
  await page.getByRole("button", { name: "Submit the request" }).click();
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  const reference = heading!.replace("Request ", "").trim();
  const tracking = page.url().replace("?submitted=1", "");

  await signIn(page);
  await page.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Request ${reference}` })).toBeVisible();
  const letter = page.getByRole("link", { name: "Request letter.pdf" });
  const download = await page.request.get((await letter.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  for (const stage of ["Concept note", "TA fiche", "Baseline assessment", "TA intervention", "Completed"]) {
    await page.getByRole("button", { name: `Move to: ${stage}` }).click();
    await expect(page.getByRole("status")).toContainText("The request has moved and the requester has been told.");
  }
  const title = `Labour migration regulations (${test.info().project.name})`;
  await page.getByLabel("Public title").fill(title);
  await page.getByLabel("Public summary").fill("Experts helped the ministry draft the regulations of its labour migration policy.");
  await page.getByRole("button", { name: "Publish on the map" }).click();
  // Who may see it is asked, next to its question, and what was written stays.
  await expect(page.locator("#audience-error")).toHaveText("This answer is required.");
  await expect(page.getByLabel("Public title")).toHaveValue(title);
  await page.getByLabel("Everyone: the map, its figures and the open data").check();
  await page.getByRole("button", { name: "Publish on the map" }).click();
  await page.getByRole("link", { name: `/interventions/${reference.toLowerCase()}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await page.goto(`/interventions?q=${encodeURIComponent(title)}`);
  await expect(page.getByText("1 intervention found")).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toBeVisible();

  // Kept for staff only, it leaves the map at once; axe checks the list that does it.
  await page.goto("/staff/interventions");
  // The button's name carries the row's title for screen readers (after a hidden colon).
  await page.locator("tr", { hasText: title }).getByRole("button", { name: /^Keep for staff only\W+Labour migration/ }).click();
  await expect(page.getByRole("status")).toHaveText(`“${title}” is now kept for staff only.`);
  if (javaScriptEnabled) await expectNoSeriousViolation(page);
  await page.goto(`/interventions?q=${encodeURIComponent(title)}`);
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);

  await page.goto(tracking);
  await expect(page.locator(".stage-path [aria-current=step]")).toHaveText("Completed");
  await expect(page.getByText("Nobody: the request is closed.")).toBeVisible();

  await page.goto("/staff");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Staff sign-in" })).toBeVisible();
});

test("a wrong password gets one message that does not say what was wrong", async ({ page }) => {
  await page.goto("/staff/login");
  await page.getByLabel("E-mail address").fill(coordinator.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The e-mail address, password or code is not right.");
  await expect(page.getByLabel("E-mail address")).toHaveValue(coordinator.email);
});

test.describe("accessibility of the back office", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "axe-core runs inside the page");

  test("axe finds no serious violation on sign-in, inbox and a request", async ({ page }) => {
    const check = () => expectNoSeriousViolation(page);
    await page.goto("/staff/login");
    await check();
    await signIn(page);
    await check();
    await page.locator("table.list a").first().click();
    await expect(page.getByRole("heading", { level: 2, name: "Move the request" })).toBeVisible();
    await check();
  });
});

test("a member of staff reaches the password page, and a weak new password is refused by its field", async ({ page, javaScriptEnabled }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Password" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
  await page.getByLabel("Current password").fill(coordinator.password);
  await page.getByLabel("New password").fill("Password123!");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#new_password-error")).toContainText("too easy to guess");
  await expect(page.getByLabel("New password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("New password")).toHaveValue("");
  await expect(page.locator("#current_password-error")).toBeEmpty();
  if (javaScriptEnabled) await expectNoSeriousViolation(page);
});

test("a member of staff sees another browser's session and ends it with their password", async ({ page, browser, javaScriptEnabled }) => {
  // The other browser says it is Safari on an iPad, so its row is told apart from the
  // sessions other tests open on the same demo account at the same time.
  const ipad = await browser.newContext({
    userAgent: "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  });
  const other = await ipad.newPage();
  await signIn(other);

  await signIn(page);
  await page.getByRole("link", { name: "Sessions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Where you are signed in" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "This browser" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "Safari, iPadOS" });
  await expect(row).toHaveCount(1);
  if (javaScriptEnabled) await expectNoSeriousViolation(page);

  await page.getByLabel("Current password").fill(coordinator.password);
  await row.getByRole("button", { name: /End this session/ }).click();
  await expect(page.getByRole("status")).toHaveText("Sessions ended: 1.");
  await expect(page.getByRole("row").filter({ hasText: "Safari, iPadOS" })).toHaveCount(0);

  await other.goto("/staff");
  await expect(other.getByRole("heading", { level: 1, name: "Staff sign-in" })).toBeVisible();
  await ipad.close();
});

test("a forgotten password: a link by e-mail, then the new password's problem next to its field", async ({ page, javaScriptEnabled }) => {
  await page.goto("/staff/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Set a new password" })).toBeVisible();
  if (javaScriptEnabled) await expectNoSeriousViolation(page);
  await page.getByLabel("E-mail address").fill(coordinator.email);
  await page.getByRole("button", { name: "E-mail me a link" }).click();
  await expect(page.getByRole("status")).toContainText("If a staff account uses this address, a link is on its way");

  await page.goto(await linkMailedTo(coordinator.email, /Set a new password/));
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  // Only a refused password here: the demo account's password stays as the other tests know it.
  await page.getByLabel("New password").fill("too short");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByLabel("New password")).toHaveAccessibleDescription(/Use at least 12 characters\./);
  await expect(page.getByLabel("New password")).toHaveAttribute("aria-invalid", "true");
  if (javaScriptEnabled) await expectNoSeriousViolation(page);
});
