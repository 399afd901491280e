import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// Screenshots of every page of the tour at both widths (not a test: `scripts/screenshots`).
export default defineConfig({
  ...base,
  testDir: "./screenshots",
  globalSetup: undefined,
  timeout: 300_000,
  projects: [{ name: "screenshots", use: { javaScriptEnabled: true } }],
});
