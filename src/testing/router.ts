// Matches a request to a route by method and path template (`/contacts/{contact_id}`).
import type { FakeDescription } from "./description.js";
import type { FakeManifest } from "./manifest.js";
import type { Json, Workspace } from "./store.js";

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `{}` when there was none. */
  body: Json;
  ws: Workspace;
  manifest: FakeManifest;
  description: FakeDescription | undefined;
}

/** What a route answers: a Response as it is, anything else as a 200 JSON body. */
export type RouteResult = Response | Json;

export interface Route {
  method: "get" | "post" | "put" | "delete";
  path: string;
  handle(request: RouteRequest): RouteResult;
}

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export function createRouter(routes: readonly Route[]) {
  const compiled: Compiled[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([a-z_]+)\}/g, (_, name: string) => (names.push(name), "([^/]+)"));
    return { route, pattern: new RegExp(`^${source}/?$`), names };
  });
  return {
    /** The route and its path parameters, or `undefined`; `allowed` lists the methods the path has. */
    match(method: string, pathname: string): { route: Route; params: Record<string, string> } | { route: undefined; allowed: string[] } {
      const allowed: string[] = [];
      for (const { route, pattern, names } of compiled) {
        const m = pattern.exec(pathname);
        if (!m) continue;
        if (route.method !== method) {
          allowed.push(route.method);
          continue;
        }
        const params: Record<string, string> = {};
        names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
        return { route, params };
      }
      return { route: undefined, allowed };
    },
    routes,
  };
}
