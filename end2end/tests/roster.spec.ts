import { test, expect, Page } from "@playwright/test";
import { expectNoSeriousViolation, linkMailedTo, PDF } from "./journeys";

/** An address no earlier run used (one address holds one profile). */
function freshAddress(name: string): string {
  return `${name}.${test.info().project.name}.${Date.now()}@example.org`;
}

/** Fills every step of the application up to the review, as a Portuguese researcher. */
async function fillApplication(page: Page, email: string, check?: () => Promise<void>) {
  await page.goto("/experts/apply");
  await expect(page.getByRole("heading", { level: 1, name: "Join the expert roster" })).toBeVisible();
  await check?.();
  await page.getByLabel("Full name").fill("Ana Exemplo");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Nationality").selectOption({ label: "Portugal" });
  await page.getByLabel("Country of residence").selectOption({ label: "Senegal" });
  await page.getByLabel("I prefer not to say").check();
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { name: "Step 2 of 6: Professional profile" })).toBeVisible();
  await check?.();
  await page.getByLabel("Sector").selectOption({ label: "Academia and research" });
  await page.getByLabel("Current position").fill("Senior lecturer");
  await page.getByLabel("Employer").fill("Example University");
  await page.getByLabel("Years of experience in migration").fill("12");
  await page.getByLabel("Education").fill("PhD in migration studies, 2010");
  await page.getByLabel("Français").selectOption("C1");
  await page.getByLabel("Português").selectOption("C2");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { name: "Step 3 of 6: Expertise" })).toBeVisible();
  await check?.();
  await page.getByRole("group", { name: "Topics of expertise" }).getByLabel("Labour migration").check();
  await page.getByRole("group", { name: "ACP regions you have worked in" }).getByLabel("West Africa").check();
  await page.getByRole("group", { name: "ACP countries you have worked in" }).getByLabel("Senegal").check();
  await page.getByLabel("Summary of your expertise").fill("Twelve years of research and advice on labour migration in West Africa.");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { name: "Step 4 of 6: Availability and referees" })).toBeVisible();
  await check?.();
  await page.getByLabel(/^Short-term/).check();
  const referee = page.getByRole("group", { name: "Referee 1" });
  await referee.getByLabel("Name").fill("Dr Referee");
  await referee.getByLabel("Organisation and position").fill("Another University, professor");
  await referee.getByLabel("E-mail address").fill("referee@example.org");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { name: "Step 5 of 6: CV" })).toBeVisible();
  await check?.();
  await page.getByLabel("Your CV").setInputFiles({ name: "CV Ana.pdf", mimeType: "application/pdf", buffer: Buffer.from(PDF) });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { name: "Step 6 of 6: Review and consent" })).toBeVisible();
  await expect(page.getByText("Attached: CV Ana.pdf")).toBeVisible();
}

test("an expert applies with a CV, consents and confirms the address from the e-mail", async ({ page }) => {
  const email = freshAddress("ana");
  await fillApplication(page, email);
  await expect(page.getByText("Academia and research")).toBeVisible();
  await page.getByLabel("I agree that the programme keeps my profile for this purpose and this time.").check();
  await page.getByLabel("I have no interest that could conflict with assignments for the programme.").check();
  await page.getByRole("button", { name: "Submit my application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your e-mail" })).toBeVisible();

  await page.goto(await linkMailedTo(email, /Confirm your e-mail address/));
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your e-mail address" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your address is confirmed" })).toBeVisible();
});

