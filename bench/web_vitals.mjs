// Lab Web Vitals of each page under Slow 4G, in Debian's Chromium through the DevTools
// protocol: Largest Contentful Paint, Total Blocking Time and Cumulative Layout Shift, with a
// cold cache, median of `runs` loads. Prints figures only.
//
// Slow 4G as Lighthouse applies it with DevTools throttling: 562.5 ms per request
// (150 ms round trip x 3.75), 1,474.56 kbit/s down (1.6 Mbit/s x 0.9), 675 kbit/s up, and
// the CPU slowed 4x.
// - LCP: the last `largest-contentful-paint` entry.
// - TBT: the time beyond 50 ms of every long task after First Contentful Paint, until the
//   page has been quiet for 5 s (an upper bound of Lighthouse's, which stops at Time to
//   Interactive).
// - CLS: every layout shift not caused by input, summed (an upper bound of the session
//   window Lighthouse reports).
// Usage: node bench/web_vitals.mjs base-url runs path...
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(fileURLToPath(new URL("../end2end/package.json", import.meta.url)));
const { chromium } = require("@playwright/test");

const [base, runsArg, ...paths] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);

const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1474.56 * 1000) / 8, uploadThroughput: (675 * 1000) / 8 };
const CPU_SLOWDOWN = 4;
const QUIET_MS = 5000;

// Runs in the page before any of its scripts: keeps every entry the three figures need.
const OBSERVE = () => {
  window.__vitals = { lcp: 0, cls: 0, longTasks: [], fcp: 0 };
  const observe = (type, handle) => new PerformanceObserver((list) => list.getEntries().forEach(handle)).observe({ type, buffered: true });
  observe("largest-contentful-paint", (e) => { window.__vitals.lcp = e.renderTime || e.loadTime || e.startTime; });
  observe("layout-shift", (e) => { if (!e.hadRecentInput) window.__vitals.cls += e.value; });
  observe("longtask", (e) => window.__vitals.longTasks.push([e.startTime, e.duration]));
  observe("paint", (e) => { if (e.name === "first-contentful-paint") window.__vitals.fcp = e.startTime; });
};

async function load(browser, url) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  await page.addInitScript(OBSERVE);
  await page.goto(url, { waitUntil: "load", timeout: 120000 });
  // Quiet: no long task and no request for QUIET_MS.
  let last = -1;
  for (;;) {
    await page.waitForTimeout(QUIET_MS);
    const count = await page.evaluate(() => window.__vitals.longTasks.length + performance.getEntriesByType("resource").length);
    if (count === last) break;
    last = count;
  }
  const v = await page.evaluate(() => window.__vitals);
  await context.close();
  const tbt = v.longTasks.filter(([start]) => start >= v.fcp).reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
  return { fcp: v.fcp, lcp: v.lcp, tbt, cls: v.cls };
}

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
console.log(`page                                   | FCP ms | LCP ms | TBT ms |   CLS  (median of ${runs}, Slow 4G, CPU 4x)`);
for (const path of paths) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await load(browser, base + path));
  const pick = (key) => median(results.map((r) => r[key]));
  console.log(
    `${path.padEnd(39)}| ${pick("fcp").toFixed(0).padStart(6)} | ${pick("lcp").toFixed(0).padStart(6)} | ${pick("tbt").toFixed(0).padStart(6)} | ${pick("cls").toFixed(3).padStart(6)}`,
  );
}
await browser.close();
