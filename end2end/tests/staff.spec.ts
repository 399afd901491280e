import { test, expect } from "@playwright/test";
import {
  consultationDeadlinePasses,
  coordinator,
  expectNoSeriousViolation,
  expectValidIati,
  fillRequest,
  linkMailedTo,
  managementUnit,
  signIn,
} from "./journeys";


test("a coordinator takes a request through every stage and publishes it on the map", async ({ page, browser, javaScriptEnabled }) => {
  // Every stage's page, with an accessibility check on most: longer than one page's test.
  test.slow();
  const institution = `Ministry of Labour, staff journey (${test.info().project.name})`;
  const official = await fillRequest(page, institution);
  await page.getByRole("button", { name: "Submit the request" }).click();
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  const reference = heading!.replace("Request ", "").trim();
  const tracking = page.url().replace("?submitted=1", "");
  await expect(page.getByText(/Government of Senegal – A\. Director: asked on .*, not endorsed yet/)).toBeVisible();

  await signIn(page);
  await page.goto("/staff/requests");
  await page.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Request ${reference}` })).toBeVisible();
  const letter = page.getByRole("link", { name: "Request letter.pdf" });
  const download = await page.request.get((await letter.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  // Not before the accountable official endorses the request, by the link e-mailed to them.
  await page.getByRole("button", { name: "Move to: Concept note" }).click();
  await expect(page.getByRole("status")).toContainText("must endorse the request before it moves on");
  await page.goto(await linkMailedTo(official, new RegExp(`${reference}: your endorsement is asked for`)));
  await expect(page.getByRole("heading", { level: 1, name: "Endorse a request for technical assistance" })).toBeVisible();
  await expect(page.getByText(institution).first()).toBeVisible();
  if (javaScriptEnabled) await expectNoSeriousViolation(page);
  await page.getByRole("button", { name: "I endorse this request" }).click();
  await expect(page.getByRole("status")).toContainText("Thank you: your endorsement was recorded");
  await page.goto(`/staff/requests/${reference}`);
  await expect(page.getByText("Every requesting government has endorsed the request.")).toBeVisible();
  const moved = "The request has moved and the requester has been told.";
  await page.getByRole("button", { name: "Move to: Concept note" }).click();
  await expect(page.getByRole("status")).toContainText(moved);
  // No TA fiche before the requester agrees to a concept note.
  await page.getByRole("button", { name: "Move to: TA fiche" }).click();
  await expect(page.getByRole("status")).toHaveText("The request goes on to the TA fiche once the requester agrees to the latest concept note.");

  // The note starts from the request's answers; what is missing is asked next to its field.
  await expect(page.getByLabel("Context", { exact: true })).toHaveValue(/draft regulations/);
  await page.getByLabel("Proposed approach").fill("A fact-finding mission, then a joint drafting session.");
  await page.getByLabel("Indicative timeline").fill("In May.");
  await page.getByRole("button", { name: "Save and send to the requester" }).click();
  await expect(page.locator("#timeline-error")).toHaveText("Please write a little more: at least 20 characters.");
  await expect(page.getByLabel("Proposed approach")).toHaveValue("A fact-finding mission, then a joint drafting session.");
  await page.getByLabel("Indicative timeline").fill("Fact-finding mission in March 2027, drafting session in May 2027.");
  await page.getByRole("button", { name: "Save and send to the requester" }).click();
  await expect(page.getByRole("status")).toHaveText("The concept note was saved and the requester told.");
  if (javaScriptEnabled) await expectNoSeriousViolation(page);

  // The requester reads it by the tracking link, comments and agrees.
  await page.goto(tracking);
  await expect(page.getByRole("heading", { level: 2, name: "Concept note" })).toBeVisible();
  await expect(page.getByText("A fact-finding mission, then a joint drafting session.")).toBeVisible();
  await page.getByLabel("Your comment on the concept note").fill("Could the labour inspectorate join the drafting session?");
  await page.getByRole("button", { name: "Send the comment" }).click();
  await expect(page.getByRole("status")).toHaveText("Your comment was sent to the programme's staff.");
  await page.getByRole("button", { name: "I agree to this concept note" }).click();
  await expect(page.getByRole("status")).toHaveText("Thank you: your agreement is recorded.");
  await expect(page.getByText(/You agreed to this version on/)).toBeVisible();
  if (javaScriptEnabled) await expectNoSeriousViolation(page);

  await page.goto(`/staff/requests/${reference}`);
  await expect(page.getByText("Could the labour inspectorate join the drafting session?")).toBeVisible();
  await expect(page.getByText(/The requester agreed to this version on/)).toBeVisible();
  await page.getByRole("button", { name: "Move to: TA fiche" }).click();
  await expect(page.getByRole("status")).toContainText(moved);
  // No baseline before the fiche holds objectives, a result with an indicator and an activity.
  const needsFiche = /once the TA fiche has objectives/;
  await page.getByRole("button", { name: "Move to: Baseline assessment" }).click();
  await expect(page.getByRole("status")).toHaveText(needsFiche);

  // The fiche, part by part on its own page; a problem is said by its field, the rest kept.
  await page.getByRole("link", { name: "Open the TA fiche" }).click();
  await page.getByLabel("Objectives", { exact: true }).fill("Regulations that put the labour migration policy into practice.");
  await page.getByLabel("EU Delegation").check();
  await page.getByLabel(/SDG 10\.7/).check();
  await page.getByRole("button", { name: "Save objectives and partners" }).click();
  await expect(page.getByRole("status")).toHaveText("The TA fiche was saved.");
  await page.getByLabel("Expected result", { exact: true }).fill("Draft regulations are ready for the Council of Ministers.");
  await page.getByRole("button", { name: "Add the result" }).click();
  await page.getByLabel("Result it measures").selectOption({ index: 1 });
  await page.getByLabel("Indicator", { exact: true }).fill("Regulations drafted");
  await page.getByLabel("Unit", { exact: true }).fill("draft texts");
  await page.getByLabel("Target", { exact: true }).fill("1");
  await page.getByLabel("Means of verification").fill("Draft submitted to the Council");
  await page.getByRole("button", { name: "Add the indicator" }).click();
  await expect(page.getByRole("status")).toHaveText("The TA fiche was saved.");
  await page.getByLabel("Kind of activity").selectOption("joint_drafting_session");
  await page.getByLabel("Title", { exact: true }).fill("Drafting session with the legal unit");
  await page.getByLabel("First day").fill("2027-05-12");
  await page.getByLabel("Last day").fill("2027-05-10");
  await page.getByLabel("Language of the activity").selectOption("fr");
  await page.getByLabel("Participants expected").fill("18");
  await page.getByRole("button", { name: "Add the activity" }).click();
  await expect(page.locator("#ends_on-error")).not.toBeEmpty();
  await expect(page.locator("#place-error")).toHaveText("This answer is required.");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Drafting session with the legal unit");
  await page.getByLabel("Last day").fill("2027-05-14");
  await page.getByLabel(/^Place/).fill("Dakar, Senegal");
  await page.getByRole("button", { name: "Add the activity" }).click();
  await expect(page.getByRole("status")).toHaveText("The TA fiche was saved.");
  await expect(page.getByRole("cell", { name: "Drafting session with the legal unit", exact: true })).toBeVisible();
  await page.getByLabel("Kind of activity").selectOption("workshop");
  await page.getByLabel("Title", { exact: true }).fill("Validation workshop with the social partners");
  await page.getByLabel("First day").fill("2027-06-08");
  await page.getByLabel("Last day").fill("2027-06-08");
  await page.getByLabel(/^Place/).fill("Thiès, Senegal");
  await page.getByLabel("Language of the activity").selectOption("fr");
  await page.getByLabel("Participants expected").fill("30");
  await page.getByRole("button", { name: "Add the activity" }).click();
  await expect(page.getByRole("cell", { name: "Validation workshop with the social partners", exact: true })).toBeVisible();
  await page.getByLabel("Profile", { exact: true }).fill("Legal drafter with labour law experience");
  await page.getByRole("checkbox", { name: "Labour migration" }).check();
  await page.getByRole("checkbox", { name: "French" }).check();
  await page.getByLabel("Working days (at most 60)").fill("25");
  await page.getByRole("button", { name: "Add the expert profile" }).click();
  await expect(page.getByRole("cell", { name: "Legal drafter with labour law experience", exact: true })).toBeVisible();
  // Printed, the fiche is its text and tables: no forms, buttons or site navigation.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("cell", { name: "Regulations drafted", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add the activity" })).toBeHidden();
  await expect(page.getByRole("button", { name: /^Remove/ }).first()).toBeHidden();
  await expect(page.locator(".site-header")).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  if (javaScriptEnabled) await expectNoSeriousViolation(page);

  // The requester reads the fiche by the tracking link.
  await page.goto(tracking);
  await expect(page.getByRole("heading", { level: 2, name: "TA fiche (terms of reference)" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Regulations drafted", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Remove/ })).toHaveCount(0);

  // The management unit sends the fiche for consultation; the requester agrees by their own link.
  const unit = await (await browser.newContext({ javaScriptEnabled, baseURL: test.info().project.use.baseURL })).newPage();
  await signIn(unit, managementUnit);
  await unit.goto(`/staff/requests/${reference}/fiche`);
  const inTenDays = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().slice(0, 16);
  await unit.getByLabel("Deadline", { exact: true }).fill(inTenDays);
  await unit.getByLabel("Other consultees").fill(`eu-delegation.${test.info().project.name}@example.org`);
  await unit.getByRole("button", { name: "Send for consultation" }).click();
  await expect(unit.getByRole("status")).toHaveText("The round is open and the invitations are on their way.");
  await expect(unit.getByRole("button", { name: "Add the activity" })).toHaveCount(0);
  if (javaScriptEnabled) await expectNoSeriousViolation(unit);
  await page.goto(await linkMailedTo("focal@example.org", new RegExp(`Consultation on the TA fiche of ${reference}`)));
  await expect(page.getByRole("cell", { name: "Regulations drafted", exact: true })).toBeVisible();
  // The deadline reads in its own offset; with JavaScript, on the reader's clock too.
  if (javaScriptEnabled) await expect(page.locator(".local-time")).toContainText("(on your clock:");
  else await expect(page.locator(".local-time")).toBeHidden();
  await page.getByRole("radio", { name: "I agree, with comments" }).check();
  await page.getByRole("button", { name: "Send my answer" }).click();
  await expect(page.locator("#comment-error")).toHaveText("This answer is required.");
  await expect(page.getByRole("radio", { name: "I agree, with comments" })).toBeChecked();
  await page.getByLabel(/^Comments, or the reason/).fill("Please invite the labour inspectorate.");
  await page.getByRole("button", { name: "Send my answer" }).click();
  await expect(page.getByRole("status")).toContainText("Thank you: your answer was recorded");
  if (javaScriptEnabled) await expectNoSeriousViolation(page);
  // The EU Delegation stays silent: the round waits for it until the deadline, then counts
  // its silence as agreement, and says so.
  await unit.goto(`/staff/requests/${reference}/fiche`);
  await expect(unit.getByText("Answers are awaited until the deadline.")).toBeVisible();
  await expect(unit.getByRole("cell", { name: "Please invite the labour inspectorate." })).toBeVisible();
  await consultationDeadlinePasses(reference);
  await unit.reload();
  await expect(unit.getByText("Closed: the fiche is agreed. Consultees silent at the deadline, counted as agreeing: 1.")).toBeVisible();
  await expect(unit.getByText("No answer by the deadline: counts as agreeing")).toBeVisible();
  await unit.context().close();

  await page.goto(`/staff/requests/${reference}`);
  await page.getByRole("button", { name: "Move to: Baseline assessment" }).click();
  await expect(page.getByRole("status")).toContainText(moved);
  // No intervention before the baseline holds findings, starting values and the report.
  await page.getByRole("button", { name: "Move to: TA intervention" }).click();
  await expect(page.getByRole("status")).toHaveText(/once the baseline has findings and recommendations/);

  // The baseline, part by part on its own page.
  await page.getByRole("link", { name: "Open the baseline assessment" }).click();
  const saved = page.getByText("The baseline assessment was saved.");
  await page.getByLabel("Findings", { exact: true }).fill("The ministry has no regulations yet; two drafts were never tabled.");
  await page.getByLabel("Recommendations", { exact: true }).fill("Start from the 2019 draft and consult the social partners.");
  await page.getByRole("button", { name: "Save findings and recommendations" }).click();
  await expect(saved).toBeVisible();
  await page.getByLabel("Indicator", { exact: true }).selectOption({ label: "Regulations drafted (draft texts)" });
  await page.getByLabel("Value at the start, in the indicator's unit").fill("0");
  await page.getByLabel("Measured on", { exact: true }).fill("2099-01-01");
  await page.getByLabel("Source", { exact: true }).fill("Ministry of Labour, register of draft texts");
  await page.getByRole("button", { name: "Save the starting value" }).click();
  await expect(page.locator("#measured_on-error")).toHaveText("Enter a day that has passed, or today.");
  await expect(page.getByLabel("Source", { exact: true })).toHaveValue("Ministry of Labour, register of draft texts");
  await page.getByLabel("Measured on", { exact: true }).fill("2026-11-30");
  await page.getByRole("button", { name: "Save the starting value" }).click();
  await expect(saved).toBeVisible();
  await expect(page.getByRole("cell", { name: "Ministry of Labour, register of draft texts" })).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Baseline assessment report");
  await page.getByRole("radio", { name: "The public and the requester" }).check();
  await page.getByLabel("The document", { exact: true }).setInputFiles({
    name: "baseline.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "Upload the document" }).click();
  await expect(saved).toBeVisible();
  const report = page.getByRole("link", { name: "Baseline assessment report" });
  expect((await page.request.get((await report.getAttribute("href"))!)).status()).toBe(200);
  if (javaScriptEnabled) await expectNoSeriousViolation(page);

  // The requester reads the baseline and downloads its public report by the tracking link.
  await page.goto(tracking);
  await expect(page.getByRole("heading", { level: 2, name: "Baseline assessment" })).toBeVisible();
  await expect(page.getByText("Start from the 2019 draft and consult the social partners.")).toBeVisible();
  const published = page.getByRole("link", { name: "Baseline assessment report" });
  expect((await page.request.get((await published.getAttribute("href"))!)).status()).toBe(200);

  await page.goto(`/staff/requests/${reference}`);
  await page.getByRole("button", { name: "Move to: TA intervention" }).click();
  await expect(page.getByRole("status")).toContainText(moved);
  // Not completed before an activity is recorded as carried out.
  await page.getByRole("button", { name: "Move to: Completed" }).click();
  await expect(page.getByRole("status")).toHaveText(/once at least one activity of the TA fiche is recorded/);

  // The intervention: the activity as carried out, and a public output.
  await page.getByRole("link", { name: "Open the intervention" }).click();
  await page.getByLabel("Activity of the fiche").selectOption({ index: 1 });
  await page.getByLabel("First day").fill("2026-11-02");
  await page.getByLabel("Last day").fill("2026-11-04");
  await page.getByLabel(/^Venue/).fill("Dakar, Ministry of Labour");
  await page.getByLabel("Women taking part", { exact: true }).fill("12");
  await page.getByLabel("Men taking part", { exact: true }).fill("10");
  await page.getByLabel("Everyone taking part", { exact: true }).fill("20");
  await page.getByRole("button", { name: "Save the activity" }).click();
  await expect(page.locator("#total-error")).toHaveText("The total must be at least the 22 women and men counted.");
  await expect(page.getByLabel(/^Venue/)).toHaveValue("Dakar, Ministry of Labour");
  await page.getByLabel("Everyone taking part", { exact: true }).fill("23");
  await page.getByRole("button", { name: "Save the activity" }).click();
  await expect(page.getByText("The intervention was saved.")).toBeVisible();
  await expect(page.getByRole("cell", { name: "23 (12 women, 10 men)" })).toBeVisible();
  await page.getByLabel("Activity of the fiche").selectOption({ label: "Validation workshop with the social partners (2027-06-08 – 2027-06-08)" });
  await page.getByLabel("First day").fill("2026-11-24");
  await page.getByLabel("Last day").fill("2026-11-24");
  await page.getByLabel(/^Venue/).fill("Thiès, regional labour office");
  await page.getByLabel("Women taking part", { exact: true }).fill("14");
  await page.getByLabel("Men taking part", { exact: true }).fill("15");
  await page.getByLabel("Everyone taking part", { exact: true }).fill("31");
  await page.getByRole("button", { name: "Save the activity" }).click();
  await expect(page.getByText("The intervention was saved.")).toBeVisible();
  await expect(page.getByRole("cell", { name: "31 (14 women, 15 men)" })).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Draft labour migration regulations");
  await page.getByRole("radio", { name: "The public and the requester" }).check();
  await page.getByLabel("The document", { exact: true }).setInputFiles({
    name: "regulations.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "Upload the document" }).click();
  await expect(page.getByRole("link", { name: "Draft labour migration regulations" })).toBeVisible();
  if (javaScriptEnabled) await expectNoSeriousViolation(page);
  await page.goto(tracking);
  await expect(page.getByRole("heading", { level: 2, name: "TA intervention" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Dakar, Ministry of Labour" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Draft labour migration regulations" })).toBeVisible();

  // Not completed before each indicator has its result and the lessons are written.
  await page.goto(`/staff/requests/${reference}`);
  await page.getByRole("button", { name: "Move to: Completed" }).click();
  await expect(page.getByRole("status")).toHaveText(/once each indicator of the TA fiche has its achieved value/);
  await page.getByRole("link", { name: "Open the results and completion" }).click();
  await page.getByLabel("Indicator", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel(/^Value reached/).fill("1");
  await page.getByRole("button", { name: "Save the result" }).click();
  // A value needs its day and source; what was typed stays.
  await expect(page.locator("#achieved_on-error")).toHaveText("This answer is required.");
  await expect(page.getByLabel(/^Value reached/)).toHaveValue("1");
  await page.getByLabel(/^Measured on/).fill("2026-11-20");
  await page.getByLabel(/^Source/).fill("Official gazette");
  await page.getByRole("button", { name: "Save the result" }).click();
  await expect(page.getByText("The results were saved.")).toBeVisible();
  await expect(page.getByRole("cell", { name: "1 (2026-11-20; Official gazette)" })).toBeVisible();
  await page.getByRole("textbox", { name: "Lessons learned" }).fill(
    "Drafting with the legal unit in the room saved a round of comments; start it earlier.",
  );
  await page.getByRole("button", { name: "Save the lessons" }).click();
  await expect(page.getByText("The results were saved.")).toBeVisible();
  if (javaScriptEnabled) await expectNoSeriousViolation(page);

  await page.goto(`/staff/requests/${reference}`);
  await page.getByRole("button", { name: "Move to: Completed" }).click();
  await expect(page.getByRole("status")).toContainText(moved);
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
  // Its public page shows the TA's work: the stage path, the activities, results and public outputs.
  await expect(page.getByRole("heading", { level: 2, name: "The technical assistance, stage by stage" })).toBeVisible();
  await expect(page.locator(".stage-path [aria-current=step]")).toHaveText("Completed");
  await expect(page.getByRole("cell", { name: "Dakar, Ministry of Labour" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "1 (2026-11-20; Official gazette)" })).toBeVisible();
  const output = page.getByRole("link", { name: "Draft labour migration regulations" });
  expect((await page.request.get((await output.getAttribute("href"))!)).status()).toBe(200);
  if (javaScriptEnabled) await expectNoSeriousViolation(page);

  await page.goto(`/interventions?q=${encodeURIComponent(title)}`);
  await expect(page.getByText("1 intervention found")).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  // The IATI file reports it with its results, its two activities' dates and its documents,
  // and stays valid against the 2.03 schema.
  const iati = await (await page.request.get("/api/v1/iati/activities.xml")).text();
  const identifier = `ACPMIG-${reference.toUpperCase()}</iati-identifier>`;
  const activity = iati.split("<iati-activity ").find((a) => a.includes(identifier));
  expect(activity, "the TA in the IATI file").toBeTruthy();
  expect(activity).toContain('<activity-status code="3"/>');
  expect(activity).toContain('<activity-date type="2" iso-date="2026-11-02"/>');
  expect(activity).toContain('<activity-date type="4" iso-date="2026-11-24"/>');
  expect(activity).toContain('<actual value="1">');
  expect(activity).toContain("<narrative>Draft labour migration regulations</narrative>");
  await expectValidIati(iati);

  // Kept for staff only, it leaves the map at once; axe checks the list that does it.
  await page.goto(`/staff/interventions?q=${encodeURIComponent(title)}`);
  // The button's name carries the row's title for screen readers (after a hidden colon).
  await page.locator("tr", { hasText: title }).getByRole("button", { name: /^Keep for staff only\W+Labour migration/ }).click();
  await expect(page.getByRole("status")).toHaveText(`“${title}” is now kept for staff only.`);
  if (javaScriptEnabled) await expectNoSeriousViolation(page);
  await page.goto(`/interventions?q=${encodeURIComponent(title)}`);
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);

  await page.goto(tracking);
  await expect(page.locator(".stage-path [aria-current=step]")).toHaveText("Completed");
  await expect(page.getByText("Nobody: the request is closed.")).toBeVisible();
  // The requester reads the results and assesses the TA; a missing answer is said by its question.
  await expect(page.getByRole("cell", { name: "1 (2026-11-20; Official gazette)" })).toBeVisible();
  const usefulness = page.getByRole("group", { name: "How useful was the assistance to your institution?" });
  await usefulness.getByRole("radio", { name: "5 – very" }).check();
  await page.getByRole("group", { name: "Does your institution want follow-up assistance?" }).getByRole("radio", { name: "Yes" }).check();
  await page.getByLabel(/^What follow-up would help/).fill("Training for the staff of the new border posts.");
  await page.getByRole("button", { name: "Send the assessment" }).click();
  await expect(page.locator("#satisfaction-error")).toHaveText("This answer is required.");
  await expect(page.getByLabel(/^What follow-up would help/)).toHaveValue("Training for the staff of the new border posts.");
  await page.getByRole("group", { name: "How satisfied are you with how it was run?" }).getByRole("radio", { name: "4" }).check();
  await page.getByRole("button", { name: "Send the assessment" }).click();
  await expect(page.getByRole("status")).toHaveText("Thank you: your assessment was received.");
  await expect(usefulness.getByRole("radio", { name: "5 – very" })).toBeChecked();
  if (javaScriptEnabled) await expectNoSeriousViolation(page);
  await page.goto(`/staff/requests/${reference}/completion`);
  await expect(page.getByText("Usefulness 5/5, satisfaction 4/5")).toBeVisible();

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

  test("axe finds no serious violation on sign-in, inbox, a request and its history", async ({ page }) => {
    const check = () => expectNoSeriousViolation(page);
    await page.goto("/staff/login");
    await check();
    await signIn(page);
    await check();
    await page.goto("/staff/requests");
    await check();
    await page.locator("table.list a").first().click();
    await expect(page.getByRole("heading", { level: 2, name: "Move the request" })).toBeVisible();
    await check();
    await page.getByRole("link", { name: "History of every change" }).click();
    await expect(page.getByRole("cell", { name: "Request submitted" })).toBeVisible();
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