test("an expert signs in by an e-mailed link, edits the profile and erases it", async ({ page }) => {
  const email = freshAddress("ana.space");
  await fillApplication(page, email);
  await page.getByLabel("I agree that the programme keeps my profile for this purpose and this time.").check();
  await page.getByLabel("I have no interest that could conflict with assignments for the programme.").check();
  await page.getByRole("button", { name: "Submit my application" }).click();

  await page.goto("/experts/sign-in");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("If a profile uses this address, a sign-in link is on its way");
  await page.goto(await linkMailedTo(email, /Your sign-in link/));
  await page.getByRole("button", { name: "Open my profile" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your expert profile" })).toBeVisible();
  await expect(page.getByText("Your profile is on the roster")).toBeVisible();

  await page.getByRole("link", { name: /^Change\s*: Professional profile$/ }).click();
  await page.getByLabel("Current position").fill("Professor of migration studies");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toHaveText("Your changes are saved.");
  await expect(page.getByText("Professor of migration studies")).toBeVisible();

  await page.getByRole("link", { name: "Withdraw my consent and erase my profile" }).click();
  await page.getByRole("button", { name: "Erase my profile for good" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your profile is erased" })).toBeVisible();
  await page.goto("/experts/me");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to your expert profile" })).toBeVisible();
});

test("a step with problems says why next to each field and keeps the answers", async ({ page }) => {
  await page.goto("/experts/apply");
  await page.getByLabel("Full name").fill("Ana Exemplo");
  await page.getByLabel("E-mail address").fill("not an address");
  await page.getByRole("button", { name: "Save and continue" }).click();
  const email = page.getByLabel("E-mail address");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription(/Enter an e-mail address such as name@ministry\.gov\./);
  await expect(page.getByLabel("Nationality")).toHaveAccessibleDescription(/This answer is required\./);
  await expect(page.getByLabel("Full name")).toHaveValue("Ana Exemplo");
  if (test.info().project.name === "with-js") {
    // Checked in the browser before sending: the first wrong field gets focus.
    await expect(email).toBeFocused();
  }
});

test("consent is needed, and the application says so without losing the declaration", async ({ page }) => {
  await fillApplication(page, freshAddress("no.consent"));
  await page.getByLabel("I have interests to declare.").check();
  await page.getByRole("button", { name: "Submit my application" }).click();
  await expect(page.getByRole("group", { name: "Consent" })).toHaveAccessibleDescription(/only with your consent/);
  await expect(page.getByLabel("I have interests to declare.")).toBeChecked();
});

test("the application speaks French, messages included", async ({ page }) => {
  await page.goto("/language/fr?next=/experts/apply");
  await expect(page.getByRole("heading", { level: 1, name: "Rejoindre la liste d'experts" })).toBeVisible();
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(page.getByLabel("Nom complet")).toHaveAccessibleDescription(/Cette réponse est obligatoire\./);
  await page.goto("/language/en?next=/");
});

test.describe("accessibility of the roster application", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "axe-core runs inside the page");

  test("axe finds no serious violation on any step, the errors, the e-mail pages and the expert's space", async ({ page }) => {
    // Every step, e-mail page and space page, each checked by axe: near the default 30 s
    // when the machine is busy.
    test.slow();
    const check = () => expectNoSeriousViolation(page);
    const email = freshAddress("ana.axe");
    await fillApplication(page, email, check);
    await check();
    await page.getByRole("button", { name: "Submit my application" }).click();
    await check();
    await page.getByLabel("I agree that the programme keeps my profile for this purpose and this time.").check();
    await page.getByLabel("I have no interest that could conflict with assignments for the programme.").check();
    await page.getByRole("button", { name: "Submit my application" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Check your e-mail" })).toBeVisible();
    await check();
    await page.goto(await linkMailedTo(email, /Confirm your e-mail address/));
    await check();
    await page.goto("/experts/sign-in");
    await check();
    await page.getByLabel("E-mail address").fill(email);
    await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
    await check();
    await page.goto(await linkMailedTo(email, /Your sign-in link/));
    await check();
    await page.getByRole("button", { name: "Open my profile" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your expert profile" })).toBeVisible();
    await check();
    await page.goto("/experts/me/availability");
    await check();
    await page.goto("/experts/me/sessions");
    await expect(page.getByRole("cell", { name: "This browser" })).toBeVisible();
    await check();
    await page.goto("/experts/me/erase");
    await check();
  });
});
