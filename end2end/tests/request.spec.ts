import { test, expect } from "@playwright/test";
import { expectNoSeriousViolation, fillRequest } from "./journeys";

test("a ministry submits a request and follows it on its tracking page", async ({ page }) => {
  const institution = `Ministry of the Interior (${test.info().project.name})`;
  await fillRequest(page, institution);
  await expect(page.getByText(institution)).toBeVisible();
  await page.getByRole("button", { name: "Submit the request" }).click();

  await expect(page.getByRole("heading", { level: 1, name: /^Request TA-\d{4}-\d{4,}$/ })).toBeVisible();
  await expect(page.getByText("Thank you. Your request has been received.")).toBeVisible();
  await expect(page.getByText("The programme's regional coordinator for West Africa")).toBeVisible();
  await expect(page.locator(".stage-path [aria-current=step]")).toHaveText("Submitted");
});

test("a step with missing answers comes back with messages next to the fields and the answers kept", async ({ page }) => {
  await page.goto("/requests/new");
  await page.getByLabel("Requesting institution (ministry, agency)").fill("Ministère de l'Intérieur");
  await page.getByRole("button", { name: "Save and continue" }).click();
  const official = page.getByLabel("Accountable official: name");
  await expect(official).toHaveAttribute("aria-invalid", "true");
  await expect(official).toHaveAccessibleDescription(/This answer is required\./);
  if (test.info().project.name === "without-js") {
    // The server's answer lists the problems on top, each a link to its field.
    await expect(page.getByRole("alert").getByRole("link", { name: /Who is asking\?: This answer is required\./ })).toBeVisible();
  } else {
    // In the browser the step is not sent; the first field with a problem gets focus.
    await expect(page.getByLabel("The government of an ACP state")).toBeFocused();
  }
  await expect(page.getByLabel("Requesting institution (ministry, agency)")).toHaveValue("Ministère de l'Intérieur");
});

test("a file that is not a PDF is refused by its content, with the message next to the field", async ({ page }) => {
  await fillRequest(page, "Ministry of the Interior (letter check)");
  await page.getByRole("navigation", { name: "Steps of the request" }).getByRole("link", { name: "Request letter" }).click();
  await page.getByLabel("Official request letter (PDF)").setInputFiles({
    name: "scan.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("\x89PNG not really a pdf"),
  });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByLabel("Official request letter (PDF)")).toHaveAccessibleDescription(/this file is not one/);
  await expect(page.getByText("Attached: Request letter.pdf")).toBeVisible();
});

test("the form speaks French, messages included", async ({ page }) => {
  await page.goto("/language/fr?next=/requests/new");
  await expect(page.getByRole("heading", { level: 1, name: "Demander une assistance technique" })).toBeVisible();
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(page.getByLabel("Responsable de la demande : nom")).toHaveAccessibleDescription(/Cette réponse est obligatoire\./);
  await page.goto("/language/en?next=/");
});

test("a draft saved half-way shows its resume link and opens again from it", async ({ page }) => {
  await page.goto("/requests/new");
  await page.getByLabel("A regional organisation").check();
  await page.getByLabel("Regional organisation", { exact: true }).selectOption({ label: "ECOWAS – Economic Community of West African States" });
  await page.getByLabel("Requesting institution (ministry, agency)").fill("ECOWAS Commission");
  await page.getByLabel("Accountable official: name").fill("A. Commissioner");
  await page.getByLabel("Accountable official: position").fill("Commissioner");
  await page.getByLabel("Accountable official: e-mail address").fill("commissioner@example.org");
  await page.getByLabel("Language of work").selectOption({ label: "English" });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByLabel("E-mail address").fill("focal@example.org");
  await page.getByRole("button", { name: "Save draft and e-mail me the link" }).click();
  await expect(page.getByRole("status")).toContainText("Your draft is saved.");
  await expect(page.getByRole("status")).toContainText("We have also e-mailed the link to focal@example.org.");
  const link = await page.locator(".draft-link").getAttribute("href");
  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole("heading", { name: "Step 5 of 5: Review and submit" })).toBeVisible();
  await expect(page.getByText("ECOWAS Commission")).toBeVisible();
  await expect(page.getByText("The request is not complete yet.")).toBeVisible();
});

test.describe("accessibility of the request journey", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "axe-core runs inside the page");

  test("axe finds no serious violation on the form, its errors, the review and the tracking page", async ({ page }) => {
    await page.goto("/requests/new");
    await expectNoSeriousViolation(page);
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByLabel("Accountable official: name")).toHaveAttribute("aria-invalid", "true");
    await expectNoSeriousViolation(page);
    await fillRequest(page, "Ministry of Labour (axe)");
    await expectNoSeriousViolation(page);
    await page.getByRole("button", { name: "Submit the request" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Request TA-/ })).toBeVisible();
    await expectNoSeriousViolation(page);
  });
});
