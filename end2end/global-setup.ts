// cargo leptos end-to-end starts the server and the tests together: wait until it answers.
export default async function globalSetup() {
  const base = process.env.PORTAL_URL ?? "http://127.0.0.1:3000";
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`portal did not answer at ${base}/healthz within 120 s`);
}
