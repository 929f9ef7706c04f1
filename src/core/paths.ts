import { defaultPathSerializer, type Middleware } from "openapi-fetch";

/**
 * A segment that URL normalisation removes or folds into its parent: empty, `.` or `..`, with any
 * dot written as `%2e` (the URL standard treats `%2e` as a dot in a path).
 */
const SHAPE_CHANGING = /^(?:\.|%2e){0,2}$/i;
const PARAM = /\{[.;]?([^}*]+)\*?\}/g;

/**
 * A path split at its slashes, kept per path: a client calls the same few templates over and over,
 * so each is split once rather than on every call. Only what openapi-fetch gets from the caller's
 * `schemaPath` lands here; the cap keeps a program that builds paths on the fly from growing it.
 */
const splits = new Map<string, readonly string[]>();
function segmentsOf(path: string): readonly string[] {
  let segments = splits.get(path);
  if (!segments) {
    if (splits.size >= 1000) splits.clear();
    segments = path.split("/");
    splits.set(path, segments);
  }
  return segments;
}

/**
 * openapi-fetch's own serializer, refusing a path parameter that would change the path's shape.
 * `encodeURIComponent` encodes `/`, `?` and `#` but leaves dots alone, and the URL parser then
 * resolves `..`: `DELETE /contacts/{contact_id}/tags/{tag_id}` with `contact_id: ".."` would be
 * sent as `DELETE /tags/42`. Ids often come from users and webhooks, so each substituted segment
 * must stay one non-empty, non-dot segment; a missing value is refused too, rather than sent as
 * a literal `{contact_id}`. The value is never quoted but for those few shapes: an id is not a
 * secret, but the message names only the parameter and the template.
 */
export function createPathSerializer(baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, "");
  return (pathname: string, params: Record<string, unknown>): string => {
    const template = segmentsOf(pathname);
    let segments: string[] | undefined;
    for (let i = 0; i < template.length; i++) {
      const segment = template[i]!;
      if (!segment.includes("{")) continue;
      const out = defaultPathSerializer(segment, params);
      // A value left out keeps its `{name}`: encoded values never hold a brace.
      if (out.includes("{") || SHAPE_CHANGING.test(out)) refuse(segment, out, params, pathname.startsWith(base) ? pathname.slice(base.length) : pathname);
      segments ??= template.slice();
      segments[i] = out;
    }
    return segments ? segments.join("/") : pathname;
  };
}

function refuse(segment: string, out: string, params: Record<string, unknown>, template: string): never {
  const names = [...segment.matchAll(PARAM)].map((m) => m[1]!);
  const missing = names.find((name) => params[name] === undefined || params[name] === null);
  if (missing) throw new TypeError(`intercom-fetch: path parameter \`${missing}\` of ${template} is missing`);
  const which = names.map((n) => `\`${n}\``).join(", ");
  throw new TypeError(`intercom-fetch: path parameter ${which} of ${template} is ${out === "" ? "empty" : JSON.stringify(out)}, which would send the request to another path; pass an id`);
}

/**
 * A last check on the URL about to be sent, whatever built it (a per-call `pathSerializer` or
 * `baseUrl`, a middleware): it must be on the client's origin, under its base path, with as many
 * segments as the operation's template and the template's fixed segments in place. Redirects are
 * not this check's business: they are followed by the transport, which drops credentials across
 * origins.
 */
export function createUrlGuard(baseUrl: string): Middleware {
  const prefix = new URL(`${baseUrl.replace(/\/+$/, "")}/`).href;
  return {
    onRequest({ request, schemaPath }) {
      checkUrl(request.url, prefix, schemaPath, request.method);
      return undefined;
    },
  };
}

/** Throws a TypeError when `url` left `prefix` (origin and base path, ending in `/`) or the shape of `schemaPath`. */
export function checkUrl(url: string, prefix: string, schemaPath: string, method = "GET"): void {
  const where = `${method} ${schemaPath}`;
  if (!url.startsWith(prefix)) {
    throw new TypeError(`intercom-fetch: ${where} would be sent outside the client's base URL; refused`);
  }
  const end = url.search(/[?#]/);
  const path = url.slice(prefix.length - 1, end === -1 ? undefined : end).split("/");
  const template = segmentsOf(schemaPath);
  const same = path.length === template.length && template.every((part, i) => (part.includes("{") ? !SHAPE_CHANGING.test(path[i]!) : part === path[i]));
  if (!same) throw new TypeError(`intercom-fetch: ${where} would be sent to another path than its template; refused`);
}
