import { expect, Page } from "@playwright/test";

const long = "The ministry needs support to draft regulations for its new labour migration policy.";

/** A minimal well-formed PDF document. */
export const PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/** Fills and passes every step up to the review, as a ministry of Senegal, with a letter;
 * returns the accountable official's address (one of its own each time: the portal counts
 * the endorsement e-mails each address gets a day). */
export async function fillRequest(page: Page, institution: string): Promise<string> {
  const official = `director.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.org`;
  await page.goto("/requests/new");
  await expect(page.getByRole("heading", { level: 1, name: "Request technical assistance" })).toBeVisible();
  await page.getByLabel("The government of an ACP state").check();
  await page.getByLabel("Country", { exact: true }).selectOption({ label: "Senegal" });
  await page.getByLabel("Requesting institution (ministry, agency)").fill(institution);
  await page.getByLabel("Accountable official: name").fill("A. Director");
  await page.getByLabel("Accountable official: position").fill("Director General");
  await page.getByLabel("Accountable official: e-mail address").fill(official);
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
  return official;
}


/** The first link in the newest e-mail to `address` (waiting for the portal's mailer, which
 * delivers every few seconds), as a path on the portal. */
export async function linkMailedTo(address: string, subject: RegExp): Promise<string> {
  const { readdirSync, readFileSync } = await import("node:fs");
  const { MAIL_FOLDER } = await import("../global-setup");
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const messages = readdirSync(MAIL_FOLDER)
      .sort()
      .reverse()
      .map((name) => readFileSync(`${MAIL_FOLDER}/${name}`, "utf8"))
      // Quoted-printable soft line breaks and escapes, should the mailer use them.
      .map((text) => text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))));
    const message = messages.find((text) => new RegExp(`^To: .*${address.replace(/[.+]/g, "\\$&")}`, "mi").test(text) && subject.test(text));
    const link = message?.match(/https?:\/\/[^\s]+/)?.[0];
    if (link) return new URL(link).pathname;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no e-mail to ${address} matching ${subject} within 30 s`);
}

/** Time passes for request `reference`'s open consultation round: its deadline becomes a
 * minute ago, written straight into the portal's SQLite database (scripts/test names it in
 * `E2E_DATABASE`), as days going by would leave it. */
export async function consultationDeadlinePasses(reference: string) {
  const { execFileSync } = await import("node:child_process");
  const database = process.env.E2E_DATABASE;
  if (!database) throw new Error("E2E_DATABASE names the portal's database (see scripts/test)");
  const minuteAgo = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  if (!/^TA-\d{4}-\d{4,}$/.test(reference)) throw new Error(`not a reference: ${reference}`);
  const sql = `UPDATE ta_consultations SET deadline_at = '${minuteAgo}', remind_at = '${minuteAgo}'
    WHERE closed_at IS NULL AND request_id = (SELECT id FROM ta_requests WHERE reference = '${reference}');`;
  execFileSync("sqlite3", ["-cmd", ".timeout 10000", database, sql]);
}

/** The IATI activities file is valid against the 2.03 schema (xmllint, as in the server's
 * tests; the schemas come from scripts/setup). */
export async function expectValidIati(xml: string) {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const file = `${mkdtempSync(`${tmpdir()}/iati-`)}/activities.xml`;
  writeFileSync(file, xml);
  const schema = `${__dirname}/../.iati/2-03/schemas/iati-activities-schema.xsd`;
  execFileSync("xmllint", ["--noout", "--schema", schema, file], { stdio: "pipe" });
}

/** Axe finds no serious or critical violation on the page as it is now. */
export async function expectNoSeriousViolation(page: Page) {
  const { default: AxeBuilder } = await import("@axe-core/playwright");
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

// Demo staff accounts exist because scripts/test starts the portal with PORTAL_DEMO_STAFF=true.
export const coordinator = { email: "west-africa@demo.invalid", password: "demo-password-2026" };
export const managementUnit = { email: "management@demo.invalid", password: "demo-password-2026" };

/** Signs in to the back office, as the demo coordinator for West Africa unless told; the
 * first page is "My work". */
export async function signIn(page: Page, account = coordinator) {
  await page.goto("/staff");
  await expect(page.getByRole("heading", { level: 1, name: "Staff sign-in" })).toBeVisible();
  await page.getByLabel("E-mail address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My work" })).toBeVisible();
}
