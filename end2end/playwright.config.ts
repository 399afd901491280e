import { defineConfig } from "@playwright/test";

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: process.env.PORTAL_URL ?? "http://127.0.0.1:3000",
    locale: "en-GB",
    launchOptions: chromium,
  },
  projects: [
    { name: "with-js", use: { javaScriptEnabled: true } },
    // axe-core needs JavaScript in the page, so accessibility.spec.ts runs with JS only.
    { name: "without-js", use: { javaScriptEnabled: false }, testIgnore: /accessibility\.spec\.ts/ },
  ],
});
