import { startMailCatcher } from "./mail-catcher";

/** Where the stand-in mail server writes what the portal sends (see scripts/test). */
export const MAIL_PORT = Number(process.env.E2E_SMTP_PORT ?? 2525);
export const MAIL_FOLDER = process.env.E2E_MAIL_DIR ?? "/tmp/portal-e2e-mail";

// cargo leptos end-to-end starts the server and the tests together: start the mail
// catcher the portal delivers to, then wait until the portal answers.
export default async function globalSetup() {
  const catcher = await startMailCatcher(MAIL_PORT, MAIL_FOLDER);
  const base = process.env.PORTAL_URL ?? "http://127.0.0.1:3000";
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return () => new Promise((resolve) => catcher.close(resolve));
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`portal did not answer at ${base}/healthz within 120 s`);
}
