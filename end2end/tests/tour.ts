import { expect, Page } from "@playwright/test";
import { managementUnit } from "./journeys";

/** One page of the tour: a short name (the screenshot's file name) and its path. */
export type Stop = { name: string; path: string };

/** The two widths every page is laid out for: a small phone and a laptop. */
export const WIDTHS = [390, 1280] as const;

/** The first link on `path` whose address matches `pattern` (to reach the demo's records). */
async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string> {
  await page.goto(path);
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link matching ${pattern} on ${path}`).toBeTruthy();
  return href!;
}

/** The public pages a first-time visitor meets, found from the demo data. */
export async function publicStops(page: Page): Promise<Stop[]> {
  const intervention = await firstLink(page, "/interventions", /^\/interventions\/[a-z0-9-]+$/);
  const call = await firstLink(page, "/grants", /^\/grants\/[a-z0-9-]+$/);
  return [
    { name: "home", path: "/" },
    { name: "map", path: "/interventions" },
    { name: "map-region", path: "/interventions?region=Pacific" },
    { name: "intervention", path: intervention },
    { name: "open-data", path: "/data" },
    { name: "request-form", path: "/requests/new" },
    { name: "expert-form", path: "/experts/apply" },
    { name: "expert-sign-in", path: "/experts/sign-in" },
    { name: "grants", path: "/grants" },
    { name: "grant-call", path: call },
    { name: "staff-sign-in", path: "/staff/login" },
  ];
}

/** The back office's pages, as the demo management unit sees them (signs `page` in; the
 * first page it lands on is not asserted, so the tour also runs on earlier versions). */
export async function staffStops(page: Page): Promise<Stop[]> {
  await page.goto("/staff/login");
  await page.getByLabel("E-mail address").fill(managementUnit.email);
  await page.getByLabel("Password").fill(managementUnit.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  const underWay = await firstLink(page, "/staff?stage=ta_intervention", /^\/staff\/requests\/TA-/);
  const submitted = await firstLink(page, "/staff?stage=submitted", /^\/staff\/requests\/TA-/);
  const expert = await firstLink(page, "/staff/experts", /^\/staff\/experts\/\d+$/);
  const call = await firstLink(page, "/staff/grants", /^\/staff\/grants\/\d+$/);
  const application = await firstLink(page, call, /^\/staff\/grants\/applications\//);
  return [
    { name: "staff-home", path: "/staff" },
    { name: "staff-requests", path: "/staff/requests" },
    { name: "staff-request-submitted", path: submitted },
    { name: "staff-request-under-way", path: underWay },
    { name: "staff-fiche", path: `${underWay}/fiche` },
    { name: "staff-baseline", path: `${underWay}/baseline` },
    { name: "staff-intervention", path: `${underWay}/intervention` },
    { name: "staff-completion", path: `${underWay}/completion` },
    { name: "staff-history", path: `${underWay}/history` },
    { name: "staff-roster", path: "/staff/experts" },
    { name: "staff-expert", path: expert },
    { name: "staff-grants", path: "/staff/grants" },
    { name: "staff-call", path: call },
    { name: "staff-application", path: application },
    { name: "staff-interventions", path: "/staff/interventions" },
    { name: "staff-outbox", path: "/staff/outbox" },
    { name: "staff-sessions", path: "/staff/sessions" },
  ];
}

/** How far the page scrolls sideways at the current width (0 when it fits). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
