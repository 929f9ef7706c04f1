import { IntercomError } from "./errors.js";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** Headers that carry credentials: they never follow a redirect to another origin. */
const CREDENTIALS = ["authorization", "cookie", "proxy-authorization"];

/**
 * Follows redirects itself so that the token never reaches another origin, whatever the fetch
 * implementation does (the Fetch standard strips Authorization across origins, but not every
 * fetch a caller may pass in does). Same-origin hops keep every header. In a browser, where a
 * manual redirect is opaque, the request is sent again with the platform's own following, which
 * applies the standard's rule.
 */
export function followRedirects(fetchImpl: typeof globalThis.fetch) {
  return async (request: Request, init?: RequestInit): Promise<Response> => {
    if (request.redirect !== "follow") return fetchImpl(request, init);
    let current = request;
    for (let hop = 0; ; hop++) {
      // The body of a 307/308 must be sent again, so keep a copy before this hop consumes it.
      const replay = current.body ? current.clone() : undefined;
      // `redirect` in init overrides the request's own, without copying the request first.
      const response = await fetchImpl(current, { ...init, redirect: "manual" });
      if (response.type === "opaqueredirect") return fetchImpl(replay ?? current, init);
      if (!REDIRECTS.has(response.status)) return response;
      const location = response.headers.get("location");
      if (!location) return response;
      await response.body?.cancel();
      // Not a TypeError, which would read as a network failure and be retried: a loop stays a loop.
      if (hop >= MAX_REDIRECTS) {
        throw new IntercomError(`${request.method} ${new URL(request.url).pathname}: more than ${MAX_REDIRECTS} redirects (a redirect loop?)`, {
          status: response.status,
          code: "too_many_redirects",
        });
      }

      const url = new URL(location, current.url);
      const headers = new Headers(current.headers);
      if (url.origin !== new URL(current.url).origin) for (const name of CREDENTIALS) headers.delete(name);
      const toGet = response.status === 303 || ((response.status === 301 || response.status === 302) && current.method === "POST");
      if (toGet) {
        headers.delete("content-type");
        headers.delete("content-length");
      }
      current = new Request(url, {
        method: toGet ? "GET" : current.method,
        headers,
        body: toGet ? undefined : replay?.body,
        signal: current.signal,
        redirect: "follow",
        // @ts-expect-error Node's fetch needs duplex for a streamed body; the DOM types lack it.
        duplex: "half",
      });
    }
  };
}
