// `intercom-fetch/testing/msw`: the fake as MSW 2 request handlers, for apps that already mock
// with MSW (`setupServer` in Node, `setupWorker` in a browser's service worker). A subpath of its
// own, because it imports `msw`: `intercom-fetch/testing` stays free of it for everyone else.
import { http, type HttpHandler } from "msw";
import type { FakeIntercom } from "../fake.js";

export interface FakeHandlersOptions {
  /**
   * The origins to answer (default `fake.origins`: the fake's `baseUrl` and Intercom's own, one per
   * region). Requests to any other origin are left to your other handlers.
   */
  origins?: readonly string[];
}

function originOf(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {}
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    throw new TypeError(`handlersFor: \`origins\` must hold http(s) origins like "https://api.intercom.io", got ${JSON.stringify(value)}`);
  }
  return url.origin;
}

/**
 * MSW request handlers that answer every request to the fake's origins with the fake:
 * `setupServer(...handlersFor(fake))` or `setupWorker(...handlersFor(fake))`.
 */
export function handlersFor(fake: FakeIntercom, options: FakeHandlersOptions = {}): HttpHandler[] {
  if (typeof fake !== "object" || fake === null || typeof fake.fetch !== "function") {
    throw new TypeError('handlersFor: pass a fake from createFakeIntercom() of "intercom-fetch/testing"');
  }
  const origins = options.origins ?? fake.origins;
  if (!Array.isArray(origins) || origins.length === 0) throw new TypeError("handlersFor: `origins` must be a non-empty array of http(s) origins");
  return [...new Set(origins.map(originOf))].map((origin) => http.all(`${origin}/*`, ({ request }) => fake.fetch(request)));
}
