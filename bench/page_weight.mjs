// Prints the bytes a reader's browser transfers for each page: first load with a cold cache
// (by kind: HTML, CSS, JS, wasm, other) and a repeat visit in the same browser. Bytes are
// those on the wire (brotli where the server compresses), from Chromium's network log.
// Usage: node bench/page_weight.mjs [base-url] [path ...]
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// Playwright is installed in end2end/ (one node_modules for tests and benchmarks).
const require = createRequire(fileURLToPath(new URL("../end2end/package.json", import.meta.url)));
const { chromium } = require("@playwright/test");

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const paths = process.argv.length > 3
  ? process.argv.slice(3)
  : ["/", "/interventions", "/interventions/mieux-angola-legislation-asylum", "/requests/new", "/experts/apply", "/staff/login"];
const kib = (n) => (n / 1024).toFixed(1).padStart(6);

function kindOf(url, mime) {
  if (url.endsWith(".wasm") || mime.includes("wasm")) return "wasm";
  if (mime.includes("javascript")) return "js";
  if (mime.includes("css")) return "css";
  if (mime.includes("html")) return "html";
  return "other";
}

async function visit(page, cdp, url) {
  const requests = new Map();
  const onResponse = (e) => requests.set(e.requestId, { url: e.response.url, mime: e.response.mimeType, bytes: 0 });
  const onFinished = (e) => { const r = requests.get(e.requestId); if (r) r.bytes = e.encodedDataLength; };
  cdp.on("Network.responseReceived", onResponse);
  cdp.on("Network.loadingFinished", onFinished);
  await page.goto(url, { waitUntil: "networkidle" });
  cdp.off("Network.responseReceived", onResponse);
  cdp.off("Network.loadingFinished", onFinished);
  const totals = { html: 0, css: 0, js: 0, wasm: 0, other: 0 };
  let foreign = 0;
  for (const r of requests.values()) {
    totals[kindOf(r.url, r.mime)] += r.bytes;
    if (!r.url.startsWith(base) && !r.url.startsWith("data:")) foreign += 1;
  }
  return { totals, count: requests.size, foreign };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
console.log("page                                          | first load KiB: html    css     js   wasm  other  total | JS+wasm | repeat KiB | other hosts");
for (const path of paths) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const first = await visit(page, cdp, base + path);
  const repeat = await visit(page, cdp, base + path);
  const t = first.totals;
  const total = t.html + t.css + t.js + t.wasm + t.other;
  const repeatTotal = Object.values(repeat.totals).reduce((a, b) => a + b, 0);
  console.log(
    `${path.padEnd(46)}| ${kib(t.html)} ${kib(t.css)} ${kib(t.js)} ${kib(t.wasm)} ${kib(t.other)} ${kib(total)} | ${kib(t.js + t.wasm)} | ${kib(repeatTotal)}     | ${first.foreign + repeat.foreign}`,
  );
  await context.close();
}
await browser.close();
