// The app's scenarios in a browser page, with the fake behind MSW's service worker: the app is
// given no baseUrl and no fetch, so it calls Intercom's own host with the page's fetch, and the
// worker hands each request to the fake. Bundled with msw's mockServiceWorker.js served at the
// page's root; the page reports `{ controlled, results }` to `/__report` (test/examples-chromium.test.ts).
import { setupWorker } from "msw/browser";
import { handlersFor } from "intercom-fetch/testing/msw";
import { createVipSync } from "../app.mjs";
import { scenarios, workspace } from "./scenarios.mjs";

const worker = setupWorker();
await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "bypass", quiet: true });

const results = [];
for (const scenario of scenarios) {
  const { fake, receiver } = workspace();
  worker.resetHandlers(...handlersFor(fake));
  const app = createVipSync({ token: fake.token });
  try {
    await scenario.run({ fake, app, receiver });
    results.push({ name: scenario.name, status: "pass" });
  } catch (error) {
    results.push({ name: scenario.name, status: "fail", error: String(error?.stack ?? error) });
  }
}
const controlled = navigator.serviceWorker.controller !== null;
worker.stop();
await fetch("/__report", { method: "POST", body: JSON.stringify({ controlled, results }) });
