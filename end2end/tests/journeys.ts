import { expect, Page } from "@playwright/test";

const long = "The ministry needs support to draft regulations for its new labour migration policy.";

/** A minimal well-formed PDF document. */
export const PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/** Fills and passes every step up to the review, as a ministry of Senegal, with a letter. */
export async function fillRequest(page: Page, institution: string) {
  await page.goto("/requests/new");
  await expect(page.getByRole("heading", { level: 1, name: "Request technical assistance" })).toBeVisible();
  await page.getByLabel("The government of an ACP state").check();
  await page.getByLabel("Country", { exact: true }).selectOption({ label: "Senegal" });
  await page.getByLabel("Requesting institution (ministry, agency)").fill(institution);
  await page.getByLabel("Accountable official: name").fill("A. Director");
  await page.getByLabel("Accountable official: position").fill("Director General");
  await page.getByLabel("Language of work").selectOption({ label: "Français" });
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { name: "Step 2 of 5: Focal point" })).toBeVisible();
  await page.getByLabel("Full name").fill("Focal Example");
  await page.getByLabel("Position").fill("Policy officer");
  await page.getByLabel("E-mail address").fill("focal@example.org");
  await page.getByLabel("Telephone").fill("+221 33 000 00 00");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { name: "Step 3 of 5: The request" })).toBeVisible();
  await page.getByLabel("Labour migration").check();
  await page.getByLabel("Kind of assistance").selectOption({ label: "Capacity building" });
  for (const label of ["Background and problem", "Objectives", "Expected results", "Target beneficiaries"]) {
    await page.getByLabel(label, { exact: true }).fill(long);
  }
  await page.getByLabel("Preferred start (month)").fill("2027-03");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { name: "Step 4 of 5: Request letter" })).toBeVisible();
  await page.getByLabel("Official request letter (PDF)").setInputFiles({
    name: "Request letter.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from(PDF),
  });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { name: "Step 5 of 5: Review and submit" })).toBeVisible();
  await expect(page.getByText("Attached: Request letter.pdf")).toBeVisible();
}

